"""What Lotse is not for: example requests outside the directory, embedded once per process.

How close a question comes to them, next to how close it comes to the nearest offer, is
one input of the no-match decision (`search.ranking.DECISION_FEATURES`, "outside").
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from search.embedding import Embedder

OUT_OF_SCOPE_FILE = Path(__file__).with_name("data") / "out_of_scope.json"


def out_of_scope_requests() -> list[str]:
    return json.loads(OUT_OF_SCOPE_FILE.read_text(encoding="utf-8"))["requests"]


class OutOfScope:
    """The embedded out-of-scope requests of one embedder, built on first use."""

    def __init__(self, embedder: Callable[[], Embedder | None]) -> None:
        self._embedder = embedder
        self._matrix: np.ndarray | None = None
        self._lock = threading.Lock()

    def similarity(self, vector: Sequence[float]) -> float:
        """The best similarity of the question vector to any out-of-scope request, on the
        scale of the vector index ((1 + cosine) / 2)."""
        with self._lock:
            if self._matrix is None:
                embedder = self._embedder()
                if embedder is None:
                    raise ValueError("no embedder for the out-of-scope requests")
                self._matrix = embedder.embed_documents(out_of_scope_requests())
        cosine = float((self._matrix @ np.asarray(vector, dtype=np.float32)).max())
        return (1.0 + cosine) / 2.0
