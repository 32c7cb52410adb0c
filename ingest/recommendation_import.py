"""Reading Handlungsempfehlungen from a CSV or Excel (.xlsx) file, checked row by row.

The first row names the columns (German, as the social planning keeps its lists);
every further non-empty row is one recommendation. Lists (Sozialräume, Bereiche,
Zielgruppen, Themen) are separated by semicolons or line breaks and may use ids or
names; "stadtweit" as Sozialraum marks a city-wide recommendation. A file with any
bad row is rejected as a whole: `ImportRejected` lists every problem, each with its
row number (as the spreadsheet shows it), column and a German and an English text.
"""

from __future__ import annotations

import re
from typing import Any

from ingest import table_import
from ingest.dataset import RECOMMENDATION_STATUSES
from ingest.table_import import ImportRejected, RowProblem, cell_date, cell_text

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


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, Any]]]:
    """(row number, {header: value}) of every non-empty data row of a .csv or .xlsx file."""
    return table_import.read_table(filename, data, {name: required for name, (_, required)
                                                    in COLUMNS.items()}, MAX_ROWS)


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
        return cell_text(self.raw.get(column))

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
        text = self.cell(column)
        if not text:
            if required:
                self.add(column, "Bitte ein Datum angeben (TT.MM.JJJJ).", "date is missing")
            return None
        parsed = cell_date(self.raw.get(column))
        if parsed is None:
            self.add(column, f"„{text}“ ist kein Datum im Format TT.MM.JJJJ.",
                     f"{text!r} is not a date (DD.MM.YYYY or YYYY-MM-DD)")
        return parsed.isoformat() if parsed else None

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
