"""Cypher of the chat's network answers (gremien, institutions, departments, places)."""

from __future__ import annotations

from graph.queries import OFFER_IS_PUBLIC

# Every entity the chat can name, with other names it goes by and where it works; offers
# by title too ("Zu welchem Bereich gehört der Sozialpsychiatrische Dienst?").
NETWORK_ENTITIES = f"""
CALL () {{
  MATCH (g:Gremium)
  RETURN 'gremium' AS type, g.id AS id, g.name AS name, [] AS aliases,
         [(g)-[:COVERS]->(s:Sozialraum) | s.id] AS sozialraeume
  UNION ALL
  MATCH (i:Institution) WHERE coalesce(i.proposed, false) = false
  RETURN 'institution' AS type, i.id AS id, i.name AS name,
         [x IN [i.provider] WHERE x IS NOT NULL] AS aliases,
         [(i)-[:LOCATED_IN]->(:Stadtteil)-[:IN]->(s:Sozialraum) | s.id] AS sozialraeume
  UNION ALL
  MATCH (o:Offer) WHERE {OFFER_IS_PUBLIC}
  RETURN 'offer' AS type, o.id AS id, o.title AS name, [] AS aliases, [] AS sozialraeume
  UNION ALL
  MATCH (d:Department)
  RETURN 'department' AS type, d.id AS id, d.name AS name,
         [x IN [d.short, d.code] WHERE x IS NOT NULL] AS aliases, [] AS sozialraeume
}}
RETURN type, id, name, aliases, sozialraeume
ORDER BY type, name
"""

GET_DEPARTMENT = f"""
MATCH (d:Department {{id: $id}})
RETURN d {{.*}} AS department,
       [(o:Offer)-[:RESPONSIBLE]->(d) WHERE {OFFER_IS_PUBLIC}
          | o {{.id, .title, .citywide, sozialraeume: [(o)-[:AVAILABLE_IN]->(s) | s.id]}}]
         AS offers
"""

# The responsible department of each given offer (in the order of the ids).
OFFER_DEPARTMENTS = """
UNWIND range(0, size($ids) - 1) AS n
MATCH (o:Offer {id: $ids[n]})-[:RESPONSIBLE]->(d:Department)
RETURN n, o.title AS offer, d.id AS id
ORDER BY n
"""

# How many local offers of a Sozialraum are about each topic, most first.
SOZIALRAUM_TOPICS = f"""
MATCH (o:Offer)-[:AVAILABLE_IN]->(:Sozialraum {{id: $id}}) WHERE {OFFER_IS_PUBLIC}
MATCH (o)-[:ABOUT]->(t:Topic)
RETURN t.name AS topic, count(o) AS offers
ORDER BY offers DESC, topic
LIMIT $limit
"""
