"""Lotse web app: `create_app()` builds a Flask app from the environment.

The factory wires subsystems with their `init_app` functions and does no I/O:
the Neo4j driver connects on first use, and schema and seed data are applied by
the `flask init-db` command that `make run` and the container run before serving.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from graph import driver
from webapp import (
    api,
    api_planning,
    api_search,
    auth,
    cli,
    cli_users,
    contact,
    directory,
    entities,
    errors,
    formatting,
    forms,
    health,
    manage,
    manage_admin,
    manage_common,
    manage_offers,
    manage_users,
    map_views,
    measures,
    metrics,
    planning,
    planning_awareness,
    recommendation_import,
    recommendations,
    request_log,
    search_views,
    security,
)
from webapp.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app; `overrides` (tests) are applied on top of the environment."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    # Text overrides count as environment: a test app's LOTSE_ENV=testing must be known
    # before the settings decide on a secret (and write none into the working directory).
    environ = {**os.environ, **{key: value for key, value in (overrides or {}).items()
                                if isinstance(value, str)}}
    app.config.from_mapping(Settings.from_env(environ).as_flask_config())
    if overrides:
        app.config.from_mapping(overrides)

    if app.config["LOTSE_PROXY_COUNT"]:
        # Behind the city's reverse proxy: client address and scheme come from X-Forwarded-*,
        # so that the login rate limit counts per client and not per proxy.
        proxies = app.config["LOTSE_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies)
    # First: their before-request hooks must run before any hook that may refuse a request.
    request_log.init_app(app)
    metrics.init_app(app)
    driver.init_app(app)
    search_views.init_app(app)
    entities.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    formatting.init_app(app)
    forms.init_app(app)
    contact.init_app(app)
    auth.init_app(app)
    manage_common.init_app(app)
    cli.init_app(app)
    cli_users.init_app(app)
    recommendation_import.init_app(app)
    app.register_blueprint(directory.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(search_views.bp)
    app.register_blueprint(api_search.bp)
    app.register_blueprint(map_views.bp)
    app.register_blueprint(auth.bp)
    for blueprint in (manage.bp, manage_offers.bp, manage_admin.bp, manage_users.bp):
        app.register_blueprint(blueprint)
    for blueprint in (recommendations.bp, measures.bp, recommendation_import.bp):
        app.register_blueprint(blueprint)
    for blueprint in (planning.bp, planning_awareness.bp, api_planning.bp):
        app.register_blueprint(blueprint)
    return app
