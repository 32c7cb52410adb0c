"""Schema and seed against the real Neo4j: idempotent, complete, all-or-nothing."""

from __future__ import annotations

import copy

import pytest

from graph import queries as q
from graph.errors import GraphError
from graph.schema import apply_schema, vector_index_dimension
from ingest.seed import seed

pytestmark = pytest.mark.integration

SCHEMA_SNAPSHOT = """
SHOW INDEXES YIELD name, type, state, labelsOrTypes, properties
RETURN collect([name, type, state, labelsOrTypes, properties]) AS indexes
"""


def _counts(graph):
    return (graph.read(q.COUNT_NODES)[0]["count"], graph.read(q.COUNT_RELATIONSHIPS)[0]["count"])


def test_schema_is_idempotent(seeded_graph, embedder):
    before = sorted(seeded_graph.read(SCHEMA_SNAPSHOT)[0]["indexes"])
    apply_schema(seeded_graph, vector_dimension=embedder.dimension)
    apply_schema(seeded_graph, vector_dimension=embedder.dimension)
    after = sorted(seeded_graph.read(SCHEMA_SNAPSHOT)[0]["indexes"])
    assert before == after
    names = {row[0] for row in after}
    assert {q.OFFER_FULLTEXT_INDEX, q.OFFER_VECTOR_INDEX, "offer_id"} <= names
    assert all(row[2] == "ONLINE" for row in after)


def test_unique_ids_are_enforced(seeded_graph):
    with pytest.raises(GraphError, match="ConstraintValidationFailed"):
        seeded_graph.write("CREATE (:Offer {id: 'frauenhaus-oberhausen-dup'})"
                           " CREATE (:Offer {id: 'frauenhaus-oberhausen-dup'})")


def test_vector_index_follows_the_embedder_dimension(seeded_graph, embedder):
    apply_schema(seeded_graph, vector_dimension=384)
    assert vector_index_dimension(seeded_graph) == 384
    apply_schema(seeded_graph, vector_dimension=embedder.dimension)
    assert vector_index_dimension(seeded_graph) == embedder.dimension


def test_seed_twice_changes_nothing(empty_graph, seeded_state):
    first = seed(empty_graph, seeded_state.dataset)
    counts = _counts(empty_graph)
    second = seed(empty_graph, seeded_state.dataset)
    assert _counts(empty_graph) == counts
    assert (first.nodes, first.relationships) == (second.nodes, second.relationships)
    duplicates = empty_graph.read(
        "MATCH (n) WITH labels(n) AS l, n.id AS id, count(*) AS c WHERE c > 1 RETURN l, id"
    )
    assert duplicates == []


def test_failed_seed_writes_nothing(empty_graph, seeded_state):
    broken = copy.deepcopy(seeded_state.dataset)
    # Passes validation, but Neo4j rejects a nested map as a property value.
    broken.offers[-1]["hours"] = {"montag": {"von": 9}}
    with pytest.raises(GraphError):
        seed(empty_graph, broken)
    assert _counts(empty_graph) == (0, 0)


def test_every_offer_has_target_group_and_place(reader_graph):
    orphans = reader_graph.read(
        """
        MATCH (o:Offer)
        WHERE NOT (o)-[:FOR]->(:TargetGroup)
           OR NOT (o)-[:OFFERED_BY]->(:Institution)
           OR NOT (coalesce(o.citywide, false) OR (o)-[:AVAILABLE_IN]->(:Sozialraum))
        RETURN o.id AS id
        """
    )
    assert [r["id"] for r in orphans] == []
    assert reader_graph.read(q.COUNT_OFFERS_ALL)[0]["count"] >= 110


def test_place_hierarchy_is_complete(reader_graph):
    rows = reader_graph.read(
        """
        MATCH (t:Stadtteil)
        OPTIONAL MATCH (t)-[:IN]->(s:Sozialraum)
        OPTIONAL MATCH (s)-[:IN]->(b:Bezirk)
        WITH t, count(DISTINCT s) AS sozialraeume, count(DISTINCT b) AS bezirke
        WHERE sozialraeume <> 1 OR bezirke <> 1
        RETURN t.id AS id
        """
    )
    assert rows == []
    sozialraeume = reader_graph.read(
        "MATCH (s:Sozialraum)-[:IN]->(b:Bezirk) RETURN s.id AS s, b.id AS b ORDER BY s"
    )
    assert {(r["s"], r["b"]) for r in sozialraeume} == {
        ("alstaden-lirich", "alt-oberhausen"),
        ("mitte-styrum", "alt-oberhausen"),
        ("oberhausen-ost", "alt-oberhausen"),
        ("osterfeld", "osterfeld"),
        ("sterkrade-mitte", "sterkrade"),
        ("sterkrade-nord", "sterkrade"),
    }


def test_every_offer_is_embedded_with_the_recorded_model(reader_graph, embedder):
    missing = reader_graph.read("MATCH (o:Offer) WHERE o.embedding IS NULL RETURN o.id AS id")
    assert missing == []
    meta = reader_graph.read(q.GET_META, id="embedding")[0]["meta"]
    assert (meta["model"], meta["dimension"]) == (embedder.name, embedder.dimension)


def test_every_sozialraum_has_a_gremium_with_members(reader_graph):
    rows = reader_graph.read(
        """
        MATCH (s:Sozialraum)
        OPTIONAL MATCH (g:Gremium {kind: 'Sozialraumgremium'})-[:COVERS]->(s)
        WITH s, count(DISTINCT g) AS gremien,
             COUNT { (:Institution)-[:MEMBER_OF]->(:Gremium)-[:COVERS]->(s) } AS members
        RETURN s.id AS id, gremien, members
        """
    )
    assert len(rows) == 6
    for row in rows:
        assert row["gremien"] >= 1 and row["members"] >= 1, row["id"]
