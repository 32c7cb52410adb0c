"""The search's scope references are embedded at init-db time and read by every process;
a process whose graph holds no current vectors of them embeds them itself."""

from __future__ import annotations

import numpy as np
import pytest

from graph import queries as q
from ingest.embeddings import refresh_scope_references
from search.scope import INSIDE, OUTSIDE, ScopeReferences, flattened, scope_references

pytestmark = pytest.mark.integration


class _Counting:
    """A real embedder that counts the documents it is asked to embed."""

    def __init__(self, embedder):
        self._embedder = embedder
        self.name, self.dimension = embedder.name, embedder.dimension
        self.documents = 0

    def embed_documents(self, texts):
        self.documents += len(texts)
        return self._embedder.embed_documents(texts)


class _AxisEmbedder:
    """Embeds a text as the unit vector of its first letter (a, b, c …): the references
    only compare vectors."""

    name, dimension = "axes", 3

    def embed_documents(self, texts):
        return np.array([np.eye(3)[ord(t[0]) - ord("a")] for t in texts], dtype=np.float32)


def _use(monkeypatch, references):
    for module in ("search.scope", "ingest.embeddings"):
        monkeypatch.setattr(f"{module}.scope_references", lambda: references)


def test_the_seeded_graph_holds_the_references_of_both_embedders(reader_graph, embedder,
                                                                 second_embedder):
    references = scope_references()
    assert references[OUTSIDE] and references[INSIDE], "both sides are shipped"
    state = reader_graph.read(q.SCOPE_REFERENCE_STATE)[0]
    assert state["count"] == len(flattened(references))
    assert len(state["digests"]) == 1 and len(state["digests2"]) == 1
    assert refresh_scope_references(reader_graph, embedder, second_embedder) == 0, \
        "current references are not embedded again"


@pytest.mark.parametrize("slot", ["first", "second"])
def test_a_process_reads_the_stored_vectors_instead_of_embedding(reader_graph, embedder,
                                                                 second_embedder, slot):
    model = embedder if slot == "first" else second_embedder
    counting = _Counting(model)
    question = model.embed_query("Wo kann ich meinen Reisepass verlängern?")
    stored = ScopeReferences(lambda: counting, reader_graph, slot).nearest(question)
    assert counting.documents == 0
    rows = flattened(scope_references())
    in_process = (1.0 + model.embed_documents([text for *_, text in rows]) @ question) / 2.0
    for side in (OUTSIDE, INSIDE):
        best = max(float(s) for s, (row_side, *_) in zip(in_process, rows, strict=True)
                   if row_side == side)
        assert max(stored[side].values()) == pytest.approx(best, abs=1e-5)


def test_references_of_other_texts_or_models_are_embedded_in_process(seeded_graph,
                                                                     monkeypatch):
    references = {OUTSIDE: {"requests": ["a tax return"], "tuning9": ["b passport"]},
                  INSIDE: {"tuning9": ["c debt advice", "b benefits"]}}
    _use(monkeypatch, references)
    scope = ScopeReferences(lambda: _AxisEmbedder(), seeded_graph, "first")
    nearest = scope.nearest([0, 1, 0])
    assert nearest == {OUTSIDE: {"requests": 0.5, "tuning9": 1.0}, INSIDE: {"tuning9": 1.0}}, \
        "(1 + cosine) / 2, best per side and source"

    assert refresh_scope_references(seeded_graph, _AxisEmbedder()) == 4
    state = seeded_graph.read(q.SCOPE_REFERENCE_STATE)[0]
    assert state["count"] == 4 and state["digests2"] == [], "replaced, not added to"
    counting = _Counting(_AxisEmbedder())
    again = ScopeReferences(lambda: counting, seeded_graph, "first").nearest([0, 1, 0])
    assert again == nearest and counting.documents == 0
