"""Search quality and latency: full-text only vs. vector only vs. the hybrid, in one run.

    make bench-search        (or: .venv/bin/python -m bench.search_quality)
    .venv/bin/python -m bench.search_quality --sets devset,own,tuning   (no holdout)

Questions: the shared dev set (../shared/devset/questions.json), the project's
own set (bench/questions.json), the tuning set in other styles
(bench/questions_tuning.json) and the held-out set (bench/questions_holdout.json),
which is never tuned on: its misses are not printed and it stays out of the "all"
rows, so they remain comparable with earlier runs. A result is a hit when its title contains one of
`expect_any` (case- and umlaut-insensitive). Prints recall@1, recall@5, MRR@10,
place precision (share of results in the asked place or city-wide), honesty
(out-of-scope questions answered with no_good_match), and p50/p95 latency of
/api/v1/search over real HTTP, with /healthz of the same server as the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.cold_start import free_port, wait_for_health
from bench.harness import seeded_lotse
from search.text import fold

ROOT = Path(__file__).resolve().parent.parent
QUESTION_SETS = {
    "devset": ROOT.parent / "shared" / "devset" / "questions.json",
    "own": ROOT / "bench" / "questions.json",
    "tuning": ROOT / "bench" / "questions_tuning.json",
    "holdout": ROOT / "bench" / "questions_holdout.json",
}
HELD_OUT = {"holdout"}
VARIANTS = ("fulltext", "vector", "hybrid")
LATENCY_REQUESTS = 300


@dataclass
class Scores:
    ranks: list[int | None] = field(default_factory=list)  # rank of first hit, None = miss
    place_checks: list[float] = field(default_factory=list)
    honest: list[bool] = field(default_factory=list)
    wrongly_empty: int = 0

    def add(self, question: dict[str, Any], body: dict[str, Any]) -> None:
        results = body["results"]
        if question.get("kind") == "none":
            self.honest.append(bool(body["no_good_match"]) and not results)
            return
        wanted = [fold(s) for s in question["expect_any"]]
        rank = next((i for i, r in enumerate(results[:10], start=1)
                     if any(w in fold(r["title"]) for w in wanted)), None)
        self.ranks.append(rank)
        if body["no_good_match"]:
            self.wrongly_empty += 1
        places = set(question.get("places") or [])
        if places and results:
            inside = [r["citywide"] or bool(places & set(r["sozialraeume"])) for r in results]
            self.place_checks.append(sum(inside) / len(inside))

    def row(self) -> str:
        n = len(self.ranks)
        r1 = sum(1 for r in self.ranks if r == 1) / n if n else 0.0
        r5 = sum(1 for r in self.ranks if r and r <= 5) / n if n else 0.0
        mrr = sum(1 / r for r in self.ranks if r) / n if n else 0.0
        place = statistics.mean(self.place_checks) if self.place_checks else float("nan")
        honest = sum(self.honest) / len(self.honest) if self.honest else float("nan")
        return (f"{r1:9.3f} {r5:9.3f} {mrr:8.3f} {place:9.3f} {honest:7.3f}"
                f"   ({n} answerable, {len(self.honest)} out of scope,"
                f" {self.wrongly_empty} answerable said no match)")


def load_sets(names: list[str]) -> dict[str, dict[str, Any]]:
    return {name: json.loads(path.read_text(encoding="utf-8"))
            for name, path in QUESTION_SETS.items() if name in names and path.exists()}


def search(client: Any, question: str, mode: str) -> dict[str, Any]:
    response = client.get("/api/v1/search", query_string={"q": question, "limit": 10,
                                                          "mode": mode})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def chat_scores(client: Any, sequences: list[dict[str, Any]]) -> Scores:
    scores = Scores()
    for sequence in sequences:
        token = None
        for turn in sequence["turns"]:
            body = client.post("/api/v1/chat", json={"message": turn, "conversation": token})
            body = body.get_json()
            token = body["conversation"]
        scores.add({"expect_any": sequence["last_expect_any"],
                    "places": sequence.get("last_places")}, body)
    return scores


def quality(client: Any, sets: dict[str, dict[str, Any]]) -> list[str]:
    lines = ["", "Search quality (limit 10)",
             f"{'set':8} {'variant':9} {'recall@1':>9} {'recall@5':>9} {'MRR@10':>8} "
             f"{'place':>9} {'honest':>7}"]
    misses: list[str] = []
    tuned = {name: data for name, data in sets.items() if name not in HELD_OUT}
    for set_name, data in [*sets.items(), ("all", _combined(tuned))]:
        for variant in VARIANTS:
            scores = Scores()
            for question in data["questions"]:
                body = search(client, question["q"], variant)
                scores.add(question, body)
                if set_name not in ("all", *HELD_OUT) and variant == "hybrid":
                    misses += _miss_line(question, body)
            lines.append(f"{set_name:8} {variant:9} {scores.row()}")
        if data.get("chat"):
            lines.append(f"{set_name:8} {'chat':9} {chat_scores(client, data['chat']).row()}")
    if misses:
        lines += ["", "Hybrid misses (question -> top titles):", *misses]
    return lines


def _combined(sets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"questions": [q for s in sets.values() for q in s["questions"]],
            "chat": [c for s in sets.values() for c in s.get("chat", [])]}


def _miss_line(question: dict[str, Any], body: dict[str, Any]) -> list[str]:
    titles = [r["title"] for r in body["results"][:3]]
    if question.get("kind") == "none":
        return [] if body["no_good_match"] else [f"  [none] {question['q']} -> {titles}"]
    wanted = [fold(s) for s in question["expect_any"]]
    found = any(any(w in fold(r["title"]) for w in wanted) for r in body["results"][:5])
    return [] if found else [f"  {question['q']} -> {titles} {body['understood']['flags']}"]


def latency(env: dict[str, str], questions: list[str]) -> list[str]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--threads", "2", "webapp:create_app()"]
    server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(base + "/healthz")
        search_urls = [base + "/api/v1/search?" + urllib.parse.urlencode({"q": q})
                       for q in questions]
        for url in search_urls[:20]:  # warm both workers: lexicon, embedder
            _get(url)
        health = [_timed(base + "/healthz") for _ in range(LATENCY_REQUESTS)]
        searches = [_timed(search_urls[i % len(search_urls)]) for i in range(LATENCY_REQUESTS)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    s50, s95 = _percentiles(searches)
    h50, h95 = _percentiles(health)
    return ["", f"Latency over HTTP, warm, {LATENCY_REQUESTS} sequential requests each "
                "(gunicorn 2 workers x 2 threads)",
            f"  /api/v1/search  p50 {s50:6.1f} ms   p95 {s95:6.1f} ms",
            f"  /healthz        p50 {h50:6.1f} ms   p95 {h95:6.1f} ms   (baseline)",
            f"  ratio search/healthz at p95: {s95 / h95:.1f}"]


def _get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()


def _timed(url: str) -> float:
    started = time.perf_counter()
    _get(url)
    return (time.perf_counter() - started) * 1000


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(QUESTION_SETS),
                        help="comma-separated question sets (default: all)")
    sets = load_sets(parser.parse_args().sets.split(","))
    with seeded_lotse() as lotse:
        client = lotse.app.test_client()
        report = quality(client, sets)
        questions = [q["q"] for s in sets.values() for q in s["questions"]]
        report += latency(lotse.env, questions)
    print("\n".join(report))


if __name__ == "__main__":
    main()
