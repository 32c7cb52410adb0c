"""The anonymous record of each search (what was understood, whether it was answered),
written to the graph off the request path.

An answer must not wait for its statistics: a commit in Neo4j costs a round trip and a
flush of its transaction log. Each process queues the events and one background thread
writes them. When the queue is full (Neo4j slow or down) an event is dropped with a
warning; the answer is never delayed. The question itself is never recorded.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import time
from typing import Any

from graph import queries as q
from graph.driver import Graph
from graph.errors import GraphError

log = logging.getLogger(__name__)

QUEUE_SIZE = 1_000
FLUSH_SECONDS = 5.0


class SearchLog:
    """Queues search events and writes them to the graph in a background thread."""

    def __init__(self, graph: Graph, size: int = QUEUE_SIZE) -> None:
        self.graph = graph
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(maxsize=size)
        self._lock = threading.Lock()
        self._writer: threading.Thread | None = None
        self.dropped = 0

    def record(self, **event: Any) -> None:
        """Queue one event (the parameters of `q.LOG_SEARCH`)."""
        self._start()
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.dropped += 1
            log.warning("Search event dropped: %d events waiting for Neo4j (%d dropped)",
                        self._queue.qsize(), self.dropped)

    def flush(self, timeout: float = FLUSH_SECONDS) -> bool:
        """Wait until every queued event is written (or `timeout` passed); True when done."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def _start(self) -> None:
        # Started on first use, not in __init__: gunicorn forks workers after the app is
        # made, and a thread does not survive a fork.
        with self._lock:
            if self._writer is None or not self._writer.is_alive():
                self._writer = threading.Thread(target=self._write_forever, daemon=True,
                                                name="search-log")
                self._writer.start()
                atexit.register(self.flush)

    def _write_forever(self) -> None:
        while True:
            event = self._queue.get()
            try:
                self.graph.write(q.LOG_SEARCH, **event)
            except GraphError as exc:  # the answers matter more than their statistics
                log.warning("Could not log a search event: %s", exc)
            except Exception:  # the writer must outlive any one event
                log.exception("Unexpected error while logging a search event")
            finally:
                self._queue.task_done()
