"""Helpers shared by the test suites: the test server and restoring the seeded graph."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from bench.harness import gunicorn
from graph import queries as q
from graph.driver import Graph, connect, get_graph
from graph.schema import apply_schema
from graph.users import create_user
from ingest.dataset import Dataset, load_dataset
from ingest.embeddings import (
    META_ID,
    refresh_embeddings,
    refresh_scope_references,
    stored_model,
)
from ingest.seed import seed
from search.embedding import Embedder
from webapp.search_views import get_service

WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
# Views are derived from offers and rarely touched by a test: a restore keeps them, puts
# back the views of offers a test changed, and links them to the reseeded offers again.
# The search's scope references stay too (a restore stores them again when gone).
WIPE_BUT_VIEWS = ("MATCH (n) WHERE NOT n:OfferView AND NOT n:ScopeReference "
                  "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS")
# What tells a view apart from the snapshot's: its text, and the models that embedded it.
CURRENT_VIEWS = ("MATCH (v:OfferView) RETURN v.id AS id, "
                 "[v.text, size(v.embedding), size(coalesce(v.embedding2, []))] AS key")
DELETE_VIEWS = "MATCH (v:OfferView) WHERE v.id IN $ids DETACH DELETE v"
RELINK_VIEWS = (
    "MATCH (v:OfferView) WHERE NOT (v)-[:VIEW_OF]->() "
    "MATCH (o:Offer {id: split(v.id, '#')[0]}) MERGE (v)-[:VIEW_OF]->(o)"
)
SNAPSHOT_EMBEDDINGS = (
    "MATCH (o:Offer) WHERE o.embedding IS NOT NULL "
    "CALL (o) { MATCH (v:OfferView)-[:VIEW_OF]->(o) WITH v ORDER BY v.id "
    "RETURN collect(v {.kind, .text, .embedding, .embedding2}) AS views } "
    "RETURN o.id AS id, o.embedding AS embedding, o.embedding_hash AS hash, views"
)


CLEAR_SEARCH_LOG = "MATCH (e:SearchEvent) DELETE e"


@dataclass(frozen=True)
class Connection:
    uri: str
    user: str
    password: str


def connection_from_env() -> Connection | None:
    """An existing server named by NEO4J_URI (its database is emptied by the tests)."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Connection(uri, os.environ.get("NEO4J_USER", "neo4j"),
                      os.environ.get("NEO4J_PASSWORD", ""))


class SeededGraph:
    """The seeded Oberhausen graph, restorable after a test changed it.

    Seeding is fast; embedding every offer is not, so the vectors of the first
    seed are kept and written back on restore instead of being recomputed.
    """

    def __init__(self, graph: Graph, embedder: Embedder, second: Embedder | None = None,
                 data_dir: Path | None = None) -> None:
        self.graph = graph
        self.embedder = embedder
        self.second = second
        self.dataset: Dataset = load_dataset(data_dir) if data_dir else load_dataset()
        self._embeddings: list[dict] = []
        self._offer_vectors: list[dict] = []
        self._meta: dict = {}

    def build(self) -> None:
        self.wipe()
        apply_schema(self.graph, vector_dimension=self.embedder.dimension)
        seed(self.graph, self.dataset)
        refresh_embeddings(self.graph, self.embedder, second=self.second)
        self._embeddings = [r.data() for r in self.graph.read(SNAPSHOT_EMBEDDINGS)]
        # Only the offers' own vectors go back on every restore; the views stay in place
        # unless a test changed them (sending them all costs a second per test).
        self._offer_vectors = [{key: row[key] for key in ("id", "embedding", "hash")}
                               for row in self._embeddings]
        self._meta = stored_model(self.graph) or {}

    def restore(self) -> None:
        """Back to the state right after `build`, whatever a test did."""
        with self.graph.driver.session(database=self.graph.database) as session:
            session.run(WIPE_BUT_VIEWS).consume()
        apply_schema(self.graph, vector_dimension=self.embedder.dimension)
        seed(self.graph, self.dataset)
        self.graph.write(q.SET_OFFER_EMBEDDINGS, rows=self._offer_vectors)
        expected = {f"{row['id']}#{n}": [view["text"], len(view["embedding"]),
                                            len(view["embedding2"] or [])]
                    for row in self._embeddings for n, view in enumerate(row["views"])}
        current = {r["id"]: r["key"] for r in self.graph.read(CURRENT_VIEWS)}
        changed = {i.split("#")[0] for i, key in expected.items() if current.get(i) != key}
        self.graph.write(DELETE_VIEWS, ids=[i for i in current if i not in expected
                                            or i.split("#")[0] in changed])
        self.graph.write(q.SET_OFFER_VIEWS,
                         rows=[row for row in self._embeddings if row["id"] in changed])
        self.graph.write(RELINK_VIEWS)
        self.graph.write(q.SET_META, id=META_ID, props=self._meta)
        self.graph.write(q.BUMP_VIEWS_VERSION)
        # Gone only after a wipe; the embedders' document cache has their vectors.
        refresh_scope_references(self.graph, self.embedder, self.second)

    def wipe(self) -> None:
        with self.graph.driver.session(database=self.graph.database) as session:
            session.run(WIPE).consume()


def close_app(app: Flask) -> None:
    """Close an app's driver once its search log is written: a background thread writes
    it, and closing the driver under a write breaks the driver's buffers."""
    with app.app_context():
        get_service().events.flush()
    get_graph(app).driver.close()


def open_graph(connection: Connection) -> Graph:
    return connect(connection.uri, connection.user, connection.password)


@contextmanager
def gunicorn_server(connection: Connection, state_dir: Path) -> Iterator[str]:
    """Lotse as `make run` serves it: gunicorn, 2 workers, development settings (the dev
    secret in `state_dir`). Yields the base URL; its log goes to `state_dir/gunicorn.log`."""
    state_dir.mkdir(parents=True, exist_ok=True)
    env = {"NEO4J_URI": connection.uri, "NEO4J_USER": connection.user,
           "NEO4J_PASSWORD": connection.password, "LOTSE_ENV": "development",
           "LOTSE_STATE_DIR": str(state_dir)}
    with gunicorn(env, log=state_dir / "gunicorn.log") as url:
        yield url


FIRST_OFFER = ("MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution) "
               "RETURN i.id AS institution, o.id AS offer ORDER BY o.id LIMIT 1")


def create_accounts(graph: Graph, password: str, gremium: str, **emails: str) -> dict[str, str]:
    """One account per role=email: a coordinator of `gremium`, an editor of the institution
    of the first offer (by id), planners and admins as they are. Returns that institution
    and offer ({"institution", "offer"})."""
    row = graph.read(FIRST_OFFER)[0]
    scopes = {"coordinator": {"gremien": [gremium]},
              "editor": {"institutions": [row["institution"]]}}
    for role, email in emails.items():
        create_user(graph, email, password, role, **scopes.get(role, {}))
    return row
