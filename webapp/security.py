"""CSRF protection on every POST and security headers on every response.

Every response says how it may be cached. Responses to a logged-in browser, and answers
that carry a question (search and chat, `no_store`), are never stored (`no-store`):
account lists, drafts, the change log and a practitioner's questions must not stay in a
shared computer's browser cache or a proxy. Other pages and the API may be kept but are
asked for again each time (`no-cache`), so an edit shows at once; static files are
revalidated with their ETag.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, make_response, request, session
from flask_wtf.csrf import CSRFProtect

from webapp.config import ConfigError

csrf = CSRFProtect()

# Longer URLs get a German 414 from the app; gunicorn refuses request lines over 8,190
# bytes itself (`--limit-request-line` in the Makefile and the Dockerfile).
MAX_URL_LENGTH = 4000
TILE_HOST = re.compile(r"^[A-Za-z0-9*.-]+(:[0-9]{1,5})?$")


def tile_origin(tile_url: str) -> str | None:
    """The CSP source of the map's tile server (`{s}` subdomains become `*`); None if local."""
    parts = urlsplit(tile_url.strip().replace("{s}", "*"))
    if not parts.scheme and not parts.netloc:
        return None
    if parts.scheme not in ("http", "https") or not TILE_HOST.match(parts.netloc):
        raise ConfigError(f"LOTSE_TILE_URL must be an http(s) URL, got {tile_url[:80]!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(tile_url: str = "") -> str:
    """The policy: only this origin, plus images from the configured tile server."""
    origin = tile_origin(tile_url)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:" + (f" {origin}" if origin else ""),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    production = app.config["LOTSE_ENV"] == "production"
    policy = content_security_policy(app.config.get("LOTSE_TILE_URL", ""))

    @app.before_request
    def refuse_long_urls() -> None:
        if len(request.full_path) > MAX_URL_LENGTH:
            abort(414)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", policy)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.endpoint == "static":
            return response  # Flask's no-cache with an ETag
        # flask-login's key: this browser is logged in
        if "_user_id" in session:
            headers["Cache-Control"] = "no-store"
            headers.add("Vary", "Cookie")
        else:
            # Public pages and the API change with every edit: a cache must ask again.
            headers.setdefault("Cache-Control", "no-cache")
        return response


def no_store(view: Callable[..., Any]) -> Callable[..., Response]:
    """For views whose answer carries a question: no browser or proxy keeps it."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Response:
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper
