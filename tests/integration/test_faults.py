"""Faults while the app serves: Neo4j stopped and started again (`/healthz`, pages, the API
and a logged-in coordinator's save), a connection lost inside a write transaction, an
embedder that cannot be loaded.

Stopping and starting a server takes seconds, so the module runs ONE throwaway Neo4j of its
own (never the session's), seeded without embeddings (no test here searches), and stops and
starts it only once. The tests leave its data as they found it or check only what they wrote.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import neo4j
import pytest

from graph import editing, local_server
from graph.breaker import CircuitBreaker
from graph.driver import Graph
from graph.editing import Actor, current_state
from graph.errors import GraphUnavailable
from graph.queries import editing as q
from graph.schema import apply_schema
from graph.users import create_user
from ingest.dataset import load_dataset
from ingest.seed import seed
from tests.conftest import make_app
from tests.integration.test_manage import PASSWORD, csrf, login
from tests.support import Connection, close_app, open_graph
from webapp.manage import _gremium_form_data

pytestmark = pytest.mark.integration

GREMIUM = "sozialraumgremium-osterfeld"
COORDINATOR = "koordination@example.org"
CHANGES_ON = "MATCH (c:Change)-[:ON]->({id: $id}) RETURN count(c) AS n"
ACTOR = Actor("tester", "test@example.org")
T = TypeVar("T")
BREAKER_COOLDOWN = CircuitBreaker().cooldown  # the app's breaker, as the app makes it


@dataclass
class FaultServer:
    home: Path
    connection: Connection
    graph: Graph  # the tests' own driver, to look at the data

    def stop(self) -> None:
        local_server.stop(self.home)

    def start_again(self) -> None:
        """The same data on the same port, so the app's driver can find it again."""
        local_server.start(self.home, port=int(self.connection.uri.rsplit(":", 1)[1]))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FaultServer]:
    home = tmp_path_factory.mktemp("neo4j-faults")
    info = local_server.start(home)
    try:
        connection = Connection(info.uri, info.user, info.password)
        graph = open_graph(connection)
        apply_schema(graph, vector_dimension=512)
        seed(graph, load_dataset())
        create_user(graph, COORDINATOR, PASSWORD, "coordinator", gremien=[GREMIUM])
        yield FaultServer(home, connection, graph)
        graph.driver.close()
    finally:
        local_server.stop(home)


def changes_on(graph: Graph, node_id: str) -> int:
    return graph.read(CHANGES_ON, id=node_id)[0]["n"]


def gremium_form(client: Any, graph: Graph, **changes: str) -> dict[str, Any]:
    """The edit form of the gremium as the browser would send it, with `changes`."""
    state = current_state(graph, "gremium", GREMIUM)
    data = {k: v or "" for k, v in _gremium_form_data(state).items()}
    return {**data, **changes, "csrf_token": csrf(client, f"/verwalten/gremien/{GREMIUM}")}


class Traffic:
    """Anonymous visitors asking for pages, the API and /healthz in a loop, in a thread."""

    PATHS = ("/angebote", "/api/v1/offers", "/healthz", "/gremien")

    def __init__(self, app: Any) -> None:
        self.client = app.test_client()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for path in self.PATHS:
                self.statuses[(path, self.client.get(path).status_code)] += 1

    def __enter__(self) -> Traffic:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)


def healthy_within(app: Any, seconds: float) -> bool:
    """Whether /healthz answers 200 within `seconds` (polled every 0.2 s)."""
    deadline = time.monotonic() + seconds
    client = app.test_client()
    while client.get("/healthz").status_code != 200:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_an_outage_is_a_german_503_and_the_app_recovers_without_restart(server, caplog):
    app = make_app(server.connection)
    coordinator = app.test_client()
    page = f"/verwalten/gremien/{GREMIUM}"
    try:
        login(coordinator, COORDINATOR)
        assert app.test_client().get("/healthz").get_json() == {"status": "ok", "neo4j": "ok"}
        before_outage = coordinator.post(page, data=gremium_form(
            coordinator, server.graph, contact="vor dem Ausfall"))
        assert before_outage.status_code == 302
        stale_form = gremium_form(coordinator, server.graph, contact="während des Ausfalls")

        with Traffic(app) as traffic, caplog.at_level(logging.ERROR):
            server.stop()
            anonymous = app.test_client()
            down = anonymous.get("/healthz")
            html = anonymous.get("/angebote", headers={"Accept": "text/html"})
            api = anonymous.get("/api/v1/offers")
            logged_in = coordinator.get(page)
            save = coordinator.post(page, data=stale_form)
            server.start_again()
        assert down.status_code == 503 and down.get_json()["status"] == "unavailable"
        assert html.status_code == 503 and html.mimetype == "text/html"
        assert "Die Datenbank ist gerade nicht erreichbar" in html.get_data(as_text=True)
        assert api.status_code == 503 and api.mimetype == "application/json"
        assert api.get_json()["error"] == {
            "status": 503, "message": "Die Datenbank ist gerade nicht erreichbar. "
            "Bitte versuchen Sie es gleich noch einmal."}
        assert logged_in.status_code == 503, "a logged-in user is not sent to the login"
        assert save.status_code == 503
        assert {status for _, status in traffic.statuses} <= {200, 503}, traffic.statuses
        assert any(status == 503 for _, status in traffic.statuses), traffic.statuses
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR
                    and "Unhandled" in r.getMessage()], "an outage is no unexpected error"

        # Back without restarting the app: the same session, the same driver, once the
        # breaker's cooldown after the last failed request has passed.
        assert healthy_within(app, BREAKER_COOLDOWN + 5.0)
        assert coordinator.get(page).status_code == 200
        state = current_state(server.graph, "gremium", GREMIUM)
        assert state["contact"] == "vor dem Ausfall", (
            "the save before the outage survived the restart, the refused one wrote nothing")
        changes = changes_on(server.graph, GREMIUM)
        again = coordinator.post(page, data=stale_form)  # the user sends it once more
        assert again.status_code == 302, "the refused save is still valid: nothing was lost"
        after = current_state(server.graph, "gremium", GREMIUM)
        assert (after["contact"], after["version"]) == ("während des Ausfalls",
                                                       state["version"] + 1)
        assert changes_on(server.graph, GREMIUM) == changes + 1, "one Change for the save"
    finally:
        close_app(app)


# --- a connection lost inside a write transaction -------------------------------------


class SeveredTransaction:
    """A transaction whose TCP connection is cut (both ways) right before the statement
    `before` is sent."""

    def __init__(self, tx: neo4j.ManagedTransaction, before: str) -> None:
        self._tx = tx
        self._before = before

    def run(self, query: str, *args: Any, **kwargs: Any) -> neo4j.Result:
        if query == self._before:
            self._tx._connection.socket._socket.shutdown(socket.SHUT_RDWR)
        return self._tx.run(query, *args, **kwargs)


@dataclass(frozen=True)
class SeveringGraph(Graph):
    """The app's Graph, whose write transactions lose their connection right before the
    statement `cut_before`, on the first `cuts` attempts (the driver retries a unit of
    work after a lost connection). The code under test runs unchanged."""

    cut_before: str = ""
    cuts: int = 0
    attempts: list[int] = field(default_factory=list)

    def write_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        def severed(tx: neo4j.ManagedTransaction) -> T:
            self.attempts.append(1)
            cut = len(self.attempts) <= self.cuts
            return work(SeveredTransaction(tx, self.cut_before) if cut else tx)

        return super().write_tx(severed)


def severing(server: FaultServer, cut_before: str, cuts: int) -> SeveringGraph:
    """A fresh driver (its circuit breaker opens when the cuts exhaust the retries)."""
    graph = open_graph(server.connection)
    return SeveringGraph(graph.driver, cut_before=cut_before, cuts=cuts)


def some_offer(graph: Graph) -> str:
    return graph.read("MATCH (o:Offer)-[:ABOUT]->() RETURN o.id AS id ORDER BY id LIMIT 1"
                      )[0]["id"]


def edit(graph: Graph, offer: str) -> Any:
    """The audited save of an offer's title and topics, as the offer form makes it."""
    state = current_state(graph, "offer", offer)
    return editing.update(graph, "offer", offer, state["version"],
                          {"title": state["title"] + " (geändert)", "topics": []}, ACTOR)


def test_a_write_that_loses_its_connection_leaves_nothing_partial(server):
    offer = some_offer(server.graph)
    before = current_state(server.graph, "offer", offer)
    changes = changes_on(server.graph, offer)
    graph = severing(server, q.CREATE_CHANGE["offer"], cuts=1000)  # after title and topics
    try:
        with pytest.raises(GraphUnavailable):
            edit(graph, offer)
    finally:
        graph.driver.close()
    assert len(graph.attempts) > 1, "the driver retried before giving up"
    assert current_state(server.graph, "offer", offer) == before, (
        "the title and topics written before the connection was lost were rolled back")
    assert changes_on(server.graph, offer) == changes


def test_a_write_retried_after_a_lost_connection_is_saved_once(server):
    offer = some_offer(server.graph)
    before = current_state(server.graph, "offer", offer)
    changes = changes_on(server.graph, offer)
    graph = severing(server, q.CREATE_CHANGE["offer"], cuts=1)
    try:
        saved = edit(graph, offer)
    finally:
        graph.driver.close()
    assert len(graph.attempts) == 2, "one attempt cut, the retry went through"
    after = current_state(server.graph, "offer", offer)
    assert after["version"] == before["version"] + 1 == saved.version
    assert after["title"] == before["title"] + " (geändert)" and after["topics"] == []
    assert changes_on(server.graph, offer) == changes + 1, "exactly one audit record"


def test_an_undo_that_loses_its_connection_leaves_nothing_partial(server):
    offer = some_offer(server.graph)
    saved = edit(server.graph, offer)
    edited = current_state(server.graph, "offer", offer)
    changes = changes_on(server.graph, offer)
    graph = severing(server, q.LINK_UNDO, cuts=1000)  # after the restored values' Change
    try:
        with pytest.raises(GraphUnavailable):
            editing.undo(graph, saved.change_id, ACTOR)
    finally:
        graph.driver.close()
    assert current_state(server.graph, "offer", offer) == edited, "nothing was restored"
    assert changes_on(server.graph, offer) == changes, "no undo Change without its link"
    assert not server.graph.read("MATCH (c:Change {id: $id}) RETURN c.undone AS u",
                                 id=saved.change_id)[0]["u"]
    editing.undo(server.graph, saved.change_id, ACTOR)  # and it can still be undone


# --- an embedder that cannot be loaded -----------------------------------------------


def test_an_embedder_that_cannot_be_loaded_names_its_setting(server, caplog):
    missing = "/nicht/vorhanden/modell"
    app = make_app(server.connection, LOTSE_EMBEDDING_MODEL=missing)
    try:
        result = app.test_cli_runner().invoke(args=["init-db", "--no-seed"])
        assert result.exit_code == 1, result.output
        assert f"LOTSE_EMBEDDING_MODEL='{missing}' cannot be loaded" in result.output
        assert "Traceback" not in result.output

        with caplog.at_level(logging.ERROR, logger="webapp.errors"):
            api = app.test_client().get("/api/v1/search?q=Schuldnerberatung")
            page = app.test_client().get("/suche?q=Schuldnerberatung")
    finally:
        close_app(app)
    assert api.status_code == 503
    assert api.get_json()["error"]["message"].startswith("Die Suche ist gerade nicht verfügbar")
    assert page.status_code == 503 and "Die Suche ist gerade nicht" in page.get_data(
        as_text=True)
    assert any("LOTSE_EMBEDDING_MODEL" in r.getMessage() for r in caplog.records), (
        "the log names the setting to fix")
