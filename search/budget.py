"""A CPU-time budget for scoring a search's candidates, so that no question can hold a
worker for long.

`SearchService.search` opens a budget; the per-offer work that grows with the question
(`search.evidence`) asks `exhausted()` and, once the budget is spent, scores the
remaining offers by their other signals only. The clock starts at the first question
asked, so that loading a model or the view vectors (once per process) costs a search
nothing; it is the CPU time of the calling thread: waiting for Neo4j or for a free core
costs nothing either. Everything else a search does is bounded by the caps on the
question (`search.understanding.MAX_NEEDS`, `search.retrieval.MAX_EMBEDDED_CHARS`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

SEARCH_BUDGET = 0.5  # seconds of CPU for scoring one search's candidates (and alternatives)


@dataclass
class Budget:
    seconds: float
    deadline: float | None = None  # in `time.thread_time()` seconds, from the first check
    spent: bool = False

    def exhausted(self) -> bool:
        now = time.thread_time()
        if self.deadline is None:
            self.deadline = now + self.seconds
        if not self.spent and now >= self.deadline:
            self.spent = True
        return self.spent


_current: ContextVar[Budget | None] = ContextVar("search_budget", default=None)


@contextmanager
def cpu_budget(seconds: float = SEARCH_BUDGET) -> Iterator[Budget]:
    """Within this block `exhausted()` turns True `seconds` of this thread's CPU after it
    was first asked."""
    budget = Budget(seconds)
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def exhausted() -> bool:
    """Whether the current search has spent its budget (False outside a search)."""
    budget = _current.get()
    return budget is not None and budget.exhausted()
