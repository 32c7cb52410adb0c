"""Handlungsempfehlungen (recommendations of the social planning): reads, gaps, import.

A recommendation is a `Recommendation` node (number, title, text, date, status,
status_since, status_history, citywide, source) with `CONCERNS` Sozialräume,
`ADDRESSED_TO` departments, `FOR` target groups and `ABOUT` topics; offers that
implement it point at it with `IMPLEMENTS`. Its Sozialraum × target group (or
× topic) cells are the gaps it answers. The status history is a list of
"JJJJ-MM-TT|status" texts (Neo4j properties hold no maps); the ISO date first
keeps the list in chronological order when it is sorted. Edits go through
graph.editing (kind "recommendation"), so they are versioned and audited.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import neo4j

from graph.collation import german_key
from graph.driver import Graph

# The import writes all rows in one transaction, with the same audit records as every
# other save: graph.editing's unit-of-work steps for one node, run inside that transaction.
from graph.editing import Actor, create_tx, new_id, read_state_tx, update_tx
from graph.errors import NotFound
from graph.queries import recommendations as q

KIND = "recommendation"
HISTORY_SEPARATOR = "|"
CITYWIDE = "stadtweit"
RELATIONS = ("sozialraeume", "departments", "target_groups", "topics")
PLAIN_FIELDS = ("number", "title", "text", "citywide", "date")


def history_entry(since: str, status: str) -> str:
    return f"{since}{HISTORY_SEPARATOR}{status}"


def parse_history(entries: list[str] | None) -> list[dict[str, str]]:
    """[{"since": "2024-02-01", "status": "in Umsetzung"}, …], oldest first."""
    parsed = []
    for entry in sorted(entries or []):
        since, _, status = entry.partition(HISTORY_SEPARATOR)
        parsed.append({"since": since, "status": status})
    return parsed


def status_changes(state: dict[str, Any], status: str, since: str) -> dict[str, Any]:
    """The changes that set a new status (or correct the date of the current one).

    The caller checks that `since` is not before the latest entry of the history.
    """
    history = list(state.get("status_history") or [])
    if status == state.get("status") and since == state.get("status_since"):
        return {}
    if status == state.get("status") and history:
        history.remove(max(history))  # same status, corrected date
    history.append(history_entry(since, status))
    return {"status": status, "status_since": since, "status_history": history}


def natural_key(number: str | None) -> list[Any]:
    """'B-2' before 'B-10': digit runs compare as numbers."""
    return [int(part) if part.isdecimal() else part.lower()
            for part in re.split(r"(\d+)", number or "")]


def _decorated(record: dict[str, Any]) -> dict[str, Any]:
    for key in ("sozialraeume", "departments", "target_groups", "topics"):
        record[key] = sorted(record[key], key=lambda item: german_key(item["name"]))
    record["measures"] = sorted(record["measures"], key=lambda m: german_key(m["title"]))
    record["history"] = parse_history(record.get("status_history"))
    return record


def list_recommendations(graph: Graph) -> list[dict[str, Any]]:
    records = [_decorated(r["recommendation"]) for r in graph.read(q.LIST_RECOMMENDATIONS)]
    return sorted(records, key=lambda r: natural_key(r["number"]))


def get_recommendation(graph: Graph, recommendation_id: str) -> dict[str, Any]:
    records = graph.read(q.GET_RECOMMENDATION, id=recommendation_id)
    if not records:
        raise NotFound(KIND, recommendation_id)
    return _decorated(records[0]["recommendation"])


def recommendation_id_by_number(graph: Graph, number: str) -> str | None:
    records = graph.read(q.RECOMMENDATION_IDS_BY_NUMBER, numbers=[number])
    return records[0]["id"] if records else None


def recommendation_choices(graph: Graph) -> list[tuple[str, str]]:
    """(id, "number title") of every recommendation, by number: the choices of a measure."""
    records = sorted(graph.read(q.RECOMMENDATION_CHOICES),
                     key=lambda r: natural_key(r["number"]))
    return [(r["id"], f"{r['number']} {r['title']}") for r in records]


def recommendations_by_cell(graph: Graph, dimension: str = "target_groups"
                            ) -> dict[tuple[str, str], list[str]]:
    """{(sozialraum id, target group id): [recommendation ids]} – the gaps recommendations
    answer, for the gap matrix; `dimension="topics"` gives the Sozialraum × topic cells.
    A city-wide recommendation counts in every Sozialraum."""
    statement = {"target_groups": q.CELLS_BY_TARGET_GROUP,
                 "topics": q.CELLS_BY_TOPIC}[dimension]
    return {(r["sozialraum"], r["cell"]): sorted(r["recommendations"])
            for r in graph.read(statement)}


def by_sozialraum(recommendations: list[dict[str, Any]]) -> list[tuple[str, list[dict]]]:
    """Recommendations grouped by Sozialraum name ("stadtweit" last), for the controlling."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in recommendations:
        for name in ([CITYWIDE] if r.get("citywide") else [s["name"] for s in r["sozialraeume"]]):
            groups[name].append(r)
    return sorted(groups.items(), key=lambda item: (item[0] == CITYWIDE, german_key(item[0])))


def by_department(recommendations: list[dict[str, Any]]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in recommendations:
        for department in r["departments"] or [{"name": "ohne Bereich"}]:
            groups[department["name"]].append(r)
    return sorted(groups.items(), key=lambda item: german_key(item[0]))


def import_vocabulary(graph: Graph) -> dict[str, dict[str, str]]:
    """{kind: {lower-case id or name: id}} for resolving the names in an import file."""
    vocabulary: dict[str, dict[str, str]] = defaultdict(dict)
    for record in graph.read(q.IMPORT_VOCABULARY):
        for key in (record["id"], *record["names"]):
            vocabulary[record["kind"]][key.strip().lower()] = record["id"]
    return dict(vocabulary)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_recommendations(graph: Graph, rows: list[dict[str, Any]], actor: Actor,
                           source: str) -> ImportResult:
    """Create or update (matched by number) every row in one transaction, each with its audit
    record; `rows` are validated (ingest/recommendation_import.py). On any error nothing is
    written."""

    def work(tx: neo4j.ManagedTransaction) -> ImportResult:
        numbers = [row["number"] for row in rows]
        existing = {r["number"]: r["id"]
                    for r in tx.run(q.RECOMMENDATION_IDS_BY_NUMBER, numbers=numbers)}
        created = updated = 0
        for row in rows:
            if row["number"] not in existing:
                _create_tx(tx, row, actor, source)
                created += 1
            elif _update_from_row(tx, existing[row["number"]], row, actor):
                updated += 1
        return ImportResult(created, updated, len(rows) - created - updated)

    return graph.write_tx(work)


def _create_tx(tx: neo4j.ManagedTransaction, row: dict[str, Any], actor: Actor,
               source: str) -> None:
    props = {key: row[key] for key in PLAIN_FIELDS} | {
        "status": row["status"], "status_since": row["status_since"],
        "status_history": [history_entry(row["status_since"], row["status"])],
        "source": source}
    relations = {key: sorted(row[key]) for key in RELATIONS}
    create_tx(tx, KIND, new_id(KIND), props | relations, actor)


def _update_from_row(tx: neo4j.ManagedTransaction, node_id: str, row: dict[str, Any],
                     actor: Actor) -> bool:
    """Only what differs is changed (and audited); False when the row changes nothing."""
    state = read_state_tx(tx, KIND, node_id)
    wanted = {key: row[key] for key in PLAIN_FIELDS} | {
        key: sorted(row[key]) for key in RELATIONS}
    changes = {key: value for key, value in wanted.items() if state.get(key) != value}
    changes |= status_changes(state, row["status"], row["status_since"])
    if not changes:
        return False
    update_tx(tx, KIND, node_id, int(state.get("version") or 1), changes, actor, "update")
    return True
