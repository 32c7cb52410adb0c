"""Gaps (Versorgungslücken): offers per Sozialraum × target group (or × topic).

Each cell counts the offers available in the Sozialraum itself and, separately, the
city-wide ones, beside the Sozialraum's Sozialindex class and the number of search
questions for that place and need that found no good answer (the unmet-need signal
of the search log), and the Handlungsempfehlungen that answer it. A cell without a
local offer is a gap; without any offer at all, also city-wide, it is an open gap.
Five aggregate queries, however big the city.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graph.driver import Graph
from graph.queries import planning as q
from graph.recommendations import recommendations_by_cell

DIMENSIONS = {"target_groups": "Zielgruppe", "topics": "Thema"}


@dataclass(frozen=True)
class Cell:
    local: int
    citywide: int
    unanswered: int
    recommendations: tuple[str, ...] = ()  # Handlungsempfehlungen that answer this cell

    @property
    def gap(self) -> bool:
        return self.local == 0

    @property
    def open_gap(self) -> bool:
        return self.local == 0 and self.citywide == 0


@dataclass(frozen=True)
class GapMatrix:
    dimension: str
    rows: list[dict[str, Any]]  # Sozialräume: id, name, sozialindex
    columns: list[dict[str, Any]]  # target groups or topics: id, name
    cells: dict[tuple[str, str], Cell]

    def cell(self, row: str, col: str) -> Cell:
        return self.cells[(row, col)]

    def gaps(self) -> list[tuple[str, str]]:
        return [key for key, cell in self.cells.items() if cell.gap]

    def citywide_by_nature(self, col: str) -> bool:
        """No Sozialraum has a local offer, but city-wide offers serve everyone (e.g. a
        central counselling service): its cells are served city-wide, not local gaps."""
        cells = [self.cells[(row["id"], col)] for row in self.rows]
        return all(c.local == 0 for c in cells) and all(c.citywide > 0 for c in cells)

    def gaps_in(self, row: str) -> list[str]:
        """The columns without a local offer in one Sozialraum."""
        return [col for (r, col), cell in self.cells.items() if r == row and cell.gap]

    def as_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, "rows": self.rows, "columns": self.columns,
            "cells": [{"sozialraum": row, "column": col, "local": c.local,
                       "citywide": c.citywide, "unanswered": c.unanswered, "gap": c.gap,
                       "recommendations": list(c.recommendations)}
                      for (row, col), c in self.cells.items()],
        }


def gap_matrix(graph: Graph, dimension: str = "target_groups") -> GapMatrix:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown gap dimension {dimension!r}")
    rows = [r.data() for r in graph.read(q.GAP_ROWS)]
    columns = [r.data() for r in graph.read(q.GAP_COLUMNS[dimension])]
    local = {(r["row"], r["col"]): r["n"] for r in graph.read(q.GAP_LOCAL_COUNTS[dimension])}
    citywide = {r["col"]: r["n"] for r in graph.read(q.GAP_CITYWIDE_COUNTS[dimension])}
    unanswered = {(r["row"], r["col"]): r["n"]
                  for r in graph.read(q.GAP_UNANSWERED[dimension])}
    recommendations = recommendations_by_cell(graph, dimension)
    cells = {
        (row["id"], col["id"]): Cell(local.get((row["id"], col["id"]), 0),
                                     citywide.get(col["id"], 0),
                                     unanswered.get((row["id"], col["id"]), 0),
                                     tuple(recommendations.get((row["id"], col["id"]), ())))
        for row in rows for col in columns
    }
    return GapMatrix(dimension, rows, columns, cells)


def cell_offers(graph: Graph, dimension: str, sozialraum: str,
                column: str) -> list[dict[str, Any]]:
    """The offers behind one cell: local ones first, then the city-wide ones."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown gap dimension {dimension!r}")
    return [r["offer"] for r in graph.read(q.GAP_CELL_OFFERS[dimension], row=sozialraum,
                                           col=column)]
