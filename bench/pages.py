"""Planner pages and the warm start on the seed data, over HTTP against gunicorn (2 workers).

Called by `python -m bench.planning --pages` (`make bench-pages`). Page times are the
median and maximum of sequential requests of a logged-in planner after one warm-up
request per page, with `/healthz` of the same server as the baseline. The warm start
compares gunicorn without `gunicorn.conf.py` (models load at a worker's first question)
with the shipped configuration (each worker warms up when it starts).
"""

from __future__ import annotations

import http.cookiejar
import re
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Sequence

from bench.harness import gunicorn
from graph.driver import connect
from graph.users import create_user, find_by_email, set_password

PLANNER = "bench-planner@example.org"
PASSWORD = "bench-planner-password"  # noqa: S105 - a throwaway account of the bench graph
PAGES = (
    "/planung/netzwerk",
    "/planung/netzwerk?sozialraum=osterfeld",
    "/planung/doppelstrukturen",
    "/planung/sozialraeume/osterfeld",
    "/planung/sozialraeume/sterkrade-mitte",
    "/planung/luecken",
)
REPEATS = 15
QUESTION = "Hilfe für Alleinerziehende in Osterfeld"
LATER_QUESTIONS = 20
NO_CONFIG = ("-c", "/dev/null")  # gunicorn without gunicorn.conf.py: no warm-up


class Session:
    """A browser's cookies against one server."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> str:
        with self._opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def timed(self, path: str) -> float:
        started = time.perf_counter()
        self.get(path)
        return time.perf_counter() - started

    def login(self, email: str, password: str) -> None:
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get("/login"))
        body = urllib.parse.urlencode({"email": email, "password": password,
                                       "csrf_token": token.group(1) if token else ""})
        with self._opener.open(self.base + "/login", data=body.encode(), timeout=60) as page:
            if "/login" in page.geturl():
                raise RuntimeError(f"login of {email} failed")


def ensure_planner(env: dict[str, str]) -> None:
    graph = connect(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    try:
        if find_by_email(graph, PLANNER):
            set_password(graph, PLANNER, PASSWORD)
        else:
            create_user(graph, PLANNER, PASSWORD, "planner")
    finally:
        graph.driver.close()


def page_times(env: dict[str, str], pages: Sequence[str] = PAGES) -> list[str]:
    ensure_planner(env)
    with gunicorn(env) as base:
        session = Session(base)
        session.login(PLANNER, PASSWORD)
        rows = [("/healthz (baseline)", _series(session, "/healthz"))]
        rows += [(page, _series(session, page)) for page in pages]
    health = statistics.median(rows[0][1])
    lines = [f"Planner pages, gunicorn 2 workers x 2 threads, {REPEATS} sequential requests "
             "each after one warm-up request", "",
             "| page | median ms | max ms | median / healthz |", "|---|---:|---:|---:|"]
    for page, times in rows:
        median = statistics.median(times)
        lines.append(f"| `{page}` | {median * 1000:.0f} | {max(times) * 1000:.0f} | "
                     f"{median / health:.0f} |")
    return lines


def _series(session: Session, path: str) -> list[float]:
    session.get(path)
    return [session.timed(path) for _ in range(REPEATS)]


def warm_start(env: dict[str, str]) -> list[str]:
    lines = ["Warm start: gunicorn 2 workers x 2 threads, questions sent one after another "
             "as soon as /healthz answers", "",
             "| gunicorn | start → /healthz 200 s | 1st question s | 2nd s | 3rd s "
             f"| median of the next {LATER_QUESTIONS} s | start → 1st answer s |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    question = "/api/v1/search?" + urllib.parse.urlencode({"q": QUESTION})
    for name, args in (("without gunicorn.conf.py (lazy)", NO_CONFIG),
                       ("with gunicorn.conf.py (warm-up)", ())):
        started = time.perf_counter()
        with gunicorn(env, args=args) as base:
            ready = time.perf_counter() - started
            session = Session(base)
            first = [session.timed(question) for _ in range(3)]
            answered = ready + first[0]
            later = statistics.median(session.timed(question) for _ in range(LATER_QUESTIONS))
        lines.append(f"| {name} | {ready:.1f} | {first[0]:.2f} | {first[1]:.2f} | "
                     f"{first[2]:.2f} | {later:.2f} | {answered:.1f} |")
    return lines
