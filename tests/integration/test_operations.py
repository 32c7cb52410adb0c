"""Operations: a request id in every response and log line, JSON log lines, `/metrics` (who
may read it, and under gunicorn the sum of both workers), the cache and security headers."""

from __future__ import annotations

import io
import json
import logging
import re
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.conftest import make_app
from webapp.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.integration

HEX_ID = re.compile(r"[0-9a-f]{32}")
NETWORK_QUESTION = "Wann tagt das Sozialraumgremium Osterfeld?"


# --- request id and log lines (in-process) --------------------------------------------


@pytest.fixture
def json_log():
    """The app's log lines as gunicorn writes them (webapp.logs), parsed."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("webapp")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def test_a_sane_request_id_is_kept_and_any_other_replaced(client):
    assert client.get("/healthz", headers={"X-Request-ID": "proxy-4711.a:b"}
                      ).headers["X-Request-ID"] == "proxy-4711.a:b"
    for insane in ("mit Leerzeichen", "x" * 129, "<script>", ""):
        answered = client.get("/healthz", headers={"X-Request-ID": insane})
        assert HEX_ID.fullmatch(answered.headers["X-Request-ID"]), insane
    assert client.get("/gibt-es-nicht").headers["X-Request-ID"]


def test_every_log_line_of_a_request_carries_its_id_and_errors_their_traceback(
        neo4j_connection, seeded_state, json_log):
    app = make_app(neo4j_connection)

    def broken() -> str:
        raise RuntimeError("kaputt")

    app.add_url_rule("/test/kaputt", "broken", broken)
    client = app.test_client()
    rejected = client.get("/api/v1/search?q=", headers={"X-Request-ID": "abc-1"})
    failed = client.get("/test/kaputt")
    assert rejected.status_code == 400 and failed.status_code == 500
    lines = json_log()
    of_rejected = [line for line in lines if line["request_id"] == "abc-1"]
    assert {line["logger"] for line in of_rejected} == {"webapp.errors", "webapp.request"}
    request_line = next(line for line in of_rejected if line["logger"] == "webapp.request")
    assert request_line["message"] == "GET /api/v1/search 400"
    assert (request_line["endpoint"], request_line["status"]) == ("/api/v1/search", 400)
    assert request_line["duration_ms"] >= 0
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == failed.headers["X-Request-ID"]
    assert "RuntimeError: kaputt" in error["exception"]
    assert "q=" not in json.dumps(lines), "no query string in the log"


def test_every_response_says_how_to_cache_it_and_carries_the_security_headers(client):
    asked = urllib.parse.quote(NETWORK_QUESTION)  # answered from the graph: no embedder
    expected = {"/": "no-cache", "/angebote": "no-cache", "/api/v1/offers": "no-cache",
                "/healthz": "no-cache", "/gibt-es-nicht": "no-cache",
                "/suche": "no-store", f"/api/v1/search?q={asked}": "no-store"}
    for path, cache in expected.items():
        headers = client.get(path).headers
        assert headers["Cache-Control"] == cache, path
        for name in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                     "Referrer-Policy", "Cross-Origin-Resource-Policy", "X-Request-ID"):
            assert name in headers, (path, name)
    chat = client.post("/api/v1/chat", json={"message": NETWORK_QUESTION})
    assert chat.status_code == 200 and chat.headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/lotse.css")
    assert static.headers["Cache-Control"] == "no-cache" and static.headers["ETag"]
    static.close()


# --- who may read /metrics -----------------------------------------------------------


def test_metrics_answer_loopback_only_unless_a_token_is_set(neo4j_connection, seeded_state,
                                                            client):
    local = client.get("/metrics")
    assert local.status_code == 200 and local.mimetype == "text/plain"
    assert "lotse_http_requests_total" in local.get_data(as_text=True)
    remote = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get("/metrics", environ_base=remote).status_code == 404

    token = "ein-geheimes-token-fuer-prometheus"
    with_token = make_app(neo4j_connection, LOTSE_METRICS_TOKEN=token).test_client()
    assert with_token.get("/metrics").status_code == 404, "the token is needed on loopback too"
    assert with_token.get("/metrics", environ_base=remote,
                          headers={"Authorization": "Bearer falsch"}).status_code == 404
    assert with_token.get("/metrics", environ_base=remote,
                          headers={"Authorization": f"Bearer {token}"}).status_code == 200


# --- under gunicorn: JSON lines, both workers counted --------------------------------


def fetch(url: str, request_id: str | None = None) -> str:
    headers = {"X-Request-ID": request_id} if request_id else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers),
                                timeout=60) as response:
        return response.read().decode()


def sample(metrics: str, name: str, **labels: str) -> float:
    """The sum of the samples of `name` whose labels include `labels`."""
    total = 0.0
    for line in metrics.splitlines():
        match = re.fullmatch(rf"{name}\{{(.*)\}} (\S+)", line)
        if match and all(f'{k}="{v}"' in match[1] for k, v in labels.items()):
            total += float(match[2])
    return total


def test_metrics_add_up_both_workers_and_the_log_is_json(gunicorn_url, gunicorn_state):
    healthz = {"name": "lotse_http_requests_total", "endpoint": "/healthz", "status": "200"}
    searches = {"name": "lotse_search_outcomes_total", "channel": "api"}
    before = fetch(gunicorn_url + "/metrics")
    ids = [f"ops-{uuid.uuid4().hex[:8]}-{n}" for n in range(24)]
    with ThreadPoolExecutor(6) as pool:  # parallel, on new connections: both workers serve
        list(pool.map(lambda rid: fetch(gunicorn_url + "/healthz", rid), ids))
    asked = urllib.parse.quote(NETWORK_QUESTION)
    answer = json.loads(fetch(gunicorn_url + f"/api/v1/search?q={asked}"))
    scrapes = [fetch(gunicorn_url + "/metrics") for _ in range(4)]

    log = [json.loads(line) for line in
           (gunicorn_state / "gunicorn.log").read_text(encoding="utf-8").splitlines()]
    served = [line for line in log if line.get("request_id") in ids]
    assert len(served) == len(ids) and all(
        line["logger"] == "webapp.request" and line["endpoint"] == "/healthz" for line in served)
    pids = {line["pid"] for line in served}
    for scrape in scrapes:  # whichever worker answers, it counts both
        assert sample(scrape, **healthz) - sample(before, **healthz) == len(ids), pids
        assert sample(scrape, **searches) - sample(before, **searches) == 1
        outcome = answer["confidence"] or "refused"
        assert sample(scrape, **searches, outcome=outcome) - sample(
            before, **searches, outcome=outcome) == 1
    assert "tagt" not in json.dumps(log), "no question in the log"
