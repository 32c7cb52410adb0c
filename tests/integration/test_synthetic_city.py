"""A small synthetic city seeds into the real Neo4j with the counts of its dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.driver import Graph
from graph.queries.bench import COUNT_NODES_BY_LABEL, COUNT_RELATIONSHIPS_BY_TYPE
from ingest.dataset import load_dataset
from ingest.seed import seed
from ingest.synthetic_city import write_city

pytestmark = pytest.mark.integration


def test_small_city_seeds_with_the_dataset_counts(empty_graph: Graph, tmp_path: Path) -> None:
    write_city(tmp_path, 11, 0.02)
    dataset = load_dataset(tmp_path)
    report = seed(empty_graph, dataset)
    nodes = {r["label"]: r["count"] for r in empty_graph.read(COUNT_NODES_BY_LABEL)}
    assert nodes == {
        "Bezirk": len(dataset.bezirke), "Sozialraum": len(dataset.sozialraeume),
        "Stadtteil": len(dataset.stadtteile), "Department": len(dataset.departments),
        "TargetGroup": len(dataset.target_groups), "Topic": len(dataset.topics),
        "Institution": len(dataset.institutions), "Offer": len(dataset.offers),
        "Gremium": len(dataset.gremien),
    }
    relationships = {r["type"]: r["count"] for r in empty_graph.read(COUNT_RELATIONSHIPS_BY_TYPE)}
    offers = dataset.offers
    assert relationships["OFFERED_BY"] == len(offers)
    assert relationships["AVAILABLE_IN"] == sum(len(o["sozialraeume"]) for o in offers)
    assert relationships["FOR"] == sum(len(o["target_groups"]) for o in offers)
    assert relationships["MEMBER_OF"] == sum(len(g["members"]) for g in dataset.gremien)
    assert report.nodes == sum(nodes.values())
    assert report.relationships == sum(relationships.values())
