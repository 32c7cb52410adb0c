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
