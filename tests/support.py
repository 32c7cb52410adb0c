"""Helpers shared by the test suites: the test server and restoring the seeded graph."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.driver import Graph, connect
from graph.schema import apply_schema
from ingest.dataset import Dataset, load_dataset
from ingest.embeddings import refresh_embeddings
from ingest.seed import seed
from search.embedding import Embedder

WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
SNAPSHOT_EMBEDDINGS = (
    "MATCH (o:Offer) WHERE o.embedding IS NOT NULL "
    "RETURN o.id AS id, o.embedding AS embedding, o.embedding_hash AS hash"
)
RESTORE_EMBEDDINGS = (
    "UNWIND $rows AS row MATCH (o:Offer {id: row.id}) "
    "CALL db.create.setNodeVectorProperty(o, 'embedding', row.embedding) "
    "SET o.embedding_hash = row.hash"
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

    def __init__(self, graph: Graph, embedder: Embedder, data_dir: Path | None = None) -> None:
        self.graph = graph
        self.embedder = embedder
        self.dataset: Dataset = load_dataset(data_dir) if data_dir else load_dataset()
        self._embeddings: list[dict] = []

    def build(self) -> None:
        self.wipe()
        apply_schema(self.graph, vector_dimension=self.embedder.dimension)
        seed(self.graph, self.dataset)
        refresh_embeddings(self.graph, self.embedder)
        self._embeddings = [r.data() for r in self.graph.read(SNAPSHOT_EMBEDDINGS)]

    def restore(self) -> None:
        """Back to the state right after `build`, whatever a test did."""
        self.wipe()
        apply_schema(self.graph, vector_dimension=self.embedder.dimension)
        seed(self.graph, self.dataset)
        self.graph.write(RESTORE_EMBEDDINGS, rows=self._embeddings)
        refresh_embeddings(self.graph, self.embedder)  # records the model; embeds nothing

    def wipe(self) -> None:
        with self.graph.driver.session(database=self.graph.database) as session:
            session.run(WIPE).consume()


def open_graph(connection: Connection) -> Graph:
    return connect(connection.uri, connection.user, connection.password)
