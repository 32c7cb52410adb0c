"""Liveness and readiness: `/healthz` answers 200 only when Neo4j answers.

It says whether the database answers, not which version it runs (nobody outside needs
that to attack it); while the circuit breaker is open (graph.breaker) it answers at once.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, jsonify

from graph.directory import server_version
from graph.driver import get_graph
from graph.errors import GraphUnavailable

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz() -> tuple[Response, int]:
    try:
        server_version(get_graph())
    except GraphUnavailable as exc:
        log.warning("Health check: Neo4j unavailable: %s", exc)
        return jsonify({"status": "unavailable",
                        "message": "Neo4j antwortet nicht (database unreachable)"}), 503
    return jsonify({"status": "ok", "neo4j": "ok"}), 200
