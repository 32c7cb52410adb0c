"""Reading Handlungsempfehlungen from a CSV or Excel (.xlsx) file, checked row by row.

The first row names the columns (German, as the social planning keeps its lists);
every further non-empty row is one recommendation. Lists (Sozialräume, Bereiche,
Zielgruppen, Themen) are separated by semicolons or line breaks and may use ids or
names; "stadtweit" as Sozialraum marks a city-wide recommendation. A file with any
bad row is rejected as a whole: `ImportRejected` lists every problem, each with its
row number (as the spreadsheet shows it), column and a German and an English text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from ingest.dataset import RECOMMENDATION_STATUSES

MAX_ROWS = 1000
CITYWIDE = "stadtweit"
# column header -> (row key, required)
COLUMNS: dict[str, tuple[str, bool]] = {
    "Nummer": ("number", True),
    "Titel": ("title", True),
    "Text": ("text", True),
    "Sozialräume": ("sozialraeume", True),
    "Bereiche": ("departments", True),
    "Zielgruppen": ("target_groups", False),
    "Themen": ("topics", False),
    "Datum": ("date", True),
    "Status": ("status", True),
    "Status seit": ("status_since", False),
}
MAX_LENGTH = {"number": 20, "title": 200, "text": 4000}
VOCABULARY_NOUNS = {  # row key -> (German, English) noun for messages
    "sozialraeume": ("Sozialraum", "sozialraum"), "departments": ("Bereich", "department"),
    "target_groups": ("Zielgruppe", "target group"), "topics": ("Thema", "topic"),
}
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


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) of every non-empty data row of a .csv or .xlsx file."""
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
    header = [str(h or "").strip() for h in table[0]]
    _check_header(header)
    rows = [(number, dict(zip(header, values, strict=False)))
            for number, values in enumerate(table[1:], start=2)
            if any(str(v or "").strip() for v in values)]
    if len(rows) > MAX_ROWS:
        raise ImportRejected([RowProblem(0, "", f"Höchstens {MAX_ROWS} Zeilen je Datei.",
                                         f"at most {MAX_ROWS} rows per file")])
    return rows


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's "CSV" on German Windows
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


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


def _check_header(header: list[str]) -> None:
    problems = [RowProblem(1, name, "Diese Spalte ist unbekannt (erlaubt: "
                           f"{', '.join(COLUMNS)}).", "unknown column")
                for name in header if name and name not in COLUMNS]
    problems += [RowProblem(1, name, "Diese Spalte fehlt.", "required column is missing")
                 for name, (_, required) in COLUMNS.items() if required and name not in header]
    if problems:
        raise ImportRejected(problems)


def validate_rows(rows: list[tuple[int, dict[str, Any]]],
                  vocabulary: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The rows as import records; raises `ImportRejected` naming every bad cell."""
    problems: list[RowProblem] = []
    records = [_RowChecker(number, raw, vocabulary, problems).record() for number, raw in rows]
    seen: dict[str, int] = {}
    for (number, _), record in zip(rows, records, strict=True):
        key = record.get("number")
        if key and key in seen:
            problems.append(RowProblem(number, "Nummer", f"Die Nummer „{key}“ steht schon in "
                                       f"Zeile {seen[key]}.", f"number {key!r} repeats row "
                                       f"{seen[key]}"))
        seen.setdefault(key, number)
    if problems:
        raise ImportRejected(sorted(problems, key=lambda p: p.row))
    return records


class _RowChecker:
    """Turns one row into a record, adding a problem for every bad cell."""

    def __init__(self, number: int, raw: dict[str, Any], vocabulary: dict[str, dict[str, str]],
                 problems: list[RowProblem]) -> None:
        self.number, self.raw, self.vocabulary, self.problems = number, raw, vocabulary, problems

    def record(self) -> dict[str, Any]:
        record: dict[str, Any] = {key: self.text(column, key) for column, (key, _)
                                  in COLUMNS.items() if key in MAX_LENGTH}
        places = self.names("Sozialräume", "sozialraeume")
        record["citywide"] = CITYWIDE in places
        record["sozialraeume"] = self.resolve("Sozialräume", "sozialraeume",
                                              [p for p in places if p != CITYWIDE])
        if record["citywide"] and record["sozialraeume"]:
            self.add("Sozialräume", "Entweder „stadtweit“ oder Sozialräume angeben, nicht "
                     "beides.", "either 'stadtweit' or sozialraeume, not both")
        for column, key in (("Bereiche", "departments"), ("Zielgruppen", "target_groups"),
                            ("Themen", "topics")):
            record[key] = self.resolve(column, key, self.names(column, key))
        record["date"] = self.date("Datum", required=True)
        record["status"] = self.status()
        record["status_since"] = self.date("Status seit", required=False) or record["date"]
        return record

    def add(self, column: str, german: str, english: str) -> None:
        self.problems.append(RowProblem(self.number, column, german, english))

    def cell(self, column: str) -> str:
        value = self.raw.get(column)
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # Excel keeps the number 7 as 7.0
        return "" if value is None else str(value).strip()

    def text(self, column: str, key: str) -> str | None:
        value = self.cell(column)
        if not value:
            self.add(column, "Darf nicht leer sein.", "must not be empty")
            return None
        if len(value) > MAX_LENGTH[key]:
            self.add(column, f"Höchstens {MAX_LENGTH[key]} Zeichen (hier {len(value)}).",
                     f"at most {MAX_LENGTH[key]} characters, got {len(value)}")
        return value

    def names(self, column: str, key: str) -> list[str]:
        names = [n.strip() for n in re.split(r"[;\n]", self.cell(column)) if n.strip()]
        if not names and COLUMNS[column][1]:
            self.add(column, "Bitte mindestens einen Eintrag angeben"
                     + (" (oder „stadtweit“)." if key == "sozialraeume" else "."),
                     "needs at least one entry")
        return [CITYWIDE if n.lower() == CITYWIDE else n for n in names]

    def resolve(self, column: str, key: str, names: list[str]) -> list[str]:
        known = self.vocabulary.get(key, {})
        german, english = VOCABULARY_NOUNS[key]
        for name in names:
            if name.lower() not in known:
                self.add(column, f"{german} „{name}“ ist unbekannt.",
                         f"unknown {english} {name!r}")
        return sorted({known[n.lower()] for n in names if n.lower() in known})

    def date(self, column: str, required: bool) -> str | None:
        value = self.raw.get(column)
        if isinstance(value, datetime | date):
            return (value.date() if isinstance(value, datetime) else value).isoformat()
        text = self.cell(column)
        if not text:
            if required:
                self.add(column, "Bitte ein Datum angeben (TT.MM.JJJJ).", "date is missing")
            return None
        try:
            match = _GERMAN_DATE.match(text)
            if match:
                day, month, year = (int(x) for x in match.groups())
                return date(year, month, day).isoformat()
            return date.fromisoformat(text).isoformat()
        except ValueError:
            self.add(column, f"„{text}“ ist kein Datum im Format TT.MM.JJJJ.",
                     f"{text!r} is not a date (DD.MM.YYYY or YYYY-MM-DD)")
            return None

    def status(self) -> str | None:
        text = self.cell("Status")
        allowed = {s.lower(): s for s in RECOMMENDATION_STATUSES}
        if not text:
            self.add("Status", "Darf nicht leer sein.", "must not be empty")
            return None
        if text.lower() not in allowed:
            self.add("Status", f"„{text}“ ist kein gültiger Status (erlaubt: "
                     f"{', '.join(RECOMMENDATION_STATUSES)}).",
                     f"{text!r} is not one of {', '.join(RECOMMENDATION_STATUSES)}")
            return None
        return allowed[text.lower()]
