"""The operator commands, run through Flask's CLI runner against the real Neo4j."""

from __future__ import annotations

import shutil

import pytest

from graph import queries as q
from ingest.dataset import DEFAULT_DATA_DIR

pytestmark = pytest.mark.integration


def test_seed_command_reports_and_is_repeatable(runner, seeded_graph):
    before = seeded_graph.read(q.COUNT_NODES)[0]["count"]
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    assert "Seeded" in result.output and "offers" in result.output
    assert "0 embedded" in result.output
    assert seeded_graph.read(q.COUNT_NODES)[0]["count"] == before


def test_seed_command_rejects_a_broken_dataset_without_traceback(runner, seeded_graph, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    text = (data / "offers.json").read_text(encoding="utf-8")
    (data / "offers.json").write_text(text.replace('"institution": "', '"institution": "x-', 1),
                                      encoding="utf-8")
    before = seeded_graph.read(q.COUNT_RELATIONSHIPS)[0]["count"]
    result = runner.invoke(args=["seed", "--data", str(data)])
    assert result.exit_code == 1
    assert "dataset rejected, nothing was written" in result.output
    assert "offers.json" in result.output and "does not exist" in result.output
    assert "Traceback" not in result.output
    assert seeded_graph.read(q.COUNT_RELATIONSHIPS)[0]["count"] == before


def test_init_db_on_a_seeded_graph_only_checks_embeddings(runner, reader_graph):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Schema applied" in result.output
    assert "Seeded" not in result.output


def test_init_db_seeds_an_empty_graph(runner, empty_graph):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "Seeded" in result.output
    assert empty_graph.read(q.COUNT_OFFERS_ALL)[0]["count"] >= 110


def test_unreachable_database_is_one_clear_line(neo4j_connection, seeded_state):
    from tests.conftest import make_app

    app = make_app(neo4j_connection, NEO4J_URI="bolt://127.0.0.1:1")
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.output
    assert "Traceback" not in result.output
