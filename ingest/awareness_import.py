"""Import of Expert*innendialog dots from a CSV file.

One row per presented offer: `datum;sozialraum;veranstaltung;angebot;ja;nein`
(comma or semicolon separated, a header row, dates as TT.MM.JJJJ or ISO). Rows with
the same date, Sozialraum and title form one event. Every row is checked first; a
file with any bad row is refused as a whole with one message per problem (row
number, column, what is wrong), so nothing is half imported.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from graph.awareness import MAX_VOTES, DialogueEvent, Vote

COLUMNS = ("datum", "sozialraum", "veranstaltung", "angebot", "ja", "nein")
MAX_ROWS = 5_000


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1 = the header row, as a spreadsheet counts
    column: str
    german: str
    english: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.english}"


class ImportRejected(ValueError):
    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def parse_events(text: str, known_sozialraeume: set[str],
                 known_offers: set[str]) -> list[DialogueEvent]:
    """The events of a CSV text, or ImportRejected listing every problem."""
    reader = _reader(text)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRejected([RowProblem(1, c, "Spalte fehlt", "column missing")
                              for c in missing])
    problems: list[RowProblem] = []
    groups: dict[tuple[str, date, str], list[Vote]] = defaultdict(list)
    for number, raw in enumerate(reader, start=2):
        if number > MAX_ROWS + 1:
            problems.append(RowProblem(number, "-", f"mehr als {MAX_ROWS} Zeilen",
                                       f"more than {MAX_ROWS} rows"))
            break
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        parsed = _parse_row(number, row, known_sozialraeume, known_offers, problems)
        if parsed is not None:
            key, vote = parsed
            if any(v.offer == vote.offer for v in groups[key]):
                problems.append(RowProblem(number, "angebot", "Angebot doppelt in dieser "
                                           "Veranstaltung", "offer twice in one event"))
            groups[key].append(vote)
    if problems:
        raise ImportRejected(problems)
    if not groups:
        raise ImportRejected([RowProblem(2, "-", "keine Daten", "no data rows")])
    return [DialogueEvent(sozialraum, on, title, tuple(votes), source="CSV-Import")
            for (sozialraum, on, title), votes in groups.items()]


def _reader(text: str) -> csv.DictReader:
    sample = text[:2048]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter)


def _parse_row(number: int, row: dict[str, str], sozialraeume: set[str], offers: set[str],
               problems: list[RowProblem]) -> tuple[tuple[str, date, str], Vote] | None:
    before = len(problems)
    on = _date(row["datum"])
    if on is None:
        problems.append(RowProblem(number, "datum", f"„{row['datum']}“ ist kein Datum "
                                   "(TT.MM.JJJJ)", f"not a date: {row['datum']!r}"))
    if row["sozialraum"] not in sozialraeume:
        problems.append(RowProblem(number, "sozialraum", f"unbekannter Sozialraum "
                                   f"„{row['sozialraum']}“", "unknown Sozialraum "
                                   f"{row['sozialraum']!r}"))
    if not row["veranstaltung"]:
        problems.append(RowProblem(number, "veranstaltung", "leer", "empty"))
    if row["angebot"] not in offers:
        problems.append(RowProblem(number, "angebot", f"unbekanntes Angebot "
                                   f"„{row['angebot']}“", f"unknown offer {row['angebot']!r}"))
    counts = [_count(number, row, column, problems) for column in ("ja", "nein")]
    if len(problems) > before or on is None or None in counts:
        return None
    yes, no = counts
    return (row["sozialraum"], on, row["veranstaltung"]), Vote(row["angebot"], yes, no)


def _date(text: str) -> date | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _count(number: int, row: dict[str, str], column: str,
           problems: list[RowProblem]) -> int | None:
    text = row[column]
    if text.isdigit() and int(text) <= MAX_VOTES:
        return int(text)
    problems.append(RowProblem(number, column, f"„{text}“ ist keine Zahl von 0 bis "
                               f"{MAX_VOTES}", f"not a count 0..{MAX_VOTES}: {text!r}"))
    return None
