"""Driver lifecycle: one `neo4j.Driver` per Flask app.

The driver is created in the app factory without touching the network (the
driver connects lazily), stored in `app.extensions` and closed when the process
exits. Repository functions receive a `Graph` so they can also be used from the
CLI and tests without an app context.
"""

from __future__ import annotations

import atexit
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j
from flask import Flask, current_app
from neo4j import GraphDatabase, NotificationDisabledClassification, RoutingControl
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph.breaker import CircuitBreaker
from graph.errors import GraphError, GraphUnavailable

T = TypeVar("T")
EXTENSION_KEY = "lotse.graph"

# Errors that mean "the database is not there", as opposed to a bad query.
UNAVAILABLE_ERRORS = (ServiceUnavailable, SessionExpired, AuthError, OSError)
# Short waits while Neo4j is down: a request fails within a few seconds, and the breaker
# makes the following ones fail at once (see graph.breaker).
CONNECTION_TIMEOUT = 2.0
ACQUISITION_TIMEOUT = 5.0
RETRY_TIME = 2.0
OPEN_MESSAGE = "Neo4j was unreachable moments ago; not trying again yet (circuit open)"


@dataclass(frozen=True)
class Graph:
    """A driver together with the database name every call must use."""

    driver: neo4j.Driver
    database: str = "neo4j"
    breaker: CircuitBreaker = field(default_factory=CircuitBreaker, compare=False)

    def read(self, cypher: str, /, **params: Any) -> list[neo4j.Record]:
        """Run one read query (auto-commit, routed to readers)."""
        return self._query(cypher, RoutingControl.READ, params)

    def write(self, cypher: str, /, **params: Any) -> list[neo4j.Record]:
        """Run one write query as its own transaction."""
        return self._query(cypher, RoutingControl.WRITE, params)

    def ping(self, query: str) -> list[dict[str, Any]]:
        """Run one read without retries, so a health check answers at once when Neo4j is down."""
        with self._session() as session:
            return session.run(query).data()

    def read_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run a multi-statement read unit of work in one transaction."""
        with self._session() as session:
            return session.execute_read(work)

    def write_tx(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run a multi-statement write unit of work in one transaction (retried if transient)."""
        with self._session() as session:
            return session.execute_write(work)

    def _query(self, query: str, routing: RoutingControl, params: dict[str, Any]) -> list:
        with self._guarded():
            records, _, _ = self.driver.execute_query(
                query, parameters_=params, routing_=routing, database_=self.database
            )
        return records

    @contextmanager
    def _session(self) -> Iterator[neo4j.Session]:
        with self._guarded(), self.driver.session(database=self.database) as session:
            yield session

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Driver errors as GraphUnavailable/GraphError, through the circuit breaker."""
        if not self.breaker.allow():
            raise GraphUnavailable(OPEN_MESSAGE)
        try:
            yield
        except UNAVAILABLE_ERRORS as exc:
            self.breaker.failed()
            raise GraphUnavailable(str(exc)) from exc
        except Neo4jError as exc:
            self.breaker.succeeded()  # the server answered
            raise GraphError(f"{exc.code}: {exc.message}") from exc
        except BaseException:
            self.breaker.succeeded()  # not the database's fault (e.g. a refused edit)
            raise
        self.breaker.succeeded()


def connect(uri: str, user: str, password: str, database: str = "neo4j") -> Graph:
    """Create a driver; no network traffic happens until the first query."""
    driver = GraphDatabase.driver(
        uri,
        auth=(user, password),
        connection_timeout=CONNECTION_TIMEOUT,
        connection_acquisition_timeout=ACQUISITION_TIMEOUT,
        max_transaction_retry_time=RETRY_TIME,
        # Optional properties (e.g. `deleted`, absent until the first soft delete) would
        # otherwise log an "unknown property" warning on every query.
        notifications_disabled_classifications=[NotificationDisabledClassification.UNRECOGNIZED],
    )
    return Graph(driver=driver, database=database)


def init_app(app: Flask) -> None:
    """Attach a `Graph` to the app and close its driver when the process ends."""
    graph = connect(
        app.config["NEO4J_URI"],
        app.config["NEO4J_USER"],
        app.config["NEO4J_PASSWORD"],
        app.config["NEO4J_DATABASE"],
    )
    app.extensions[EXTENSION_KEY] = graph
    atexit.register(graph.driver.close)


def get_graph(app: Flask | None = None) -> Graph:
    """The app's `Graph` (the current app's when none is given)."""
    return (app or current_app).extensions[EXTENSION_KEY]
