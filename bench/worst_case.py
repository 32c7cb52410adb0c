"""Worst-case questions: how much CPU one anonymous search or chat turn can cost.

    make bench-worst-case     (or: .venv/bin/python -m bench.worst_case)

Each question is at the length limit (just under 2,000 characters): one word repeated,
many different words of the offers' vocabulary, many sentences, and a normal question
as the baseline. Every request goes through the app in this process (no HTTP), so the
CPU time measured (`time.process_time`, all threads of the process, Neo4j excluded) is
the work one worker does for it. The first request of each kind warms the caches and
the embedders and is not counted.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from flask.testing import FlaskClient

from bench.harness import seeded_lotse

LIMIT = 1999
REPEATS = 3


def _fill(unit: str) -> str:
    return (unit * (LIMIT // len(unit) + 1))[:LIMIT].rsplit(" ", 1)[0]


def questions(vocabulary: list[str]) -> dict[str, str]:
    """The worst cases by name; `vocabulary` gives the many-words case its words."""
    many = " ".join(vocabulary)
    return {
        "normal question": "Schuldnerberatung für Alleinerziehende in Sterkrade",
        "one word × 222": _fill("Schulden "),
        "needs repeated": _fill("Schulden Miete Sucht Kinder Senioren Pflege Wohnung "),
        "many different words": many[:LIMIT].rsplit(" ", 1)[0],
        "many sentences": _fill("Ich habe Schulden und brauche Hilfe. "),
    }


def vocabulary(client: FlaskClient) -> list[str]:
    """Distinct words of the offers' titles, the likeliest to match something."""
    titles = client.get("/api/v1/offers?limit=100").get_json()
    words = {w.strip(".,:;()\"'") for item in titles["items"]
             for w in item["title"].split()}
    return sorted(w for w in words if len(w) > 3)


def measure(call: Callable[[], int]) -> tuple[float, float, int]:
    """(median CPU seconds, median wall seconds, last status) over REPEATS calls."""
    call()  # warm-up
    cpu, wall, status = [], [], 0
    for _ in range(REPEATS):
        c0, w0 = time.process_time(), time.perf_counter()
        status = call()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall), status


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()
    with seeded_lotse() as lotse:
        client = lotse.app.test_client()
        rows = ["| question | chars | endpoint | CPU s (median) | wall s | status |",
                "|---|---:|---|---:|---:|---:|"]
        for name, text in questions(vocabulary(client)).items():
            for endpoint, call in (
                ("GET /api/v1/search",
                 lambda t=text: client.get("/api/v1/search", query_string={"q": t}).status_code),
                ("POST /api/v1/chat",
                 lambda t=text: client.post("/api/v1/chat", json={"message": t}).status_code),
            ):
                cpu, wall, status = measure(call)
                rows.append(f"| {name} | {len(text)} | {endpoint} | {cpu:.2f} | {wall:.2f} "
                            f"| {status} |")
                print(rows[-1], flush=True)
    print("\n".join(rows))


if __name__ == "__main__":
    main()
