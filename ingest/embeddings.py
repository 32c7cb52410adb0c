"""Keeping offer embeddings in step with their texts and with the configured model.

Each offer stores the hash of the text it was embedded from. A refresh embeds
only offers whose text changed, in batches, one transaction per batch. When the
model (name or dimension) differs from the one recorded in the graph, every
offer is embedded again; `apply_schema` has rebuilt the vector index by then.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph import queries as q
from graph.driver import Graph
from search.embedding import Embedder

log = logging.getLogger(__name__)
META_ID = "embedding"


@dataclass(frozen=True)
class RefreshReport:
    model: str
    dimension: int
    embedded: int
    unchanged: int
    model_changed: bool


def offer_text(row: dict[str, Any]) -> str:
    """The text an offer is embedded from: title, description, keywords, groups, topics,
    provider."""
    parts = [row.get("title") or "", row.get("description") or ""]
    if row.get("keywords"):
        parts.append("Stichworte: " + ", ".join(row["keywords"]))
    if row.get("target_groups"):
        parts.append("Zielgruppen: " + ", ".join(sorted(row["target_groups"])))
    if row.get("topics"):
        parts.append("Themen: " + ", ".join(sorted(row["topics"])))
    if row.get("provider"):
        parts.append("Anbieter: " + row["provider"])
    return "\n".join(p for p in parts if p)


def text_hash(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


def stored_model(graph: Graph) -> dict[str, Any] | None:
    records = graph.read(q.GET_META, id=META_ID)
    return records[0]["meta"] if records else None


def refresh_embeddings(
    graph: Graph, embedder: Embedder, *, batch_size: int = 64, only: Sequence[str] | None = None
) -> RefreshReport:
    """Embed every offer whose text (or the model) changed since its last embedding.

    `only` restricts the refresh to some offer ids (used after an edit); a model
    change overrides it, since every stored vector is then stale.
    """
    meta = stored_model(graph) or {}
    model_changed = (meta.get("model"), meta.get("dimension")) != (
        embedder.name,
        embedder.dimension,
    )
    if model_changed and meta:
        log.info("Embedding model changed from %s to %s: re-embedding all offers",
                 meta.get("model"), embedder.name)
    sources = [r.data() for r in graph.read(q.OFFER_EMBEDDING_SOURCES)]
    if only is not None and not model_changed:
        wanted = set(only)
        sources = [s for s in sources if s["id"] in wanted]
    todo = []
    for source in sources:
        text = offer_text(source)
        digest = text_hash(embedder.name, text)
        if model_changed or digest != source["embedding_hash"]:
            todo.append((source["id"], text, digest))
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vectors = embedder.embed_documents([text for _, text, _ in batch])
        rows = [
            {"id": oid, "hash": digest, "embedding": [float(x) for x in vector]}
            for (oid, _, digest), vector in zip(batch, vectors, strict=True)
        ]
        graph.write(q.SET_OFFER_EMBEDDINGS, rows=rows)
    if model_changed:
        graph.write(q.SET_META, id=META_ID,
                    props={"model": embedder.name, "dimension": embedder.dimension})
    return RefreshReport(
        model=embedder.name,
        dimension=embedder.dimension,
        embedded=len(todo),
        unchanged=len(sources) - len(todo),
        model_changed=model_changed,
    )
