"""Cypher of the maintenance pages' reads (the writes are in graph/queries/editing.py)."""

from __future__ import annotations

from graph.collation import german_order
from graph.queries import INSTITUTION_FULLTEXT_INDEX, OFFER_IS_PUBLIC

# $ids null = everything (admins); otherwise only the user's own.
MANAGED_GREMIEN = """
MATCH (g:Gremium) WHERE $ids IS NULL OR g.id IN $ids
RETURN g {.id, .name, .kind, .version, .next_meetings,
          members: COUNT { (:Institution)-[:MEMBER_OF]->(g) }} AS gremium
ORDER BY """ + german_order("g.name")

MANAGED_INSTITUTIONS = f"""
MATCH (i:Institution) WHERE $ids IS NULL OR i.id IN $ids
RETURN i {{.id, .name, .category, .version,
          offers: [(o:Offer)-[:OFFERED_BY]->(i) WHERE {OFFER_IS_PUBLIC}
                   | o {{.id, .title, .status, .last_verified}}]}} AS institution
ORDER BY {german_order("i.name")}
"""

# Offers of member institutions that nobody confirmed within the cut-off (or ever).
UNVERIFIED_MEMBER_OFFERS = f"""
MATCH (g:Gremium)<-[:MEMBER_OF]-(i:Institution)<-[:OFFERED_BY]-(o:Offer)
WHERE ($ids IS NULL OR g.id IN $ids) AND {OFFER_IS_PUBLIC}
  AND (o.last_verified IS NULL OR o.last_verified < $cutoff)
RETURN g {{.id, .name, .version, agenda: coalesce(g.agenda, [])}} AS gremium,
       i {{.id, .name, .email}} AS institution,
       o {{.id, .title, .last_verified}} AS offer
ORDER BY {german_order("gremium.name")}, {german_order("institution.name")},
         {german_order("offer.title")}
"""

SEARCH_INSTITUTIONS = f"""
CALL db.index.fulltext.queryNodes('{INSTITUTION_FULLTEXT_INDEX}', $query, {{limit: $limit}})
YIELD node AS i, score
RETURN i.id AS id, i.name AS name,
       head([(i)-[:LOCATED_IN]->(t:Stadtteil) | t.name]) AS stadtteil
"""

INSTITUTION_EXISTS = "MATCH (i:Institution {id: $id}) RETURN i.name AS name"
INSTITUTION_NAMES = "MATCH (i:Institution) WHERE i.id IN $ids RETURN i.id AS id, i.name AS name"

DELETED_OFFERS = """
MATCH (o:Offer) WHERE o.deleted = true
RETURN o {.id, .title, .version, .deleted_at,
          provider: head([(o)-[:OFFERED_BY]->(i) | i.name])} AS offer
ORDER BY """ + german_order("o.title")

OFFER_INSTITUTION = "MATCH (:Offer {id: $id})-[:OFFERED_BY]->(i:Institution) RETURN i.id AS id"

VOCABULARY_CHOICES = """
CALL () {
  MATCH (t:TargetGroup) RETURN 'target_groups' AS kind, t.id AS id, t.name AS name
  UNION ALL MATCH (t:Topic) RETURN 'topics' AS kind, t.id AS id, t.name AS name
  UNION ALL MATCH (s:Sozialraum) RETURN 'sozialraeume' AS kind, s.id AS id, s.name AS name
  UNION ALL MATCH (d:Department) RETURN 'departments' AS kind, d.id AS id,
                                        coalesce(d.short, d.name) AS name
}
RETURN kind, id, name ORDER BY kind, """ + german_order("name")

INSTITUTION_CHOICES = ("MATCH (i:Institution) RETURN i.id AS id, i.name AS name ORDER BY "
                       + german_order("i.name"))

PROPOSED_INSTITUTIONS = """
MATCH (i:Institution) WHERE i.proposed = true
RETURN i {.id, .name, .category, .street, .postal_code, .proposed_by, .version,
          gremien: [(i)-[:MEMBER_OF]->(g:Gremium) | g.name]} AS institution
ORDER BY """ + german_order("i.name")

# The names of the records a change log mentions by id (memberships, relations, agenda).
RECORD_NAMES = """
UNWIND $ids AS wanted
CALL (wanted) {
  MATCH (n:Institution {id: wanted}) RETURN n.name AS name
  UNION MATCH (n:TargetGroup {id: wanted}) RETURN n.name AS name
  UNION MATCH (n:Topic {id: wanted}) RETURN n.name AS name
  UNION MATCH (n:Sozialraum {id: wanted}) RETURN n.name AS name
  UNION MATCH (n:Department {id: wanted}) RETURN coalesce(n.short, n.name) AS name
  UNION MATCH (n:Recommendation {id: wanted}) RETURN n.number + ' ' + n.title AS name
  UNION MATCH (n:Offer {id: wanted}) RETURN n.title AS name
}
RETURN wanted AS id, head(collect(name)) AS name
"""
