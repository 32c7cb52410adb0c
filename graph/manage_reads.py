"""Reads for the maintenance pages: what a user manages, what needs checking."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from graph.driver import Graph
from graph.lucene import lucene_query
from graph.queries import manage as q

VERIFY_EVERY_DAYS = 365


def managed_gremien(graph: Graph, ids: list[str] | None) -> list[dict[str, Any]]:
    return [r["gremium"] for r in graph.read(q.MANAGED_GREMIEN, ids=ids)]


def managed_institutions(graph: Graph, ids: list[str] | None) -> list[dict[str, Any]]:
    return [r["institution"] for r in graph.read(q.MANAGED_INSTITUTIONS, ids=ids)]


def unverified_member_offers(graph: Graph, gremien: list[str] | None,
                             today: date | None = None) -> list[dict[str, Any]]:
    """Member offers not verified for a year: the list for the next gremium meeting."""
    cutoff = ((today or date.today()) - timedelta(days=VERIFY_EVERY_DAYS)).isoformat()
    return [r.data() for r in graph.read(q.UNVERIFIED_MEMBER_OFFERS, ids=gremien,
                                         cutoff=cutoff)]


def search_institutions(graph: Graph, text: str, limit: int = 10) -> list[dict[str, Any]]:
    """Institutions by name as one types: every word, the last one as a prefix."""
    words = lucene_query(text).split()
    if not words:
        return []
    query = " AND ".join([*words[:-1], words[-1] + "*"])
    return [r.data() for r in graph.read(q.SEARCH_INSTITUTIONS, query=query, limit=limit)]


def resolve_institution(graph: Graph, text: str) -> tuple[str | None, list[str]]:
    """An institution as a coordinator names it: (its id, []) when the text is an id, its
    exact name or the only match; else (None, the names that match, at most five)."""
    text = text.strip()
    if institution_name(graph, text) is not None:
        return text, []
    found = search_institutions(graph, text, limit=5)
    exact = [f for f in found if f["name"].casefold() == text.casefold()]
    if len(exact) == 1 or len(found) == 1:
        return (exact or found)[0]["id"], []
    return None, [f["name"] for f in found]


def institution_name(graph: Graph, institution_id: str) -> str | None:
    records = graph.read(q.INSTITUTION_EXISTS, id=institution_id)
    return records[0]["name"] if records else None


def institution_names(graph: Graph, ids: list[str]) -> dict[str, str]:
    return {r["id"]: r["name"] for r in graph.read(q.INSTITUTION_NAMES, ids=ids)}


def institution_choices(graph: Graph) -> list[tuple[str, str]]:
    """Every institution as (id, name), by name: the choices of the account form."""
    return [(r["id"], r["name"]) for r in graph.read(q.INSTITUTION_CHOICES)]


def proposed_institutions(graph: Graph) -> list[dict[str, Any]]:
    """Institutions that coordinators proposed as members and nobody confirmed yet."""
    return [r["institution"] for r in graph.read(q.PROPOSED_INSTITUTIONS)]


def deleted_offers(graph: Graph) -> list[dict[str, Any]]:
    return [r["offer"] for r in graph.read(q.DELETED_OFFERS)]


def offer_institution(graph: Graph, offer_id: str) -> str | None:
    records = graph.read(q.OFFER_INSTITUTION, id=offer_id)
    return records[0]["id"] if records else None


def vocabulary_choices(graph: Graph) -> dict[str, list[tuple[str, str]]]:
    choices: dict[str, list[tuple[str, str]]] = {
        "target_groups": [], "topics": [], "sozialraeume": [], "departments": []}
    for record in graph.read(q.VOCABULARY_CHOICES):
        choices[record["kind"]].append((record["id"], record["name"]))
    return choices


def record_names(graph: Graph, ids: list[str]) -> dict[str, str]:
    """Names of institutions, target groups, topics, Sozialräume, departments and
    recommendations by id (for the change log)."""
    if not ids:
        return {}
    return {r["id"]: r["name"] for r in graph.read(q.RECORD_NAMES, ids=sorted(set(ids)))
            if r["name"]}
