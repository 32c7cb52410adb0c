"""Warm a worker up before its first question: load both embedders, the lexicon, the
view vectors and the ranking model by answering one question nobody asked.

Loading them lazily made the first question of each gunicorn worker wait 3 s (18 s after
`make run`). `gunicorn.conf.py` starts this in a thread when a worker starts: the worker
answers `/healthz` at once, and a question that arrives during the warm-up waits for the
same loads it would have started itself.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import Flask

from webapp.search_views import get_service

log = logging.getLogger(__name__)
QUESTION = "Beratung für Familien"


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


def warm_in_background(app: Flask) -> threading.Thread:
    thread = threading.Thread(target=warm, args=(app,), name="lotse-warm-up", daemon=True)
    thread.start()
    return thread
