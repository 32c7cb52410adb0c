"""Writing a validated dataset into the graph, idempotently and in one transaction.

Nodes are merged on their stable ids; the relationships of every seeded node
are replaced by the dataset's, so a second run leaves the same nodes and
relationships. Records created in the app (not in the dataset) are untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import neo4j

from graph import queries as q
from graph.driver import Graph
from graph.queries import recommendations as qr
from graph.recommendations import history_entry
from ingest.dataset import Dataset

# Keys that become relationships (or are the merge key), never node properties.
RELATION_KEYS: dict[str, frozenset[str]] = {
    "bezirke": frozenset(),
    "sozialraeume": frozenset({"bezirk"}),
    "stadtteile": frozenset({"sozialraum", "bezirk"}),
    "departments": frozenset(),
    "target_groups": frozenset({"broader"}),
    "topics": frozenset(),
    "institutions": frozenset({"stadtteil"}),
    "offers": frozenset(
        {"institution", "target_groups", "topics", "department", "sozialraeume", "stadtteil"}
    ),
    "gremien": frozenset({"sozialraeume", "members"}),
    "recommendations": frozenset(
        {"sozialraeume", "departments", "target_groups", "topics", "implemented_by",
         "status_history"}
    ),
}


@dataclass(frozen=True)
class SeedReport:
    """What a seed run wrote, for the CLI to print."""

    records: dict[str, int]
    nodes: int
    relationships: int


def node_properties(collection: str, record: dict[str, Any]) -> dict[str, Any]:
    """The record's scalar fields as Neo4j properties; nested objects are flattened.

    `{"sozialindex": {"class": "niedrig"}}` becomes `sozialindex_class`, because
    Neo4j properties cannot hold maps.
    """
    props: dict[str, Any] = {}
    for key, value in record.items():
        if key == "id" or key in RELATION_KEYS[collection]:
            continue
        if isinstance(value, dict):
            for sub_key, sub_value in value.items():
                props[f"{key}_{sub_key}"] = sub_value
        else:
            props[key] = value
    return props


def _rows(collection: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        row = {key: record.get(key) for key in RELATION_KEYS[collection]}
        row["id"] = record["id"]
        row["props"] = node_properties(collection, record)
        for key in ("target_groups", "topics", "sozialraeume", "members", "departments",
                    "implemented_by"):
            if key in row and row[key] is None:
                row[key] = []
        rows.append(row)
    return rows


def _recommendation_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the recommendations: the history becomes "date|status" texts (Neo4j properties
    hold no maps) and the current status and its date are those of the latest entry."""
    rows = _rows("recommendations", records)
    for row, record in zip(rows, records, strict=True):
        history = record["status_history"]
        row["props"] |= {
            "status": history[-1]["status"], "status_since": history[-1]["since"],
            "status_history": [history_entry(e["since"], e["status"]) for e in history],
        }
    return rows


def seed_plan(dataset: Dataset) -> list[tuple[str, list[dict[str, Any]]]]:
    """The statements of a seed run, in dependency order, each with its rows."""
    rows = {name: _rows(name, getattr(dataset, name)) for name in RELATION_KEYS}
    rows["recommendations"] = _recommendation_rows(dataset.recommendations)
    return [
        (q.MERGE_BEZIRKE, rows["bezirke"]),
        (q.MERGE_SOZIALRAEUME, rows["sozialraeume"]),
        (q.MERGE_STADTTEILE, rows["stadtteile"]),
        (q.MERGE_DEPARTMENTS, rows["departments"]),
        (q.MERGE_TARGET_GROUPS, rows["target_groups"]),
        (q.LINK_TARGET_GROUP_BROADER, rows["target_groups"]),
        (q.MERGE_TOPICS, rows["topics"]),
        (q.MERGE_INSTITUTIONS, rows["institutions"]),
        (q.MERGE_OFFERS, rows["offers"]),
        (q.LINK_OFFER_TARGET_GROUPS, rows["offers"]),
        (q.LINK_OFFER_TOPICS, rows["offers"]),
        (q.LINK_OFFER_SOZIALRAEUME, rows["offers"]),
        (q.LINK_OFFER_DEPARTMENT, rows["offers"]),
        (q.LINK_OFFER_STADTTEIL, rows["offers"]),
        (q.MERGE_GREMIEN, rows["gremien"]),
        (q.LINK_GREMIUM_SOZIALRAEUME, rows["gremien"]),
        (q.LINK_GREMIUM_MEMBERS, rows["gremien"]),
        (qr.MERGE_RECOMMENDATIONS, rows["recommendations"]),
        (qr.LINK_RECOMMENDATION_SOZIALRAEUME, rows["recommendations"]),
        (qr.LINK_RECOMMENDATION_DEPARTMENTS, rows["recommendations"]),
        (qr.LINK_RECOMMENDATION_TARGET_GROUPS, rows["recommendations"]),
        (qr.LINK_RECOMMENDATION_TOPICS, rows["recommendations"]),
        (qr.LINK_RECOMMENDATION_MEASURES, rows["recommendations"]),
    ]


def seed(graph: Graph, dataset: Dataset, *, batch_size: int = 1000) -> SeedReport:
    """Write the dataset in one transaction; on any error nothing is written."""
    plan = seed_plan(dataset)

    def work(tx: neo4j.ManagedTransaction) -> None:
        for statement, rows in plan:
            for start in range(0, len(rows), batch_size):
                tx.run(statement, rows=rows[start : start + batch_size]).consume()

    graph.write_tx(work)
    return SeedReport(
        records={name: len(getattr(dataset, name)) for name in RELATION_KEYS},
        nodes=graph.read(q.COUNT_NODES)[0]["count"],
        relationships=graph.read(q.COUNT_RELATIONSHIPS)[0]["count"],
    )


def graph_is_empty(graph: Graph) -> bool:
    """True when the graph holds no offer yet (the trigger for seeding on first run)."""
    return graph.read(q.COUNT_OFFERS_ALL)[0]["count"] == 0
