"""A gunicorn worker loads its search models when it starts, not at its first question."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest

from webapp.search_views import get_service
from webapp.warmup import warm_in_background

pytestmark = pytest.mark.integration

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def test_gunicorn_warms_each_worker_up_when_it_starts(app, monkeypatch):
    started = []
    monkeypatch.setattr("webapp.warmup.warm_in_background",
                        lambda wsgi: started.append(wsgi))
    runpy.run_path(str(CONF))["post_worker_init"](SimpleNamespace(wsgi=app))
    assert started == [app]


def test_the_warm_up_loads_both_embedders_and_logs_no_search(app):
    with app.app_context():
        service = get_service()
        assert not service.embedder.loaded
    warm_in_background(app).join(timeout=300)
    assert service.embedder.loaded and service.second_embedder.loaded
    events = service.graph.read("MATCH (e:SearchEvent) RETURN count(e) AS n")[0]["n"]
    assert events == 0  # the warm-up is no search anybody made
