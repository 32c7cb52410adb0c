"""Cypher of the map page (`/karte`), as named constants.

The offer filters are the directory's own `OFFER_FILTERS` (Sozialraum with
city-wide offers, target group with narrower groups, topic), so the map shows
exactly the offers the listing API returns for the same choices. The kostenlos
flag is applied as the search applies it (`CANDIDATE_DETAILS`): only offers
marked free.
"""

from __future__ import annotations

from graph.collation import german_order
from graph.queries import OFFER_FILTERS

MAP_OFFER_FILTERS = OFFER_FILTERS + "  AND (NOT $free OR o.free = true)\n"

# Every institution when nothing is filtered ($filtered false), otherwise those with
# at least one matching public offer. `offer_sozialraeume` (from all its offers)
# only serves the placement fallback for institutions without a location.
MAP_INSTITUTIONS = f"""
MATCH (i:Institution)
WITH i, [(o:Offer)-[:OFFERED_BY]->(i) WHERE {MAP_OFFER_FILTERS} | o {{.id, .title}}] AS offers
WHERE NOT $filtered OR size(offers) > 0
OPTIONAL MATCH (i)-[:LOCATED_IN]->(t:Stadtteil)
RETURN i {{.id, .name, .category, .lat, .lon, .postal_code}} AS institution,
       t.id AS stadtteil_id,
       offers,
       [(i)<-[:OFFERED_BY]-(:Offer)-[:AVAILABLE_IN]->(s:Sozialraum) | s.id] AS offer_sozialraeume
ORDER BY {german_order('i.name')}, i.id
"""

MAP_STADTTEILE = f"""
MATCH (t:Stadtteil)
OPTIONAL MATCH (t)-[:IN]->(s:Sozialraum)
RETURN t {{.id, .name, .lat, .lon, plz: coalesce(t.plz, []),
          sozialraum_id: s.id, sozialraum: s.name}} AS stadtteil
ORDER BY {german_order('t.name')}, t.id
"""
