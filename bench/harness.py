"""A seeded throwaway Lotse for benchmarks: its own Neo4j in a temp folder, the app on top.

With NEO4J_URI set, an existing (already seeded) server is used instead, which
makes repeated runs during development fast.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import Flask

from bench.cold_start import free_port, wait_for_health
from graph import local_server
from graph.driver import connect
from graph.schema import apply_schema
from ingest.dataset import load_dataset
from ingest.embeddings import refresh_embeddings
from ingest.seed import graph_is_empty, seed
from search.embedding import SECOND_MODEL, create_embedder
from webapp import create_app

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Harness:
    app: Flask
    env: dict[str, str]  # NEO4J_* for subprocesses (e.g. gunicorn)
    neo4j_pid: int | None = None  # the throwaway server's process (None: NEO4J_URI's)


@contextmanager
def seeded_lotse(data_dir: Path | None = None) -> Iterator[Harness]:
    if os.environ.get("NEO4J_URI"):
        env = {k: os.environ.get(k, "") for k in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")}
        yield Harness(_app(env), env)
        return
    with tempfile.TemporaryDirectory(prefix="lotse-bench-") as tmp:
        home = Path(tmp) / "neo4j"
        info = local_server.start(home)
        try:
            env = {"NEO4J_URI": info.uri, "NEO4J_USER": info.user,
                   "NEO4J_PASSWORD": info.password}
            graph = connect(info.uri, info.user, info.password)
            embedder = create_embedder()
            apply_schema(graph, vector_dimension=embedder.dimension)
            if graph_is_empty(graph):
                seed(graph, load_dataset(data_dir) if data_dir else load_dataset())
            refresh_embeddings(graph, embedder, second=create_embedder(SECOND_MODEL))
            graph.driver.close()
            yield Harness(_app(env), env, info.pid)
        finally:
            local_server.stop(home)


@contextmanager
def gunicorn(env: dict[str, str], log: Path | None = None,
             args: Sequence[str] = ()) -> Iterator[str]:
    """The app as `make run` serves it (gunicorn, 2 workers × 2 threads, `gunicorn.conf.py`)
    on a free port, with `env` on top of this process's environment and `args` added to
    gunicorn's; yields the base URL once `/healthz` answers. Its output goes to `log` (or
    nowhere)."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
               "--workers", "2", "--threads", "2", *args, "webapp:create_app()"]
    with open(log, "wb") if log else open(os.devnull, "wb") as out:
        server = subprocess.Popen(command, env={**os.environ, **env}, cwd=ROOT,
                                  stdout=out, stderr=out)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_health(base + "/healthz")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _app(env: dict[str, str]) -> Flask:
    return create_app({"LOTSE_ENV": "testing", "TESTING": True, **env})
