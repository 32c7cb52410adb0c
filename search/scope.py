"""What Lotse is not for: example requests outside the directory, embedded once.

How close a question comes to them, next to how close it comes to the nearest offer, is
one input of the no-match decision (`search.ranking.DECISION_FEATURES`, "outside"). The
references are the general requests of `out_of_scope.json` and the out-of-scope questions
of the labelled training sets (its "labelled" part, written by `make train-search`),
grouped by source so that the training can leave a set's own questions out.

`init-db` embeds them with both embedders and stores them in the graph
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
OUT_OF_SCOPE_FILE = Path(__file__).with_name("data") / "out_of_scope.json"
REQUESTS = "requests"  # the source name of the general requests
# The properties of a stored reference that belong to each embedder: (digest, vector).
SLOTS = {"first": ("digest", "embedding"), "second": ("digest2", "embedding2")}


def out_of_scope_references() -> dict[str, list[str]]:
    """Reference texts by source: the general requests and each training set's questions."""
    data: dict[str, Any] = json.loads(OUT_OF_SCOPE_FILE.read_text(encoding="utf-8"))
    return {REQUESTS: data[REQUESTS], **data.get("labelled", {})}


def flattened(references: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(source, text) of every reference, in the order they are stored and scored."""
    return [(source, text) for source, texts in references.items() for text in texts]


def references_digest(model: str, references: dict[str, list[str]]) -> str:
    """What stored vectors of the references must have been embedded from: the model
    and every text in order."""
    return hashlib.sha256(json.dumps([model, references], ensure_ascii=False)
                          .encode()).hexdigest()


class OutOfScope:
    """The embedded out-of-scope references of one embedder ("first" or "second"), read
    from the graph or embedded on first use."""

    def __init__(self, embedder: Callable[[], Embedder | None], graph: Graph,
                 slot: str) -> None:
        self._embedder = embedder
        self._graph = graph
        self._slot = SLOTS[slot]
        self._matrix: np.ndarray | None = None
        self._sources: list[tuple[str, slice]] = []
        self._lock = threading.Lock()

    def nearest(self, vector: Sequence[float]) -> dict[str, float]:
        """The best similarity of the question vector to each source's references, on the
        scale of the vector index ((1 + cosine) / 2)."""
        with self._lock:
            if self._matrix is None:
                self._matrix, self._sources = self._load()
        cosines = self._matrix @ np.asarray(vector, dtype=np.float32)
        return {source: (1.0 + float(cosines[part].max())) / 2.0
                for source, part in self._sources if part.stop > part.start}

    def _load(self) -> tuple[np.ndarray, list[tuple[str, slice]]]:
        embedder = self._embedder()
        if embedder is None:
            raise ValueError("no embedder for the out-of-scope requests")
        references = out_of_scope_references()
        sources, start = [], 0
        for source, texts in references.items():
            sources.append((source, slice(start, start + len(texts))))
            start += len(texts)
        digest_key, vector_key = self._slot
        stored = self._graph.read(q.SCOPE_REFERENCE_VECTORS, digest_key=digest_key,
                                  vector_key=vector_key,
                                  digest=references_digest(embedder.name, references))
        if len(stored) == start and all(r["embedding"] is not None for r in stored):
            matrix = np.asarray([r["embedding"] for r in stored], dtype=np.float32)
            return matrix.reshape(start, embedder.dimension), sources
        log.info("The graph holds no current %s vectors of the out-of-scope references "
                 "(run init-db); embedding %d of them in this process", embedder.name, start)
        texts = [text for _, text in flattened(references)]
        return embedder.embed_documents(texts), sources
