"""The synthetic benchmark city in its own Neo4j, generated and loaded once per seed.

`make bench-data` (`python -m bench.city [--seed N] [--scale S]`) writes the dataset of
`ingest.synthetic_city` to `.lotse/bench-data/city/` and loads it, with schema, seed and
USE v3 embeddings, into a dedicated server (data folder `.lotse/neo4j/bench`, Bolt port
7697). A `LotseMeta` marker records seed, scale and generator version once all of that
has succeeded, so a second run with the same settings skips generation and loading.

Benchmarks of duplicate detection, gaps or the map call `open_bench_city()` for a
`Graph` on the loaded city (the server is started if it isn't running) together with
the planted truth, and `stop_server()` when they are done with it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import local_server
from graph import queries as q
from graph.driver import Graph, connect
from graph.errors import GraphError, GraphUnavailable
from graph.queries import bench as qb
from graph.schema import apply_schema
from ingest.dataset import DatasetError, load_dataset
from ingest.embeddings import refresh_embeddings
from ingest.seed import seed
from ingest.synthetic_city import (
    DEFAULT_SEED,
    GENERATOR_VERSION,
    TRUTH_FILE,
    SyntheticCityError,
    write_city,
)
from search.embedding import DEFAULT_MODEL, create_embedder

ROOT = Path(__file__).resolve().parent.parent
BENCH_HOME = ROOT / ".lotse" / "neo4j" / "bench"
BENCH_DATA_DIR = ROOT / ".lotse" / "bench-data" / "city"
BENCH_PORT = 7697
# More than the launcher's default 512 MB: the whole city is seeded in one transaction.
BENCH_HEAP = "1g"
BENCH_PAGECACHE = "1g"


@dataclass(frozen=True)
class BenchCity:
    """A graph holding the loaded bench city, its dataset folder and the planted truth.

    `timings` lists the steps this call had to run (empty when all was in place).
    """

    graph: Graph
    data_dir: Path
    truth: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)


def start_server(home: Path = BENCH_HOME, port: int = BENCH_PORT) -> local_server.ServerInfo:
    """The running bench server, started first if needed."""
    running = local_server.status(home)
    if running is not None:
        return running
    return local_server.start(home, port=port, heap=BENCH_HEAP, pagecache=BENCH_PAGECACHE)


def stop_server(home: Path = BENCH_HOME) -> bool:
    """Stop the bench server; False if it was not running."""
    return local_server.stop(home)


def open_bench_city(seed_value: int = DEFAULT_SEED, scale: float = 1.0, *,
                    data_dir: Path = BENCH_DATA_DIR, home: Path = BENCH_HOME,
                    port: int = BENCH_PORT) -> BenchCity:
    """Connect to the bench city of this seed and scale, generating and loading it if needed.

    The caller closes `graph.driver`; the server keeps running until `stop_server()`.
    """
    wanted = {"seed": seed_value, "scale": scale, "generator_version": GENERATOR_VERSION}
    timings: dict[str, float] = {}
    began = time.perf_counter()
    info = start_server(home, port)
    timings["server start"] = time.perf_counter() - began
    graph = connect(info.uri, info.user, info.password)
    try:
        truth = _ensure_files(data_dir, wanted, timings)
        if _loaded_marker(graph) != {**wanted, "embedding_model": DEFAULT_MODEL}:
            _load(graph, data_dir, wanted, timings)
    except BaseException:
        graph.driver.close()
        raise
    return BenchCity(graph, data_dir, truth, timings)


def _ensure_files(data_dir: Path, wanted: dict[str, Any], timings: dict[str, float]) -> Any:
    """The truth of the dataset in `data_dir`, generated first unless it matches `wanted`."""
    try:
        truth = json.loads((data_dir / TRUTH_FILE).read_text(encoding="utf-8"))
        if {key: truth.get(key) for key in wanted} == wanted:
            return truth
    except (OSError, ValueError):
        pass
    began = time.perf_counter()
    truth = write_city(data_dir, wanted["seed"], wanted["scale"])
    timings["generation"] = time.perf_counter() - began
    return truth


def _loaded_marker(graph: Graph) -> dict[str, Any] | None:
    records = graph.read(q.GET_META, id=qb.BENCH_CITY_META_ID)
    return {k: v for k, v in records[0]["meta"].items() if k != "id"} if records else None


def _load(graph: Graph, data_dir: Path, wanted: dict[str, Any],
          timings: dict[str, float]) -> None:
    """Empty the bench database, then schema, seed (one transaction) and embeddings."""
    began = time.perf_counter()
    with graph.driver.session(database=graph.database) as session:
        session.run(qb.WIPE_ALL).consume()
    embedder = create_embedder(DEFAULT_MODEL)
    apply_schema(graph, vector_dimension=embedder.dimension)
    dataset = load_dataset(data_dir)
    timings["wipe, schema, validation"] = time.perf_counter() - began
    began = time.perf_counter()
    seed(graph, dataset)
    timings["seed"] = time.perf_counter() - began
    began = time.perf_counter()
    refresh_embeddings(graph, embedder)
    timings["embeddings"] = time.perf_counter() - began
    graph.write(q.SET_META, id=qb.BENCH_CITY_META_ID,
                props={**wanted, "embedding_model": embedder.name})


def graph_counts(graph: Graph) -> tuple[dict[str, int], dict[str, int]]:
    """Nodes by label and relationships by type."""
    nodes = {r["label"]: r["count"] for r in graph.read(qb.COUNT_NODES_BY_LABEL)}
    relationships = {r["type"]: r["count"] for r in graph.read(qb.COUNT_RELATIONSHIPS_BY_TYPE)}
    return nodes, relationships


def _report(city: BenchCity, total: float) -> None:
    truth = city.truth
    print(f"Bench city (seed {truth['seed']}, scale {truth['scale']}) in {city.data_dir}")
    for step in ("server start", "generation", "wipe, schema, validation", "seed", "embeddings"):
        shown = f"{city.timings[step]:7.1f} s" if step in city.timings else "  skipped (up to date)"
        print(f"  {step:<26}{shown}")
    print(f"  {'total':<26}{total:7.1f} s")
    nodes, relationships = graph_counts(city.graph)
    print(f"  nodes {sum(nodes.values())}: "
          + ", ".join(f"{label} {count}" for label, count in nodes.items()))
    print(f"  relationships {sum(relationships.values())}: "
          + ", ".join(f"{kind} {count}" for kind, count in relationships.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.city",
                                     description="Generate and load the synthetic bench city.")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--stop", action="store_true", help="stop the bench server at the end")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        city = open_bench_city(args.seed, args.scale)
        try:
            _report(city, time.perf_counter() - began)
        finally:
            city.graph.driver.close()
        if args.stop:
            stop_server()
    except (local_server.LocalServerError, SyntheticCityError, DatasetError, GraphError,
            GraphUnavailable, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
