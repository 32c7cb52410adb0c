"""Cypher of the benchmark city (`bench/city.py`), as named constants.

The marker of what is loaded is a `LotseMeta` node (see `queries.GET_META`/`SET_META`).
"""

from __future__ import annotations

BENCH_CITY_META_ID = "bench-city"

# Run in an auto-commit transaction (a session's run): CALL … IN TRANSACTIONS needs one.
WIPE_ALL = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"

COUNT_NODES_BY_LABEL = (
    "MATCH (n) UNWIND labels(n) AS label "
    "RETURN label, count(*) AS count ORDER BY label"
)
COUNT_RELATIONSHIPS_BY_TYPE = (
    "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
)

# The planning benchmark (`bench/planning.py`): the public offers, and what the naive
# all-pairs baseline needs of a sample of them.
OFFER_IDS = """
MATCH (o:Offer) WHERE o.embedding IS NOT NULL AND o.status <> 'beendet'
RETURN o.id AS id ORDER BY id
"""
OFFERS_FOR_NAIVE_PAIRS = """
UNWIND $ids AS offer_id
MATCH (o:Offer {id: offer_id})
RETURN o.embedding AS embedding, coalesce(o.citywide, false) AS citywide,
       head([(o)-[:OFFERED_BY]->(i) | i.id]) AS provider,
       [(o)-[:FOR]->(t) | t.id] AS target_groups,
       [(o)-[:AVAILABLE_IN]->(s) | s.id] AS places
"""
