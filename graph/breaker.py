"""A small circuit breaker: after the database failed, fail fast for a short while.

Without it every request of a page waits for the driver's connection timeout and
retries while Neo4j is down, and the requests queue up behind each other. Once open,
the breaker refuses calls at once for `cooldown` seconds; then one call may try again
(half-open), and a success closes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class CircuitBreaker:
    """Thread-safe; one per driver (so per worker process)."""

    def __init__(self, cooldown: float = 3.0, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.cooldown = cooldown
        self._clock = clock
        self._opened_at: float | None = None
        self._trial = False  # a half-open trial call is under way
        self._lock = threading.Lock()

    def allow(self) -> bool:
        """Whether a call may go to the database now."""
        with self._lock:
            if self._opened_at is None:
                return True
            if self._trial or self._clock() - self._opened_at < self.cooldown:
                return False
            self._trial = True
            return True

    def failed(self) -> None:
        with self._lock:
            self._opened_at = self._clock()
            self._trial = False

    def succeeded(self) -> None:
        with self._lock:
            self._opened_at = None
            self._trial = False

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._opened_at is not None
