"""Fixtures: a real Neo4j for the whole session, the seeded graph, the app and its clients.

Without NEO4J_URI a throwaway server is started with `graph.local_server` in a
temporary folder on a free port and stopped at the end. With NEO4J_URI the tests
use that server and EMPTY ITS DATABASE: never point them at real data.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from graph import local_server
from graph.driver import Graph
from search.embedding import E5Embedder, UseEmbedder
from tests.support import (
    CLEAR_SEARCH_LOG,
    Connection,
    SeededGraph,
    close_app,
    connection_from_env,
    gunicorn_server,
    open_graph,
)
from webapp import create_app


@pytest.fixture(scope="session")
def neo4j_connection(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    existing = connection_from_env()
    if existing:
        yield existing
        return
    home = tmp_path_factory.mktemp("neo4j-test")
    info = local_server.start(home)
    try:
        yield Connection(info.uri, info.user, info.password)
    finally:
        local_server.stop(home)


@pytest.fixture(scope="session")
def embedder() -> UseEmbedder:
    return UseEmbedder()


@pytest.fixture(scope="session")
def second_embedder() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def session_graph(neo4j_connection: Connection) -> Iterator[Graph]:
    graph = open_graph(neo4j_connection)
    yield graph
    graph.driver.close()


@pytest.fixture(scope="session")
def seeded_state(session_graph: Graph, embedder: UseEmbedder,
                 second_embedder: E5Embedder) -> SeededGraph:
    state = SeededGraph(session_graph, embedder, second_embedder)
    state.build()
    return state


@pytest.fixture
def seeded_graph(seeded_state: SeededGraph) -> Iterator[Graph]:
    """The seeded graph; whatever the test changes is undone afterwards."""
    yield seeded_state.graph
    seeded_state.restore()


@pytest.fixture
def empty_graph(seeded_state: SeededGraph) -> Iterator[Graph]:
    """An empty database (schema kept); the seeded graph is restored afterwards."""
    seeded_state.wipe()
    yield seeded_state.graph
    seeded_state.restore()


@pytest.fixture(scope="session")
def reader_graph(seeded_state: SeededGraph) -> Graph:
    """The seeded graph for tests that only read (no restore between them)."""
    return seeded_state.graph


def make_app(connection: Connection, **overrides: object) -> Flask:
    config = {
        "LOTSE_ENV": "testing",
        "TESTING": True,
        "NEO4J_URI": connection.uri,
        "NEO4J_USER": connection.user,
        "NEO4J_PASSWORD": connection.password,
        "WTF_CSRF_ENABLED": True,
        **overrides,
    }
    return create_app(config)


@pytest.fixture
def app(neo4j_connection: Connection, seeded_state: SeededGraph) -> Iterator[Flask]:
    app = make_app(neo4j_connection)
    yield app
    close_app(app)
    # Searches log anonymous events; no test may see another test's.
    seeded_state.graph.write(CLEAR_SEARCH_LOG)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def gunicorn_state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The state folder of the session's gunicorn; its log is `gunicorn.log` in it."""
    return tmp_path_factory.mktemp("lotse-state")


@pytest.fixture(scope="session")
def gunicorn_url(neo4j_connection: Connection, seeded_state: SeededGraph,
                 gunicorn_state: Path) -> Iterator[str]:
    """Lotse under gunicorn with 2 workers, as `make run` serves it (for the whole session)."""
    with gunicorn_server(neo4j_connection, gunicorn_state) as url:
        yield url
