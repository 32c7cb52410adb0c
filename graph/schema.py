"""Constraints and indexes, applied idempotently.

`apply_schema` can run at every start: constraints and indexes are created
`IF NOT EXISTS`, and the vector index is rebuilt only when the embedder's
dimension differs from the one it was built with.
"""

from __future__ import annotations

import logging
import time

from graph import queries as q
from graph.driver import Graph
from graph.errors import GraphError
from graph.queries.users import USER_EMAIL_CONSTRAINT

log = logging.getLogger(__name__)


def apply_schema(graph: Graph, *, vector_dimension: int, timeout: float = 120.0) -> None:
    """Create constraints, the full-text indexes and the vector indexes; wait until ONLINE."""
    if not isinstance(vector_dimension, int) or not 1 <= vector_dimension <= 4096:
        raise ValueError(f"vector dimension must be an int in 1..4096, got {vector_dimension!r}")
    for statement in (*q.UNIQUE_ID_CONSTRAINTS, USER_EMAIL_CONSTRAINT):
        graph.write(statement)
    graph.write(q.CREATE_OFFER_FULLTEXT)
    graph.write(q.CREATE_INSTITUTION_FULLTEXT)
    for name, template in q.VECTOR_INDEXES.items():
        current = vector_index_dimension(graph, name)
        if current is not None and current != vector_dimension:
            log.info("Vector index %s has dimension %s, embedder has %s: rebuilding", name,
                     current, vector_dimension)
            graph.write(q.DROP_INDEX[name])
        graph.write(template.format(dimension=vector_dimension))
    wait_until_online(graph, timeout=timeout)


def vector_index_dimension(graph: Graph, name: str = q.OFFER_VECTOR_INDEX) -> int | None:
    """The dimension a vector index was built with, or None if it does not exist."""
    records = graph.read(q.SHOW_INDEX, name=name)
    if not records:
        return None
    config = (records[0]["options"] or {}).get("indexConfig", {})
    dimension = config.get("vector.dimensions")
    return int(dimension) if dimension is not None else None


def wait_until_online(graph: Graph, *, timeout: float = 120.0) -> None:
    """Block until every index is ONLINE; fail clearly if one FAILED or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        pending = graph.read(q.SHOW_NON_ONLINE_INDEXES)
        failed = [r["name"] for r in pending if r["state"] == "FAILED"]
        if failed:
            raise GraphError(f"index(es) failed to populate: {', '.join(failed)}")
        if not pending:
            return
        if time.monotonic() > deadline:
            names = ", ".join(f"{r['name']} ({r['populationPercent']:.0f}%)" for r in pending)
            raise GraphError(f"indexes not online after {timeout:.0f}s: {names}")
        time.sleep(0.2)
