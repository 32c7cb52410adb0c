"""`/healthz` follows the database: 503 while Neo4j is stopped, 200 once it is back.

This test needs to stop and start a server, so it runs its own throwaway Neo4j
rather than the session's.
"""

from __future__ import annotations

import pytest

from graph import local_server
from tests.conftest import make_app
from tests.support import Connection

pytestmark = pytest.mark.integration


def test_health_follows_the_database_without_restarting_the_app(tmp_path):
    home = tmp_path / "neo4j-health"
    info = local_server.start(home)
    try:
        app = make_app(Connection(info.uri, info.user, info.password))
        client = app.test_client()

        up = client.get("/healthz")
        assert up.status_code == 200
        assert up.get_json() == {"status": "ok", "neo4j": "ok"}  # no version for anyone

        local_server.stop(home)
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.get_json()["status"] == "unavailable"
        assert client.get("/angebote").status_code == 503

        port = int(info.uri.rsplit(":", 1)[1])
        local_server.start(home, port=port)
        again = client.get("/healthz")
        assert again.status_code == 200
    finally:
        local_server.stop(home)
