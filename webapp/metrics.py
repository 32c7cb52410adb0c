"""`/metrics` in Prometheus' text format: requests and their latency per route, and how
searches ended.

Under gunicorn every worker counts in files of one folder (`PROMETHEUS_MULTIPROC_DIR`, set
by gunicorn.conf.py; prometheus_client's multiprocess mode) and a scrape adds up all
workers, whichever worker answers it. Without that folder (tests, `flask run`) the process
counts on its own.

Who may read it: with `LOTSE_METRICS_TOKEN` set, a caller sending
`Authorization: Bearer <token>`; without it, only callers on this machine (loopback, after
the trusted proxies of `LOTSE_PROXY_COUNT`). Anyone else gets a 404.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

from flask import Blueprint, Flask, Response, abort, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

bp = Blueprint("metrics", __name__)

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
REQUESTS = Counter("lotse_http_requests", "HTTP requests answered, by route rule and status",
                   ["method", "endpoint", "status"])
LATENCY = Histogram("lotse_http_request_duration_seconds",
                    "Time from the request reaching the app to its response, by route rule",
                    ["method", "endpoint"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0))
SEARCHES = Counter("lotse_search_outcomes",
                   "Searches and chat turns by channel and outcome: answered 'sicher' or "
                   "'vielleicht', 'refused' (no good match), 'vague' (asked back)",
                   ["channel", "outcome"])


def count_search(channel: str, confidence: str | None, vague: bool = False) -> None:
    """Count one answered question; `confidence` as the search gives it (None: nothing)."""
    outcome = "vague" if vague else (confidence or "refused")
    SEARCHES.labels(channel=channel, outcome=outcome).inc()


def _endpoint() -> str:
    """The route rule (`/angebote/<offer_id>`), never the raw URL: one series per route."""
    return request.url_rule.rule if request.url_rule else "unmatched"


def _allowed() -> bool:
    token = current_app.config["LOTSE_METRICS_TOKEN"]
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    try:
        return ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics() -> Response:
    if not _allowed():
        abort(404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def init_app(app: Flask) -> None:
    @app.before_request
    def start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        method = request.method if request.method in METHODS else "other"
        endpoint = _endpoint()
        REQUESTS.labels(method=method, endpoint=endpoint, status=str(response.status_code)
                        ).inc()
        LATENCY.labels(method=method, endpoint=endpoint).observe(
            time.perf_counter() - g.metrics_started)
        return response

    app.register_blueprint(bp)
