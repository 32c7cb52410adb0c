"""Planner views on the synthetic city (20,000 offers): duplicate structures, duplicate
records and the gap matrix, timed, checked against the planted truth, and compared
with a naive all-pairs computation of the duplicate pairs on a sample.

Run `make bench-planning` (or `python -m bench.planning [--sample N]`); it uses the
benchmark Neo4j of `make bench-data` and stops it at the end. The naive baseline
compares every pair of a random sample of offers in Python (cosine of the stored
embeddings plus the same graph conditions); its time is extrapolated to the whole
city by the number of pairs, n²/2, and the ratio to the index-based detection of the
same run is printed.

`python -m bench.planning --pages` (`make bench-pages`) times the planner pages and the
warm start on the seed data instead, over HTTP against gunicorn with 2 workers (see
`bench/pages.py`); with NEO4J_URI set it uses that (seeded) server.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from bench.city import BenchCity, open_bench_city, stop_server
from bench.harness import seeded_lotse
from bench.pages import page_times, warm_start
from graph import duplicate_records, duplicates, gaps
from graph.queries import bench as qb

T = TypeVar("T")


def timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def naive_pairs(rows: list[dict[str, Any]], threshold: float) -> int:
    """Every pair of the sample, as a planner's script without an index would do it."""
    found = 0
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            score = float(np.dot(a["vector"], b["vector"]))
            if (score >= threshold and a["provider"] != b["provider"]
                    and a["target_groups"] & b["target_groups"]
                    and (a["places"] & b["places"] or (a["citywide"] and b["citywide"]))):
                found += 1
    return found


def sample_rows(city: BenchCity, size: int) -> list[dict[str, Any]]:
    ids = [r["id"] for r in city.graph.read(qb.OFFER_IDS)]
    chosen = random.Random(7).sample(ids, min(size, len(ids)))
    rows = []
    for r in city.graph.read(qb.OFFERS_FOR_NAIVE_PAIRS, ids=chosen):
        vector = np.asarray(r["embedding"], dtype=np.float64)
        rows.append({"vector": vector / np.linalg.norm(vector), "provider": r["provider"],
                     "target_groups": set(r["target_groups"]), "places": set(r["places"]),
                     "citywide": bool(r["citywide"])})
    return rows


def planted_recall(clusters: list[duplicates.Cluster], truth: dict[str, Any]) -> dict[str, Any]:
    found = [set(c.offer_ids) for c in clusters]
    planted = [set(c["offers"]) for c in truth["duplicate_offer_clusters"]]
    decoys = [set(p["offers"]) for p in truth["decoy_offer_pairs"]]
    return {
        "planted_found": sum(any(p <= f for f in found) for p in planted),
        "planted": len(planted),
        "decoys_clustered": sum(any(d <= f for f in found) for d in decoys),
        "decoys": len(decoys),
    }


def run(sample: int) -> None:
    city, load_time = timed(open_bench_city)
    print(f"bench city ready in {load_time:.1f} s")
    graph = city.graph
    graph.read(qb.OFFER_IDS)  # warm the page cache before timing

    pairs, pair_time = timed(lambda: duplicates.candidate_pairs(graph))
    clusters, cluster_time = timed(lambda: duplicates.duplicate_clusters(graph))
    recall = planted_recall(clusters, city.truth)
    rows = sample_rows(city, sample)
    naive_found, naive_time = timed(lambda: naive_pairs(rows, duplicates.DEFAULT_THRESHOLD))
    offers = len(graph.read(qb.OFFER_IDS))
    naive_full = naive_time * (offers * (offers - 1)) / (len(rows) * (len(rows) - 1))

    records, records_time = timed(lambda: duplicate_records.duplicate_institutions(graph))
    planted_records = {tuple(sorted(p)) for p in city.truth["duplicate_institutions"]}
    found_records = {tuple(sorted((p.keep["id"], p.duplicate["id"]))) for p in records}

    matrix, gap_time = timed(lambda: gaps.gap_matrix(graph, "target_groups"))
    _, topic_time = timed(lambda: gaps.gap_matrix(graph, "topics"))
    planted_gaps = {(g["sozialraum"], g["target_group"]) for g in city.truth["gaps"]}
    open_gaps = {key for key, cell in matrix.cells.items() if cell.open_gap}

    print(f"\n{offers} offers, threshold {duplicates.DEFAULT_THRESHOLD}, "
          f"k = {duplicates.DEFAULT_NEIGHBOURS}\n")
    print("| step | seconds | result |")
    print("|---|---|---|")
    print(f"| duplicate pairs from the vector index | {pair_time:.1f} | {len(pairs)} pairs |")
    print(f"| duplicate clusters incl. description | {cluster_time:.1f} | {len(clusters)} "
          f"clusters; planted found {recall['planted_found']}/{recall['planted']}; "
          f"decoys clustered {recall['decoys_clustered']}/{recall['decoys']} |")
    print(f"| naive all-pairs on a sample of {len(rows)} | {naive_time:.1f} | "
          f"{naive_found} pairs |")
    print(f"| naive all-pairs extrapolated to {offers} | {naive_full:.0f} | – |")
    print(f"| duplicate institution records (blocking) | {records_time:.1f} | "
          f"{len(found_records)} pairs; planted found "
          f"{len(planted_records & found_records)}/{len(planted_records)} |")
    print(f"| gap matrix Sozialraum × target group | {gap_time:.2f} | "
          f"{len(matrix.cells)} cells, {len(matrix.gaps())} gaps; planted open gaps found "
          f"{len(planted_gaps & open_gaps)}/{len(planted_gaps)} |")
    print(f"| gap matrix Sozialraum × topic | {topic_time:.2f} | – |")
    print(f"\nratio naive (extrapolated) / index-based clusters: {naive_full / cluster_time:.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=1500,
                        help="offers in the naive all-pairs sample (default 1500)")
    parser.add_argument("--keep-running", action="store_true",
                        help="leave the benchmark Neo4j running afterwards")
    parser.add_argument("--pages", action="store_true",
                        help="planner pages and warm start on the seed data over HTTP")
    args = parser.parse_args(argv)
    if args.pages:
        with seeded_lotse() as lotse:
            print("\n".join([*page_times(lotse.env), "", *warm_start(lotse.env)]))
        return 0
    try:
        run(args.sample)
    finally:
        if not args.keep_running:
            stop_server()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
