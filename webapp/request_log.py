"""A request id for every request and one log line when it is answered.

The id is taken from the caller's `X-Request-ID` when it looks like one (a reverse proxy's
id then links its log to ours), else generated; it is echoed in the response's
`X-Request-ID` and added to every log line of the request (webapp.logs). The request's line
names the route rule, not the URL, and never the query string (it may hold a question).
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

HEADER = "X-Request-ID"
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")

log = logging.getLogger("webapp.request")


def request_id(header: str | None) -> str:
    """The caller's id if it is sane (letters, digits, `._:-`, at most 128), else a new one."""
    if header and SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def init_app(app: Flask) -> None:
    # Registered first, so it runs before any hook that may refuse the request.
    @app.before_request
    def start() -> None:
        g.request_id = request_id(request.headers.get(HEADER))
        g.request_started = time.perf_counter()

    @app.after_request
    def finish(response: Response) -> Response:
        response.headers[HEADER] = g.request_id
        log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method,
            "endpoint": request.url_rule.rule if request.url_rule else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - g.request_started) * 1000, 1),
        })
        return response
