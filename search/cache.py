"""Derived, read-only data from the graph, kept per process for a short time.

An edit in the graph shows up within the TTL on every worker without any cross-process
coordination; the worker that made the edit may clear its copy at once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from graph.driver import Graph

T = TypeVar("T")


class TimedCache(Generic[T]):
    """One value per process, loaded from the graph and reloaded after `ttl` seconds."""

    def __init__(self, load: Callable[[Graph], T], ttl: float = 60.0) -> None:
        self._load = load
        self.ttl = ttl
        self._lock = threading.Lock()
        self._value: T | None = None
        self._loaded_at = 0.0

    def get(self, graph: Graph) -> T:
        with self._lock:
            if self._value is None or time.monotonic() - self._loaded_at > self.ttl:
                self._value = self._load(graph)
                self._loaded_at = time.monotonic()
            return self._value

    def clear(self) -> None:
        with self._lock:
            self._value = None
