"""Cypher of the planning instruments: Handlungsempfehlungen, Maßnahmensteckbriefe, controlling.

The graph model (see graph/recommendations.py):
`(Recommendation)-[:CONCERNS]->(Sozialraum)` (none and `citywide: true` for city-wide ones),
`(Recommendation)-[:ADDRESSED_TO]->(Department)`, `(Recommendation)-[:FOR]->(TargetGroup)`,
`(Recommendation)-[:ABOUT]->(Topic)` and `(Offer)-[:IMPLEMENTS]->(Recommendation)`; an offer
with planning fields (`measure_status`, `temporary_until`, …) or an IMPLEMENTS link is a
measure (Maßnahme). Every value is a `$parameter`.
"""

from __future__ import annotations

from graph.collation import german_order

# --- seed: batched idempotent writes (ingest/seed.py) ------------------------------------

MERGE_RECOMMENDATIONS = """
UNWIND $rows AS row
MERGE (r:Recommendation {id: row.id})
ON CREATE SET r.version = 1
SET r += row.props
WITH r
OPTIONAL MATCH (r)-[old:CONCERNS|ADDRESSED_TO|FOR|ABOUT]->()
DELETE old
WITH DISTINCT r
OPTIONAL MATCH (:Offer)-[implements:IMPLEMENTS]->(r)
DELETE implements
"""

LINK_RECOMMENDATION_SOZIALRAEUME = """
UNWIND $rows AS row
UNWIND row.sozialraeume AS sr
MATCH (r:Recommendation {id: row.id}), (s:Sozialraum {id: sr})
MERGE (r)-[:CONCERNS]->(s)
"""

LINK_RECOMMENDATION_DEPARTMENTS = """
UNWIND $rows AS row
UNWIND row.departments AS department
MATCH (r:Recommendation {id: row.id}), (d:Department {id: department})
MERGE (r)-[:ADDRESSED_TO]->(d)
"""

LINK_RECOMMENDATION_TARGET_GROUPS = """
UNWIND $rows AS row
UNWIND row.target_groups AS tg
MATCH (r:Recommendation {id: row.id}), (t:TargetGroup {id: tg})
MERGE (r)-[:FOR]->(t)
"""

LINK_RECOMMENDATION_TOPICS = """
UNWIND $rows AS row
UNWIND row.topics AS topic
MATCH (r:Recommendation {id: row.id}), (t:Topic {id: topic})
MERGE (r)-[:ABOUT]->(t)
"""

LINK_RECOMMENDATION_MEASURES = """
UNWIND $rows AS row
UNWIND row.implemented_by AS offer
MATCH (r:Recommendation {id: row.id}), (o:Offer {id: offer})
MERGE (o)-[:IMPLEMENTS]->(r)
"""

# --- recommendations ----------------------------------------------------------------------

_LIVE_OFFER = "coalesce(o.deleted, false) = false"

RECOMMENDATION_PROJECTION = f"""r {{
  .id, .number, .title, .text, .citywide, .date, .status, .status_since, .status_history,
  .source, .example, .version,
  sozialraeume: [(r)-[:CONCERNS]->(s:Sozialraum) | s {{.id, .name}}],
  departments: [(r)-[:ADDRESSED_TO]->(d:Department) | d {{.id, name: coalesce(d.short, d.name)}}],
  target_groups: [(r)-[:FOR]->(t:TargetGroup) | t {{.id, .name}}],
  topics: [(r)-[:ABOUT]->(t:Topic) | t {{.id, .name}}],
  measures: [(o:Offer)-[:IMPLEMENTS]->(r) WHERE {_LIVE_OFFER} |
             o {{.id, .title, .status, .measure_status, .temporary_until}}]
}}"""

LIST_RECOMMENDATIONS = (
    f"MATCH (r:Recommendation) RETURN {RECOMMENDATION_PROJECTION} AS recommendation"
)
GET_RECOMMENDATION = (
    f"MATCH (r:Recommendation {{id: $id}}) RETURN {RECOMMENDATION_PROJECTION} AS recommendation"
)
RECOMMENDATION_CHOICES = """
MATCH (r:Recommendation) RETURN r.id AS id, r.number AS number, r.title AS title
"""
RECOMMENDATION_IDS_BY_NUMBER = """
MATCH (r:Recommendation) WHERE r.number IN $numbers RETURN r.number AS number, r.id AS id
"""

# A city-wide recommendation answers the cell in every Sozialraum.
_CELL_SOZIALRAUM = """
MATCH (s:Sozialraum) WHERE coalesce(r.citywide, false) OR (r)-[:CONCERNS]->(s)
RETURN s.id AS sozialraum, t.id AS cell, collect(r.id) AS recommendations
"""
CELLS_BY_TARGET_GROUP = "MATCH (r:Recommendation)-[:FOR]->(t:TargetGroup)" + _CELL_SOZIALRAUM
CELLS_BY_TOPIC = "MATCH (r:Recommendation)-[:ABOUT]->(t:Topic)" + _CELL_SOZIALRAUM

# Every name an import file may use for a Sozialraum, department, target group or topic.
IMPORT_VOCABULARY = """
CALL () {
  MATCH (s:Sozialraum) RETURN 'sozialraeume' AS kind, s.id AS id, [s.name] AS names
  UNION ALL MATCH (d:Department)
    RETURN 'departments' AS kind, d.id AS id, [x IN [d.short, d.name] WHERE x IS NOT NULL] AS names
  UNION ALL MATCH (t:TargetGroup) RETURN 'target_groups' AS kind, t.id AS id, [t.name] AS names
  UNION ALL MATCH (t:Topic) RETURN 'topics' AS kind, t.id AS id, [t.name] AS names
}
RETURN kind, id, names
"""

# --- measures (Maßnahmensteckbriefe) ------------------------------------------------------

IS_MEASURE = "(o.measure_status IS NOT NULL OR (o)-[:IMPLEMENTS]->(:Recommendation))"

MEASURE_PROJECTION = """o {
  .id, .title, .description, .status, .measure_status, .temporary_until, .funding_period,
  .contact, .phone, .email, .url, .citywide, .valid_from, .valid_until, .source, .as_of,
  .version,
  institution: head([(o)-[:OFFERED_BY]->(i:Institution) | i {.id, .name}]),
  department: head([(o)-[:RESPONSIBLE]->(d:Department) | d {.id, .name, .short}]),
  sozialraeume: [(o)-[:AVAILABLE_IN]->(s:Sozialraum) | s {.id, .name}],
  target_groups: [(o)-[:FOR]->(t:TargetGroup) | t.name],
  topics: [(o)-[:ABOUT]->(t:Topic) | t.name],
  recommendations: [(o)-[:IMPLEMENTS]->(r:Recommendation) |
                    r {.id, .number, .title, .status, .status_since}]
}"""

LIST_MEASURES = f"""
MATCH (o:Offer) WHERE {_LIVE_OFFER} AND {IS_MEASURE}
RETURN {MEASURE_PROJECTION} AS measure ORDER BY {german_order('o.title')}
"""
GET_MEASURE = f"""
MATCH (o:Offer {{id: $id}}) WHERE {_LIVE_OFFER}
RETURN {MEASURE_PROJECTION} AS measure
"""
# The annex of a Strategiepapier: measures in the Sozialraum, city-wide ones, and those
# implementing a recommendation for it.
SOZIALRAUM_MEASURES = f"""
MATCH (s:Sozialraum {{id: $id}})
RETURN s {{.id, .name}} AS sozialraum, COLLECT {{
  MATCH (o:Offer)
  WHERE {_LIVE_OFFER} AND {IS_MEASURE}
    AND ((o)-[:AVAILABLE_IN]->(s) OR coalesce(o.citywide, false)
         OR EXISTS {{ (o)-[:IMPLEMENTS]->(:Recommendation)-[:CONCERNS]->(s) }})
  WITH o ORDER BY {german_order('o.title')}
  RETURN {MEASURE_PROJECTION} AS measure
}} AS measures
"""
# Temporary measures whose end lies before $today + $months (overdue ones included).
ENDING_MEASURES = f"""
MATCH (o:Offer)
WHERE {_LIVE_OFFER} AND o.measure_status = 'befristet' AND o.temporary_until IS NOT NULL
  AND date(o.temporary_until) <= date($today) + duration({{months: $months}})
RETURN {MEASURE_PROJECTION} AS measure ORDER BY o.temporary_until, {german_order('o.title')}
"""
