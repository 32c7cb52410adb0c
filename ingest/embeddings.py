"""Keeping offer embeddings in step with their texts and with the configured model.

An offer is embedded as several *views*: its whole text (also kept on the offer for the
duplicate search), its title with keywords, its description, and each of its
Beispielfragen (questions in the words of the people who need it). The search scores an
offer by its best view. Each offer stores the hash of the texts it was embedded from. A
refresh embeds only offers whose texts changed, in batches, one transaction per batch.
When the model (name or dimension) differs from the one recorded in the graph, every
offer is embedded again; `apply_schema` has rebuilt the vector indexes by then.
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
from search.scope import flattened, references_digest, scope_references

log = logging.getLogger(__name__)
META_ID = "embedding"


@dataclass(frozen=True)
class RefreshReport:
    model: str
    second_model: str
    dimension: int
    embedded: int
    unchanged: int
    model_changed: bool
    references_embedded: int = 0  # the search's scope references (0: current)


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


def offer_views(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, text) of every view of an offer; the whole text comes first."""
    views = [("text", offer_text(row))]
    title = " – ".join(p for p in (row.get("title"), ", ".join(row.get("keywords") or [])) if p)
    if title:
        views.append(("title", title))
    if row.get("description"):
        views.append(("description", row["description"]))
    views += [("example", q.strip()) for q in row.get("example_questions") or [] if q.strip()]
    return views


def text_hash(model: str, texts: Sequence[str]) -> str:
    return hashlib.sha256("\n\x1e".join([model, *texts]).encode()).hexdigest()


def stored_model(graph: Graph) -> dict[str, Any] | None:
    records = graph.read(q.GET_META, id=META_ID)
    return records[0]["meta"] if records else None


def refresh_embeddings(
    graph: Graph, embedder: Embedder, *, second: Embedder | None = None, batch_size: int = 64,
    only: Sequence[str] | None = None,
) -> RefreshReport:
    """Embed every offer whose text (or a model) changed since its last embedding.

    `second` is the search's second embedder: its vectors of the views are kept beside the
    first one's (`embedding2`). `only` restricts the refresh to some offer ids (used after
    an edit); a model change overrides it, since every stored vector is then stale. A
    whole refresh also brings the search's scope references up to date.
    """
    meta = stored_model(graph) or {}
    wanted_models = {"model": embedder.name, "dimension": embedder.dimension,
                     "second_model": second.name if second else ""}
    model_changed = {k: meta.get(k, "") for k in wanted_models} != wanted_models
    if model_changed and meta:
        log.info("Embedding models changed from %s/%s to %s/%s: re-embedding all offers",
                 meta.get("model"), meta.get("second_model"), embedder.name,
                 wanted_models["second_model"])
    sources = [r.data() for r in graph.read(q.OFFER_EMBEDDING_SOURCES)]
    if only is not None and not model_changed:
        wanted = set(only)
        sources = [s for s in sources if s["id"] in wanted]
    todo = []
    for source in sources:
        views = offer_views(source)
        digest = text_hash(f"{embedder.name}+{wanted_models['second_model']}",
                           [text for _, text in views])
        if model_changed or digest != source["embedding_hash"]:
            todo.append((source["id"], views, digest))
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        texts = [text for _, views, _ in batch for _, text in views]
        vectors = iter(embedder.embed_documents(texts))
        vectors2 = iter(second.embed_documents(texts) if second else [None] * len(texts))
        rows = []
        for oid, views, digest in batch:
            embedded = [{"kind": kind, "text": text, "embedding": _floats(next(vectors)),
                         "embedding2": _floats(next(vectors2))} for kind, text in views]
            rows.append({"id": oid, "hash": digest, "embedding": embedded[0]["embedding"],
                         "views": embedded})
        graph.write_tx(lambda tx, rows=rows: _write_batch(tx, rows))
    if model_changed:
        graph.write(q.SET_META, id=META_ID, props=wanted_models)
    return RefreshReport(
        model=embedder.name,
        second_model=wanted_models["second_model"],
        dimension=embedder.dimension,
        embedded=len(todo),
        unchanged=len(sources) - len(todo),
        model_changed=model_changed,
        references_embedded=(refresh_scope_references(graph, embedder, second)
                             if only is None or model_changed else 0),
    )


def refresh_scope_references(graph: Graph, embedder: Embedder,
                             second: Embedder | None = None) -> int:
    """Store the search's scope references (`search.scope`) with the vectors of both
    embedders, unless the graph holds them for today's texts and models already; replaced
    in one transaction. Returns how many were embedded."""
    references = scope_references()
    digest = references_digest(embedder.name, references)
    digest2 = references_digest(second.name, references) if second else None
    rows = flattened(references)
    state = graph.read(q.SCOPE_REFERENCE_STATE)[0]
    if (state["count"] == len(rows) and state["digests"] == [digest]
            and state["digests2"] == ([digest2] if digest2 else [])):
        return 0
    texts = [text for _, _, text in rows]
    vectors = embedder.embed_documents(texts)
    vectors2 = second.embed_documents(texts) if second else [None] * len(texts)
    stored = [{"n": n, "side": side, "source": source, "text": text,
               "embedding": _floats(vectors[n]), "embedding2": _floats(vectors2[n])}
              for n, (side, source, text) in enumerate(rows)]

    def replace_all(tx: Any) -> None:
        tx.run(q.DELETE_SCOPE_REFERENCES).consume()
        tx.run(q.CREATE_SCOPE_REFERENCES, rows=stored, digest=digest,
               digest2=digest2).consume()

    graph.write_tx(replace_all)
    return len(rows)


def _floats(vector: Any) -> list[float] | None:
    return None if vector is None else [float(x) for x in vector]


def _write_batch(tx: Any, rows: list[dict[str, Any]]) -> None:
    """The offers' own vectors and their views, in one transaction."""
    tx.run(q.SET_OFFER_EMBEDDINGS, rows=rows).consume()
    tx.run(q.SET_OFFER_VIEWS, rows=rows).consume()
    tx.run(q.BUMP_VIEWS_VERSION).consume()
