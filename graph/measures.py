"""Maßnahmensteckbriefe (measure profiles): offers with planning fields, read for planners.

A measure is an offer with a `measure_status` (bestehend, geplant, befristet, beendet) or
an `IMPLEMENTS` link to a recommendation; `temporary_until` is the end of a befristet
measure, `funding_period` and `contact` describe it, `RESPONSIBLE` names its department.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.collation import german_key
from graph.driver import Graph
from graph.errors import NotFound
from graph.queries import recommendations as q

# Temporary measures ending within this many months are listed for an extension in time.
ENDING_WITHIN_MONTHS = 6


def _sorted(measure: dict[str, Any]) -> dict[str, Any]:
    measure["sozialraeume"] = sorted(measure["sozialraeume"], key=lambda s: german_key(s["name"]))
    measure["target_groups"] = sorted(measure["target_groups"], key=german_key)
    measure["topics"] = sorted(measure["topics"], key=german_key)
    measure["recommendations"] = sorted(measure["recommendations"],
                                        key=lambda r: r["number"] or "")
    return measure


def list_measures(graph: Graph) -> list[dict[str, Any]]:
    return [_sorted(r["measure"]) for r in graph.read(q.LIST_MEASURES)]


def get_measure(graph: Graph, offer_id: str) -> dict[str, Any]:
    """The profile of one offer (also of one without planning fields yet)."""
    records = graph.read(q.GET_MEASURE, id=offer_id)
    if not records:
        raise NotFound("offer", offer_id)
    return _sorted(records[0]["measure"])


def sozialraum_measures(graph: Graph, sozialraum_id: str) -> dict[str, Any]:
    """{"sozialraum": {id, name}, "local": [...], "citywide": [...]}: a Strategiepapier's annex.

    `local` holds the measures available in the Sozialraum or implementing one of its
    recommendations; `citywide` the city-wide measures that reach it as well.
    """
    records = graph.read(q.SOZIALRAUM_MEASURES, id=sozialraum_id)
    if not records:
        raise NotFound("sozialraum", sozialraum_id)
    measures = [_sorted(m) for m in records[0]["measures"]]
    local = [m for m in measures
             if not m.get("citywide") or any(s["id"] == sozialraum_id for s in m["sozialraeume"])]
    return {"sozialraum": records[0]["sozialraum"], "local": local,
            "citywide": [m for m in measures if m not in local]}


def ending_measures(graph: Graph, today: date | None = None,
                    months: int = ENDING_WITHIN_MONTHS) -> list[dict[str, Any]]:
    """Befristete measures ending within `months` (or already past their end), soonest first."""
    today = today or date.today()
    measures = [_sorted(r["measure"]) for r in graph.read(
        q.ENDING_MEASURES, today=today.isoformat(), months=months)]
    for measure in measures:
        measure["overdue"] = measure["temporary_until"] < today.isoformat()
    return measures
