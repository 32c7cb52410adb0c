"""gunicorn settings read by `make run`, the container and the tests' gunicorn (all start
gunicorn in this folder): each worker warms up its search models before it serves."""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from webapp.warmup import warm_before_serving

    warm_before_serving(worker.wsgi, heartbeat=worker.notify)
