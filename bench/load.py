"""Load and soak: many concurrent users against gunicorn (2 workers) on the seed data.

    make bench-load        (or: .venv/bin/python -m bench.load [--duration 300] [--clients 50])

A throwaway Neo4j is seeded (bench.harness), Lotse runs under gunicorn as `make run` serves
it, and `--clients` users share loopback for `--duration` seconds: `--coordinators` of them
log in and edit the contact of the same two gremien with the real form (CSRF token,
optimistic version), the others chat (whole conversations with the token), search, open
pages and ask /healthz (the in-run baseline), each with a think time of about `--think`
seconds. Reported: errors (must be 0), p50/p95/p99 per kind and their ratio to /healthz,
the RSS of both workers and of Neo4j over time, every saved edit checked against its
`Change` node (no lost update), stale saves refused (409) counted, the request total of
/metrics checked against the requests the clients made, and the mean time inside the app
per route from /metrics (without gunicorn's queue). Exit code 1 on any error.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.harness import gunicorn, seeded_lotse
from bench.load_clients import PASSWORD, Material, Recorder, Session, coordinator, visitor
from graph.driver import Graph, connect
from graph.users import create_user

ROOT = Path(__file__).resolve().parent.parent
GREMIEN = 2  # all coordinators edit the same few gremien: conflicts are the point
SAMPLE_EVERY = 5.0


def rss_mb(pid: int) -> float | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found[1]) / 1024 if found else None


def gunicorn_workers(port: int) -> list[int]:
    """The worker processes of the gunicorn this process started on `port`."""
    master = [pid for pid in _processes(f"127.0.0.1:{port}") if _ppid(pid) == os.getpid()]
    return sorted(pid for pid in _processes(f"127.0.0.1:{port}")
                  if master and _ppid(pid) == master[0])


def _processes(needle: str) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _ppid(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


class Sampler(threading.Thread):
    """RSS of the workers and of Neo4j every few seconds: (seconds, {name: MB})."""

    def __init__(self, port: int, neo4j_pid: int | None, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.neo4j_pid, self.stop = port, neo4j_pid, stop
        self.samples: list[tuple[float, dict[str, float]]] = []
        self.workers_seen: set[int] = set()

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.is_set():
            workers = gunicorn_workers(self.port)
            self.workers_seen.update(workers)
            sample = {f"worker {n + 1}": rss_mb(pid) or 0.0 for n, pid in enumerate(workers)}
            if self.neo4j_pid:
                sample["neo4j"] = rss_mb(self.neo4j_pid) or 0.0
            self.samples.append((time.monotonic() - started, sample))
            self.stop.wait(SAMPLE_EVERY)


def wait_until_warm(log: Path, workers: int = 2, timeout: float = 300) -> float:
    """Wait until each worker logged the end of its warm-up (webapp.warmup), so the run
    measures warm workers; returns the seconds waited."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
        if text.count("Worker warmed up") + text.count("Warm-up failed") >= workers:
            break
        time.sleep(0.5)
    return time.monotonic() - started


def material(graph: Graph) -> Material:
    own = json.loads((ROOT / "bench" / "questions.json").read_text(encoding="utf-8"))
    ids = {label: [r["id"] for r in graph.read(
        f"MATCH (n:{label}) RETURN n.id AS id ORDER BY n.id LIMIT 20")]
        for label in ("Offer", "Institution", "Gremium", "Sozialraum")}
    pages = ["/", "/angebote", "/einrichtungen", "/gremien", "/sozialraeume", "/karte",
             "/api/v1/offers", "/api/v1/map"]
    pages += [f"/angebote/{i}" for i in ids["Offer"]]
    pages += [f"/einrichtungen/{i}" for i in ids["Institution"]]
    pages += [f"/gremien/{i}" for i in ids["Gremium"]]
    pages += [f"/sozialraeume/{i}" for i in ids["Sozialraum"]]
    return Material([q["q"] for q in own["questions"]], [c["turns"] for c in own["chat"]],
                    pages)


def percentiles(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return statistics.median(ordered) * 1000, at(0.95), at(0.99)


def scrape(base: str) -> str:
    with urllib.request.urlopen(base + "/metrics", timeout=60) as response:
        return response.read().decode()


def by_endpoint(metrics: str, name: str) -> dict[str, float]:
    """The samples of `name` added up per `endpoint` label."""
    totals: dict[str, float] = {}
    for line in metrics.splitlines():
        found = re.fullmatch(rf'{name}\{{.*endpoint="([^"]*)".*\}} (\S+)', line)
        if found:
            totals[found[1]] = totals.get(found[1], 0.0) + float(found[2])
    return totals


def server_time(before: str, after: str) -> dict[str, tuple[float, float]]:
    """Per route rule: (requests, mean ms inside the app) during the run, from /metrics —
    the time after gunicorn handed the request to a worker thread, without the queue."""
    name = "lotse_http_request_duration_seconds"
    sums = [by_endpoint(text, name + "_sum") for text in (before, after)]
    counts = [by_endpoint(text, name + "_count") for text in (before, after)]
    result = {}
    for endpoint, count in counts[1].items():
        n = count - counts[0].get(endpoint, 0.0)
        if n:
            result[endpoint] = (n, (sums[1][endpoint] - sums[0].get(endpoint, 0.0)) / n * 1000)
    return result


def check_edits(graph: Graph, before: dict[str, dict], recorder: Recorder) -> list[str]:
    """Every saved edit has its Change, versions add up, the last save is what is shown."""
    problems = []
    for gremium, start in before.items():
        saved = [contact for g, contact in recorder.saved if g == gremium]
        rows = graph.read(
            "MATCH (c:Change)-[:ON]->(g:Gremium {id: $id}) WHERE c.version_after > $v "
            "RETURN c.after_json AS after, c.version_after AS v ORDER BY v", id=gremium,
            v=start["version"])
        recorded = [json.loads(r["after"]).get("contact") for r in rows]
        now = graph.read("MATCH (g:Gremium {id: $id}) RETURN g.version AS version, "
                         "g.contact AS contact", id=gremium)[0]
        if sorted(recorded) != sorted(saved):
            problems.append(f"{gremium}: {len(saved)} saves answered 302, {len(recorded)} "
                            "Change nodes, or their contacts differ")
        if now["version"] != start["version"] + len(saved):
            problems.append(f"{gremium}: version {start['version']} + {len(saved)} saves "
                            f"!= {now['version']}")
        if recorded and now["contact"] != recorded[-1]:
            problems.append(f"{gremium}: shows {now['contact']!r}, last Change {recorded[-1]!r}")
    return problems


@dataclass
class Run:
    """What one run measured and checked."""

    recorder: Recorder
    sampler: Sampler
    elapsed: float
    counted: tuple[float, int]  # requests counted by /metrics, requests the clients made
    server: dict[str, tuple[float, float]]  # route rule: (requests, mean ms in the app)
    edit_problems: list[str]

    @property
    def failed(self) -> bool:
        return bool(self.recorder.errors or self.edit_problems
                    or self.counted[0] != self.counted[1]
                    or len(self.sampler.workers_seen) > 2)


def drive(base: str, graph: Graph, args: argparse.Namespace,
          neo4j_pid: int | None = None) -> Run:
    """Run the clients against the app at `base` (its graph: `graph`) and check the edits."""
    gremien = [r["id"] for r in graph.read(
        "MATCH (g:Gremium) RETURN g.id AS id ORDER BY id LIMIT $n", n=GREMIEN)]
    stamp = int(time.time())
    emails = [f"koordination-{stamp}-{n}@example.org" for n in range(args.coordinators)]
    for email in emails:
        create_user(graph, email, PASSWORD, "coordinator", gremien=gremien)
    before = {g: graph.read("MATCH (n:Gremium {id: $id}) RETURN n.version AS version",
                            id=g)[0] for g in gremien}
    stuff = material(graph)
    metrics_before = scrape(base)
    recorder, stop = Recorder(), threading.Event()
    sampler = Sampler(int(base.rsplit(":", 1)[1]), neo4j_pid, stop)
    sampler.start()
    threads = []
    for n in range(args.clients):
        rng = random.Random(n)
        session = Session(base, recorder)
        target, extra = ((coordinator, (emails[n], gremien)) if n < args.coordinators
                         else (visitor, (stuff,)))
        threads.append(threading.Thread(
            target=target, args=(session, *extra, stop, args.think, rng), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    stop.wait(args.duration)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - started
    sampler.join(timeout=30)
    made = sum(len(v) for v in recorder.latencies.values()) - sum(
        1 for e in recorder.errors if ": HTTP " not in e)  # refused, reset, no form
    metrics_after = scrape(base)
    total = "lotse_http_requests_total"
    counted = (sum(by_endpoint(metrics_after, total).values())
               - sum(by_endpoint(metrics_before, total).values()) - 1,  # the first scrape
               made)
    return Run(recorder, sampler, elapsed, counted, server_time(metrics_before, metrics_after),
               check_edits(graph, before, recorder))


def report(run: Run, args: argparse.Namespace) -> list[str]:
    recorder, sampler, elapsed = run.recorder, run.sampler, run.elapsed
    lines = [f"Load: {args.clients} clients ({args.coordinators} coordinators editing), "
             f"think time ~{args.think:.1f} s, {elapsed:.0f} s, gunicorn 2 workers x 2 threads",
             "", "| kind | requests | errors | p50 ms | p95 ms | p99 ms | p50 / healthz | "
             "p95 / healthz |", "|---|---|---|---|---|---|---|---|"]
    base = percentiles(recorder.latencies["healthz"]) if recorder.latencies["healthz"] else None
    total = 0
    for kind in ("healthz", "page", "search", "chat", "edit-form", "edit", "login"):
        values = recorder.latencies.get(kind)
        if not values:
            continue
        total += len(values)
        errors = sum(1 for e in recorder.errors if e.startswith(kind + ":"))
        p50, p95, p99 = percentiles(values)
        ratios = (f"{p50 / base[0]:.1f} | {p95 / base[1]:.1f}" if base else "– | –")
        lines.append(f"| {kind} | {len(values)} | {errors} | {p50:.0f} | {p95:.0f} | "
                     f"{p99:.0f} | {ratios} |")
    lines += ["", f"Throughput {total / elapsed:.1f} requests/s; errors: {len(recorder.errors)}"]
    lines += [f"  {e}" for e in recorder.errors[:10]]
    lines += [f"Edits: {len(recorder.saved)} saved (302), {recorder.conflicts} stale saves "
              "refused (409); " + ("every saved edit has its Change node, versions add up"
                                   if not run.edit_problems
                                   else "LOST UPDATES: " + "; ".join(run.edit_problems))]
    lines.append(f"/metrics counted {run.counted[0]:.0f} requests, the clients made "
                 f"{run.counted[1]} (both workers added up)"
                 + ("" if run.counted[0] == run.counted[1] else " MISMATCH"))
    busiest = sorted(run.server.items(), key=lambda item: -item[1][0])[:10]
    lines += ["", "Inside the app (from /metrics: after gunicorn handed the request to a thread, "
              "without the queue):", "| route | requests | mean ms |", "|---|---|---|"]
    lines += [f"| {route} | {n:.0f} | {ms:.0f} |" for route, (n, ms) in busiest]
    lines += ["", f"RSS in MB (sampled every {SAMPLE_EVERY:.0f} s; warm-up = first "
              f"{args.warmup:.0f} s):", "| process | after warm-up | end | max | change |",
              "|---|---|---|---|---|"]
    after = [s for t, s in sampler.samples if t >= args.warmup] or [
        s for _, s in sampler.samples]
    for name in sorted(after[0]) if after else []:
        series = [s[name] for s in after if name in s]
        lines.append(f"| {name} | {series[0]:.0f} | {series[-1]:.0f} | {max(series):.0f} | "
                     f"{series[-1] - series[0]:+.0f} |")
    names = sorted(sampler.samples[0][1]) if sampler.samples else []
    lines += ["", "RSS over time (MB):", "| s | " + " | ".join(names) + " |",
              "|---" * (len(names) + 1) + "|"]
    next_at = 0.0
    for t, sample in sampler.samples:
        if t >= next_at:
            lines.append(f"| {t:.0f} | " + " | ".join(f"{sample.get(n, 0):.0f}" for n in names)
                         + " |")
            next_at += 60
    if len(sampler.workers_seen) > 2:
        lines.append(f"WORKERS RESTARTED: pids seen {sorted(sampler.workers_seen)}")
    return lines


def run(args: argparse.Namespace) -> int:
    with seeded_lotse() as lotse, tempfile.TemporaryDirectory(prefix="lotse-load-") as tmp:
        graph = connect(lotse.env["NEO4J_URI"], lotse.env["NEO4J_USER"],
                        lotse.env["NEO4J_PASSWORD"])
        env = {**lotse.env, "LOTSE_STATE_DIR": tmp, "LOTSE_ENV": "development"}
        try:
            with gunicorn(env, log=Path(tmp) / "gunicorn.log") as base:
                waited = wait_until_warm(Path(tmp) / "gunicorn.log")
                print(f"Workers warmed up after {waited:.0f} s; running {args.duration:.0f} s",
                      flush=True)
                result = drive(base, graph, args, lotse.neo4j_pid)
        finally:
            graph.driver.close()
    print("\n".join(report(result, args)))
    return 1 if result.failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=300, help="seconds (default 300)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--coordinators", type=int, default=10,
                        help="of them, coordinators editing the same gremien (10)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time between a user's requests, seconds (1.0)")
    parser.add_argument("--warmup", type=float, default=60,
                        help="seconds before the memory is expected to be flat (60)")
    raise SystemExit(run(parser.parse_args()))


if __name__ == "__main__":
    main()
