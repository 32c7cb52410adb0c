"""A gunicorn worker loads its search models when it starts, and serves only once they are
loaded: a question right after the start waits no longer than any other."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from webapp.search_views import get_service

pytestmark = pytest.mark.integration

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_a_worker_is_warm_when_its_start_hook_returns_and_no_search_is_logged(app):
    with app.app_context():
        service = get_service()
    assert not service.embedder.loaded
    beats: list[None] = []
    worker = SimpleNamespace(wsgi=app, notify=lambda: beats.append(None))
    runpy.run_path(str(CONF))["post_worker_init"](worker)
    assert service.embedder.loaded and service.second_embedder.loaded
    assert beats  # gunicorn's worker timeout heard from the worker while it loaded
    events = service.graph.read("MATCH (e:SearchEvent) RETURN count(e) AS n")[0]["n"]
    assert events == 0  # the warm-up is no search anybody made
