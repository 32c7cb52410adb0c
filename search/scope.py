"""What Lotse is not for: example requests outside the directory, embedded once per process.

How close a question comes to them, next to how close it comes to the nearest offer, is
one input of the no-match decision (`search.ranking.DECISION_FEATURES`, "outside"). The
references are the general requests of `out_of_scope.json` and the out-of-scope questions
of the labelled training sets (its "labelled" part, written by `make train-search`),
grouped by source so that the training can leave a set's own questions out.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from search.embedding import Embedder

OUT_OF_SCOPE_FILE = Path(__file__).with_name("data") / "out_of_scope.json"
REQUESTS = "requests"  # the source name of the general requests


def out_of_scope_references() -> dict[str, list[str]]:
    """Reference texts by source: the general requests and each training set's questions."""
    data: dict[str, Any] = json.loads(OUT_OF_SCOPE_FILE.read_text(encoding="utf-8"))
    return {REQUESTS: data[REQUESTS], **data.get("labelled", {})}


class OutOfScope:
    """The embedded out-of-scope references of one embedder, built on first use."""

    def __init__(self, embedder: Callable[[], Embedder | None]) -> None:
        self._embedder = embedder
        self._matrix: np.ndarray | None = None
        self._sources: list[tuple[str, slice]] = []
        self._lock = threading.Lock()

    def nearest(self, vector: Sequence[float]) -> dict[str, float]:
        """The best similarity of the question vector to each source's references, on the
        scale of the vector index ((1 + cosine) / 2)."""
        with self._lock:
            if self._matrix is None:
                embedder = self._embedder()
                if embedder is None:
                    raise ValueError("no embedder for the out-of-scope requests")
                texts: list[str] = []
                for source, references in out_of_scope_references().items():
                    self._sources.append((source, slice(len(texts),
                                                        len(texts) + len(references))))
                    texts += references
                self._matrix = embedder.embed_documents(texts)
        cosines = self._matrix @ np.asarray(vector, dtype=np.float32)
        return {source: (1.0 + float(cosines[part].max())) / 2.0
                for source, part in self._sources if part.stop > part.start}
