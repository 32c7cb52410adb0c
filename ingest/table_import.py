"""Reading a table from an uploaded CSV or Excel (.xlsx) file, for the importers.

The first row names the columns; every further non-empty row is a record, numbered
as the spreadsheet shows it (the header is row 1). A file that cannot be read, lacks
a required column or has too many rows is refused with `ImportRejected`, whose
problems carry a German text for the page and an English one for logs and the CLI.
The importers add their own row checks with the same `RowProblem`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class RowProblem:
    """One reason a file is rejected; `row` 0 means the file as a whole."""

    row: int
    column: str
    german: str
    english: str

    def german_line(self) -> str:
        where = "Datei" if self.row == 0 else f"Zeile {self.row}"
        column = f", Spalte „{self.column}“" if self.column else ""
        return f"{where}{column}: {self.german}"

    def english_line(self) -> str:
        where = "file" if self.row == 0 else f"row {self.row}"
        column = f", column {self.column!r}" if self.column else ""
        return f"{where}{column}: {self.english}"


class ImportRejected(Exception):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s): "
                         + "; ".join(p.english_line() for p in problems[:3]))
        self.problems = problems


def read_table(filename: str, data: bytes, columns: Mapping[str, bool],
               max_rows: int) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) of every non-empty data row.

    `columns` maps each known column to whether it is required; headers are matched
    without regard to case and stored under the spelling of `columns`.
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "csv":
        table = _csv_rows(data)
    elif suffix == "xlsx":
        table = _xlsx_rows(data)
    else:
        raise ImportRejected([RowProblem(0, "", "Bitte eine CSV- oder Excel-Datei (.xlsx) "
                                         "hochladen.", "only .csv and .xlsx files are read")])
    if not table:
        raise ImportRejected([RowProblem(0, "", "Die Datei ist leer.", "the file is empty")])
    header = _header(table[0], columns)
    rows = [(number, dict(zip(header, values, strict=False)))
            for number, values in enumerate(table[1:], start=2)
            if any(str(v or "").strip() for v in values)]
    if len(rows) > max_rows:
        raise ImportRejected([RowProblem(0, "", f"Höchstens {max_rows} Zeilen je Datei.",
                                         f"at most {max_rows} rows per file")])
    if not rows:
        raise ImportRejected([RowProblem(0, "", "Die Datei enthält keine Daten.",
                                         "no data rows")])
    return rows


def _header(cells: list[Any], columns: Mapping[str, bool]) -> list[str]:
    spelling = {name.lower(): name for name in columns}
    header = [spelling.get(str(c or "").strip().lower(), str(c or "").strip()) for c in cells]
    problems = [RowProblem(1, name, "Diese Spalte ist unbekannt (erlaubt: "
                           f"{', '.join(columns)}).", "unknown column")
                for name in header if name and name not in columns]
    problems += [RowProblem(1, name, "Diese Spalte fehlt.", "required column is missing")
                 for name, required in columns.items() if required and name not in header]
    if problems:
        raise ImportRejected(problems)
    return header


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on German Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        # newline="": the csv module reads line ends itself (a bare "\r" is one too).
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportRejected([RowProblem(0, "", "Die CSV-Datei kann nicht gelesen werden.",
                                         f"not a readable CSV file: {exc}")]) from exc


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportRejected([RowProblem(0, "", "Die Excel-Datei kann nicht gelesen werden.",
                                         f"not a readable .xlsx file: {exc}")]) from exc
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """A cell as text: None is empty, Excel's 7.0 is 7."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def cell_date(value: Any) -> date | None:
    """An Excel date or a text date (TT.MM.JJJJ or ISO); None when it is none of them."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    try:
        match = _GERMAN_DATE.match(text)
        if match:
            day, month, year = (int(x) for x in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        return None
