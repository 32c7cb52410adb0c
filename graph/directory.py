"""Read functions for the public directory: offers, institutions, gremien, places.

Each function runs parameterised Cypher from `graph.queries` and returns plain
dicts ready for templates and JSON. A missing node raises `NotFound`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph import queries as q
from graph.driver import Graph
from graph.errors import NotFound
from graph.queries import network as nq


@dataclass(frozen=True)
class OfferFilters:
    """Optional filters of the offer list; None switches a filter off."""

    sozialraum: str | None = None
    target_group: str | None = None
    topic: str | None = None

    def params(self) -> dict[str, str | None]:
        return {
            "sozialraum": self.sozialraum,
            "target_group": self.target_group,
            "topic": self.topic,
        }


def list_offers(
    graph: Graph, filters: OfferFilters, *, limit: int = 20, offset: int = 0
) -> tuple[int, list[dict[str, Any]]]:
    """One page of public offers ordered by title, and the total matching the filters."""
    params = filters.params()

    def work(tx: Any) -> tuple[int, list[dict[str, Any]]]:
        total = tx.run(q.COUNT_OFFERS, **params).single()["total"]
        page = tx.run(q.LIST_OFFERS, **params, limit=limit, offset=offset)
        return total, [record["offer"] for record in page]

    return graph.read_tx(work)


def _single(records: list, kind: str, node_id: str) -> dict[str, Any]:
    if not records:
        raise NotFound(kind, node_id)
    return records[0].data()


def get_offer(graph: Graph, offer_id: str) -> dict[str, Any]:
    """An offer with its provider, places, department, target groups, topics and gremien."""
    data = _single(graph.read(q.GET_OFFER, id=offer_id), "offer", offer_id)
    if data["offer"].get("deleted"):
        raise NotFound("offer", offer_id)
    return data


def list_institutions(graph: Graph, sozialraum: str | None = None) -> list[dict[str, Any]]:
    return [r["institution"] for r in graph.read(q.LIST_INSTITUTIONS, sozialraum=sozialraum)]


def get_institution(graph: Graph, institution_id: str) -> dict[str, Any]:
    return _single(graph.read(q.GET_INSTITUTION, id=institution_id), "institution",
                   institution_id)


def list_gremien(graph: Graph) -> list[dict[str, Any]]:
    return [r["gremium"] for r in graph.read(q.LIST_GREMIEN)]


def get_gremium(graph: Graph, gremium_id: str) -> dict[str, Any]:
    return _single(graph.read(q.GET_GREMIUM, id=gremium_id), "gremium", gremium_id)


def get_department(graph: Graph, department_id: str) -> dict[str, Any]:
    """A city department (Bereich) with the public offers it is responsible for."""
    return _single(graph.read(nq.GET_DEPARTMENT, id=department_id), "department",
                   department_id)


def offer_departments(graph: Graph, offer_ids: list[str]) -> list[tuple[str, str]]:
    """(offer title, department id) of the given offers that name a department, in order."""
    return [(r["offer"], r["id"]) for r in graph.read(nq.OFFER_DEPARTMENTS, ids=offer_ids)]


def sozialraum_topics(graph: Graph, sozialraum_id: str, limit: int = 5) -> list[tuple[str, int]]:
    """The topics most local offers of a Sozialraum are about, with their counts."""
    return [(r["topic"], r["offers"])
            for r in graph.read(nq.SOZIALRAUM_TOPICS, id=sozialraum_id, limit=limit)]


def list_sozialraeume(graph: Graph) -> tuple[list[dict[str, Any]], int]:
    """The Sozialräume with their local offer counts, and the number of city-wide offers."""

    def work(tx: Any) -> tuple[list[dict[str, Any]], int]:
        rows = [record["sozialraum"] for record in tx.run(q.LIST_SOZIALRAEUME)]
        citywide = tx.run(q.COUNT_CITYWIDE_OFFERS).single()["count"]
        return rows, citywide

    return graph.read_tx(work)


def get_sozialraum(graph: Graph, sozialraum_id: str) -> dict[str, Any]:
    return _single(graph.read(q.GET_SOZIALRAUM, id=sozialraum_id), "sozialraum", sozialraum_id)


@dataclass(frozen=True)
class Choices:
    """The controlled values filters may take, for forms and input validation."""

    sozialraeume: list[dict[str, str]]
    target_groups: list[dict[str, str]]
    topics: list[dict[str, str]]

    def ids(self, kind: str) -> set[str]:
        return {item["id"] for item in getattr(self, kind)}


def filter_choices(graph: Graph) -> Choices:
    def work(tx: Any) -> Choices:
        return Choices(
            sozialraeume=[r["item"] for r in tx.run(q.LIST_SOZIALRAUM_CHOICES)],
            target_groups=[r["item"] for r in tx.run(q.LIST_TARGET_GROUPS)],
            topics=[r["item"] for r in tx.run(q.LIST_TOPICS)],
        )

    return graph.read_tx(work)


def sozialraum_choices(graph: Graph) -> list[dict[str, str]]:
    """The Sozialräume as {id, name}, by name."""
    return [r["item"] for r in graph.read(q.LIST_SOZIALRAUM_CHOICES)]


def server_version(graph: Graph) -> str:
    """The Neo4j kernel version; raises `GraphUnavailable` when the server does not answer."""
    for record in graph.ping(q.DBMS_COMPONENTS):
        if record["name"] == "Neo4j Kernel":
            return f"{record['version']} {record['edition']}"
    return "unknown"
