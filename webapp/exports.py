"""Exports of the planner views: the gap matrix as CSV (for any tool) and Excel."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from graph.gaps import DIMENSIONS, GapMatrix

GAP_FILL = PatternFill("solid", fgColor="F4C7C3")
OPEN_GAP_FILL = PatternFill("solid", fgColor="E06666")


def gap_matrix_rows(matrix: GapMatrix) -> list[list[object]]:
    """One row per Sozialraum × column: the long format that spreadsheets filter well."""
    header = ["Sozialraum", "Sozialindex", DIMENSIONS[matrix.dimension], "Angebote vor Ort",
              "stadtweite Angebote", "unbeantwortete Suchanfragen", "Lücke",
              "Handlungsempfehlungen"]
    rows: list[list[object]] = [header]
    for row in matrix.rows:
        for col in matrix.columns:
            cell = matrix.cell(row["id"], col["id"])
            rows.append([row["name"], row["sozialindex"] or "", col["name"], cell.local,
                         cell.citywide, cell.unanswered, "ja" if cell.gap else "nein",
                         len(cell.recommendations)])
    return rows


def gap_matrix_csv(matrix: GapMatrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(gap_matrix_rows(matrix))
    return out.getvalue()


def gap_matrix_xlsx(matrix: GapMatrix) -> bytes:
    """A workbook with the matrix as a grid (local offers, gaps shaded) and the long list."""
    book = Workbook()
    grid = book.active
    grid.title = "Matrix"
    grid.append(["Sozialraum", "Sozialindex", *(c["name"] for c in matrix.columns)])
    for cell in grid[1]:
        cell.font = Font(bold=True)
    for row in matrix.rows:
        cells = [matrix.cell(row["id"], c["id"]) for c in matrix.columns]
        grid.append([row["name"], row["sozialindex"] or "", *(c.local for c in cells)])
        for excel_cell, cell in zip(grid[grid.max_row][2:], cells, strict=True):
            if cell.open_gap:
                excel_cell.fill = OPEN_GAP_FILL
            elif cell.gap:
                excel_cell.fill = GAP_FILL
    details = book.create_sheet("Liste")
    for values in gap_matrix_rows(matrix):
        details.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
