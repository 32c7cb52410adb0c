"""Domain errors raised at the repository boundary.

Driver exceptions never leave `graph/`: callers see these, and the web layer
maps them to HTTP status codes and German messages in one place.
"""

from __future__ import annotations


class GraphError(Exception):
    """Base class of all errors of the graph layer."""


class GraphUnavailable(GraphError):
    """Neo4j does not answer (down, unreachable, wrong credentials)."""


class NotFound(GraphError):
    """A node with the requested id does not exist."""

    def __init__(self, kind: str, node_id: str) -> None:
        super().__init__(f"{kind} {node_id!r} not found")
        self.kind = kind
        self.node_id = node_id


class Refused(GraphError):
    """A write was refused before anything was written: German for people, English for logs."""

    def __init__(self, german: str, english: str) -> None:
        super().__init__(english)
        self.german = german
