"""gunicorn settings read by `make run`, the container and the tests' gunicorn (all start
gunicorn in this folder): each worker warms up its search models before it serves; all
processes log JSON lines (webapp.logs); the workers' metrics are added up across them
(webapp.metrics)."""

from __future__ import annotations

import os
import tempfile
from typing import Any

# Set before anything imports prometheus_client (webapp does): it picks its multiprocess
# mode at import, and the workers inherit it.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="lotse-metrics-")

from webapp import metrics_dir
from webapp.logs import LOGGING

metrics_dir.clear()
logconfig_dict = LOGGING
# No control socket in $HOME: nobody runs gunicornc, the container's file system is
# read-only, and two gunicorns on one machine would share its path.
control_socket_disable = True


def post_worker_init(worker: Any) -> None:
    from webapp.warmup import warm_before_serving

    warm_before_serving(worker.wsgi, heartbeat=worker.notify)


def child_exit(server: Any, worker: Any) -> None:
    metrics_dir.worker_exited(worker.pid)
