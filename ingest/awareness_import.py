"""Import of Expert*innendialog dots from a CSV or Excel file.

One row per presented offer with the columns `datum`, `sozialraum`, `veranstaltung`,
`angebot`, `ja`, `nein` (dates as TT.MM.JJJJ or ISO, Sozialraum and offer by id). Rows
with the same date, Sozialraum and title form one event. Every row is checked first;
a file with any bad row is refused as a whole with one message per problem (row
number, column, what is wrong), so nothing is half imported.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from graph.awareness import MAX_VOTES, DialogueEvent, Vote
from ingest.table_import import ImportRejected, RowProblem, cell_date, cell_text, read_table

COLUMNS = {name: True for name in ("datum", "sozialraum", "veranstaltung", "angebot", "ja",
                                   "nein")}
MAX_ROWS = 5_000

EventKey = tuple[str, date, str]


def parse_events(filename: str, data: bytes, known_sozialraeume: set[str],
                 known_offers: set[str]) -> list[DialogueEvent]:
    """The events of a file, or ImportRejected listing every problem."""
    problems: list[RowProblem] = []
    groups: dict[EventKey, list[Vote]] = defaultdict(list)
    for number, row in read_table(filename, data, COLUMNS, MAX_ROWS):
        parsed = _parse_row(number, row, known_sozialraeume, known_offers, problems)
        if parsed is None:
            continue
        key, vote = parsed
        if any(v.offer == vote.offer for v in groups[key]):
            problems.append(RowProblem(number, "angebot", "Das Angebot steht schon in einer "
                                       "Zeile dieser Veranstaltung.", "offer twice in one event"))
        groups[key].append(vote)
    if problems:
        raise ImportRejected(problems)
    return [DialogueEvent(sozialraum, on, title, tuple(votes), source="Import")
            for (sozialraum, on, title), votes in groups.items()]


def _parse_row(number: int, row: dict[str, Any], sozialraeume: set[str], offers: set[str],
               problems: list[RowProblem]) -> tuple[EventKey, Vote] | None:
    before = len(problems)

    def refuse(column: str, german: str, english: str) -> None:
        problems.append(RowProblem(number, column, german, english))

    on = cell_date(row.get("datum"))
    sozialraum, title, offer = (cell_text(row.get(c)) for c in
                                ("sozialraum", "veranstaltung", "angebot"))
    if on is None:
        refuse("datum", f"„{cell_text(row.get('datum'))}“ ist kein Datum (TT.MM.JJJJ).",
               f"not a date: {cell_text(row.get('datum'))!r}")
    if sozialraum not in sozialraeume:
        refuse("sozialraum", f"Den Sozialraum „{sozialraum}“ gibt es nicht.",
               f"unknown Sozialraum {sozialraum!r}")
    if not title:
        refuse("veranstaltung", "Darf nicht leer sein.", "must not be empty")
    if offer not in offers:
        refuse("angebot", f"Das Angebot „{offer}“ gibt es nicht.", f"unknown offer {offer!r}")
    yes, no = (_count(cell_text(row.get(c)), c, refuse) for c in ("ja", "nein"))
    if len(problems) > before or on is None or yes is None or no is None:
        return None
    return (sozialraum, on, title), Vote(offer, yes, no)


def _count(text: str, column: str, refuse: Any) -> int | None:
    if text.isdecimal() and int(text) <= MAX_VOTES:  # "²" is a digit, but no number
        return int(text)
    refuse(column, f"„{text}“ ist keine Zahl von 0 bis {MAX_VOTES}.",
           f"not a count 0..{MAX_VOTES}: {text!r}")
    return None
