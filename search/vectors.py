"""Each process's copy of the offers' view vectors, for exact dense scores in memory.

Scoring every candidate's views in Cypher costs tens of milliseconds a question; the same
dot products in numpy cost well under one. A process keeps the vectors of all views (both
embedders) while there are at most `MAX_VIEWS` of them, and reloads them when the graph's
views version changes (every write of views sets a new one, see `ingest.embeddings`), so
an edited offer is searched with its new text at once on every worker. Above the limit
(a city-scale directory) the search scores in Cypher instead (`q.DENSE_SCORES`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from graph import queries as q
from graph.driver import Graph

MAX_VIEWS = 20_000


@dataclass(frozen=True)
class ViewVectors:
    version: str | None
    rows: dict[str, np.ndarray]  # offer id -> row numbers of its views
    kinds: np.ndarray  # view kind per row
    first: np.ndarray  # (views, dimension), L2-normalised
    second: np.ndarray | None  # the second embedder's, where every view has one

    def scores(self, ids: list[str], vectors: list[list[float]],
               vectors2: list[list[float]] | None) -> dict[str, dict[str, float]]:
        """The same figures as `q.DENSE_SCORES`, on the scale of Neo4j's cosine score."""
        if not ids:
            return {}
        known = [oid for oid in ids if oid in self.rows]
        if not known:
            return {}
        rows = np.concatenate([self.rows[oid] for oid in known])
        sims = (1.0 + self.first[rows] @ np.asarray(vectors, dtype=np.float32).T) / 2.0
        second = (np.zeros((len(rows), 1)) if not vectors2 or self.second is None else
                  (1.0 + self.second[rows] @ np.asarray(vectors2, dtype=np.float32).T) / 2.0)
        kinds = self.kinds[rows]
        result, start = {}, 0
        for oid in known:
            end = start + len(self.rows[oid])
            own, own_kinds = sims[start:end], kinds[start:end]
            examples = own[own_kinds == "example", 0]
            texts = own[own_kinds == "text", 0]
            result[oid] = {
                "whole": float(own[:, 0].max()), "part": float(own.max()),
                "example": float(examples.max()) if len(examples) else 0.0,
                "text": float(texts.max()) if len(texts) else 0.0,
                "second": float(second[start:end, 0].max()),
            }
            start = end
        return result


class ViewVectorCache:
    """One `ViewVectors` per process, checked against the graph's views version."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: ViewVectors | None = None

    def get(self, graph: Graph) -> ViewVectors | None:
        """The current vectors, or None when there are too many to hold in memory."""
        state = graph.read(q.VIEWS_VERSION)[0]
        if state["views"] > MAX_VIEWS:
            return None
        with self._lock:
            if self._value is None or self._value.version != state["version"]:
                self._value = _load(graph, state["version"])
            return self._value


def _load(graph: Graph, version: str | None) -> ViewVectors:
    records = graph.read(q.ALL_VIEW_VECTORS)
    by_offer: dict[str, list[int]] = {}
    for n, record in enumerate(records):
        by_offer.setdefault(record["id"], []).append(n)
    first = np.asarray([r["embedding"] for r in records], dtype=np.float32)
    has_second = bool(records) and all(r["embedding2"] is not None for r in records)
    second = (np.asarray([r["embedding2"] for r in records], dtype=np.float32)
              if has_second else None)
    return ViewVectors(
        version=version,
        rows={oid: np.asarray(ns) for oid, ns in by_offer.items()},
        kinds=np.asarray([r["kind"] for r in records]),
        first=first.reshape(len(records), -1),
        second=second,
    )
