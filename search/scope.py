"""Where a question lies: near what Lotse is not for, or near what it answered before.

Two sides of references, each grouped by source:
- "outside": the general requests of `out_of_scope.json` (hand-written) and the
  out-of-scope questions of the labelled training sets;
- "inside": the answerable questions of the labelled training sets.
The training sets' questions are in `labelled_questions.json`, written by
`make train-search`; grouped by set, so that the training can leave a question's own set
out, as an unseen question finds none of its own kind. How close a question comes to
each side, next to how close it comes to the nearest offer, are inputs of the no-match
decision (`search.ranking.DECISION_FEATURES`: "outside", "inside" and their second
embedder's "outside2", "inside2").

`init-db` embeds the references with both embedders and stores them in the graph
(`ingest.embeddings.refresh_scope_references`); a process reads them from there when
they were embedded from today's texts by its models, and embeds them itself otherwise.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graph import queries as q
from graph.driver import Graph
from search.embedding import Embedder

log = logging.getLogger(__name__)
DATA = Path(__file__).with_name("data")
OUT_OF_SCOPE_FILE = DATA / "out_of_scope.json"
LABELLED_FILE = DATA / "labelled_questions.json"
OUTSIDE, INSIDE = "outside", "inside"
REQUESTS = "requests"  # the source name of the general requests
# The properties of a stored reference that belong to each embedder: (digest, vector).
SLOTS = {"first": ("digest", "embedding"), "second": ("digest2", "embedding2")}

References = dict[str, dict[str, list[str]]]  # side -> source -> texts
# The reference vectors this process has loaded, by (model, digest): every app of a
# process (the tests make one per test) reads them from the graph once.
_LOADED: dict[tuple[str, str], np.ndarray] = {}
_LOADED_LOCK = threading.Lock()


def scope_references() -> References:
    """The reference texts by side and source."""
    requests = json.loads(OUT_OF_SCOPE_FILE.read_text(encoding="utf-8"))[REQUESTS]
    labelled: dict[str, Any] = (json.loads(LABELLED_FILE.read_text(encoding="utf-8"))
                                if LABELLED_FILE.exists() else {})
    return {OUTSIDE: {REQUESTS: requests, **labelled.get("out_of_scope", {})},
            INSIDE: dict(labelled.get("answerable", {}))}


def flattened(references: References) -> list[tuple[str, str, str]]:
    """(side, source, text) of every reference, in the order they are stored and scored."""
    return [(side, source, text) for side, sources in references.items()
            for source, texts in sources.items() for text in texts]


def references_digest(model: str, references: References) -> str:
    """What stored vectors of the references must have been embedded from: the model
    and every text in order."""
    return hashlib.sha256(json.dumps([model, references], ensure_ascii=False)
                          .encode()).hexdigest()


class ScopeReferences:
    """The embedded references of one embedder ("first" or "second"), read from the
    graph or embedded on first use."""

    def __init__(self, embedder: Callable[[], Embedder | None], graph: Graph,
                 slot: str) -> None:
        self._embedder = embedder
        self._graph = graph
        self._slot = SLOTS[slot]
        self._matrix: np.ndarray | None = None
        self._parts: list[tuple[str, str, slice]] = []  # (side, source, rows)
        self._lock = threading.Lock()

    def nearest(self, vector: Sequence[float]) -> dict[str, dict[str, float]]:
        """Side -> source -> the best similarity of the question vector to the source's
        references, on the scale of the vector index ((1 + cosine) / 2)."""
        with self._lock:
            if self._matrix is None:
                self._matrix, self._parts = self._load()
        cosines = self._matrix @ np.asarray(vector, dtype=np.float32)
        nearest: dict[str, dict[str, float]] = {OUTSIDE: {}, INSIDE: {}}
        for side, source, rows in self._parts:
            if rows.stop > rows.start:
                nearest[side][source] = (1.0 + float(cosines[rows].max())) / 2.0
        return nearest

    def _load(self) -> tuple[np.ndarray, list[tuple[str, str, slice]]]:
        embedder = self._embedder()
        if embedder is None:
            raise ValueError("no embedder for the scope references")
        references = scope_references()
        parts, start = [], 0
        for side, sources in references.items():
            for source, texts in sources.items():
                parts.append((side, source, slice(start, start + len(texts))))
                start += len(texts)
        key = (embedder.name, references_digest(embedder.name, references))
        with _LOADED_LOCK:
            if key in _LOADED:
                return _LOADED[key], parts
        digest_key, vector_key = self._slot
        stored = self._graph.read(q.SCOPE_REFERENCE_VECTORS, digest_key=digest_key,
                                  vector_key=vector_key, digest=key[1])
        if len(stored) == start and all(r["embedding"] is not None for r in stored):
            matrix = np.asarray([r["embedding"] for r in stored], dtype=np.float32)
            with _LOADED_LOCK:
                for old in [k for k in _LOADED if k[0] == key[0]]:
                    del _LOADED[old]  # one current set of references per model
                _LOADED[key] = matrix.reshape(start, embedder.dimension)
                return _LOADED[key], parts
        log.info("The graph holds no current %s vectors of the scope references (run "
                 "init-db); embedding %d of them in this process", embedder.name, start)
        texts = [text for _, _, text in flattened(references)]
        return embedder.embed_documents(texts), parts
