"""Property tests of the importers: whatever file a planner uploads, the answer is the
rows or a German list of problems (`ImportRejected`), never another exception."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.awareness_import import COLUMNS as AWARENESS_COLUMNS
from ingest.awareness_import import parse_events
from ingest.recommendation_import import COLUMNS as RECOMMENDATION_COLUMNS
from ingest.recommendation_import import read_table, validate_rows
from ingest.table_import import ImportRejected

VOCABULARY = {"sozialraeume": {"osterfeld": "Osterfeld"}, "departments": {"3-1": "Soziales"},
              "target_groups": {"kinder": "Kinder"}, "topics": {"armut": "Armut"}}
CELLS = st.one_of(st.text(max_size=30), st.sampled_from(
    ["", "osterfeld", "01.02.2026", "2026-02-30", "3", "-1", "10000", "kinder", "x;y", '"',
     "²", "٣"]))


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


def _table(columns: list[str]) -> st.SearchStrategy[bytes]:
    return st.lists(st.lists(CELLS, min_size=len(columns), max_size=len(columns)),
                    max_size=8).map(lambda rows: _csv(columns, rows))


ANY_FILE = st.one_of(st.binary(max_size=400), _table(list(AWARENESS_COLUMNS)),
                     _table(list(RECOMMENDATION_COLUMNS)))


@settings(max_examples=150, deadline=2000)
@given(data=ANY_FILE, name=st.sampled_from(["punkte.csv", "punkte.xlsx", "punkte.txt"]))
def test_awareness_import_rejects_or_reads_any_file(data: bytes, name: str) -> None:
    try:
        events = parse_events(name, data, {"osterfeld"}, {"angebot-1"})
    except ImportRejected as exc:
        assert exc.problems and all(p.german for p in exc.problems)
    else:
        assert all(event.sozialraum == "osterfeld" for event in events)


@settings(max_examples=150, deadline=2000)
@given(data=ANY_FILE, name=st.sampled_from(["empfehlungen.csv", "empfehlungen.xlsx"]))
def test_recommendation_import_rejects_or_reads_any_file(data: bytes, name: str) -> None:
    try:
        records = validate_rows(read_table(name, data), VOCABULARY)
    except ImportRejected as exc:
        assert exc.problems and all(p.german for p in exc.problems)
    else:
        assert all(record["number"] for record in records)


def test_a_superscript_digit_is_no_count():
    # "²".isdigit() is true, but int("²") fails: the count check must not crash on it.
    data = _csv(list(AWARENESS_COLUMNS),
                [["01.02.2026", "osterfeld", "Stadtteilfest", "angebot-1", "²", "3"]])
    try:
        parse_events("punkte.csv", data, {"osterfeld"}, {"angebot-1"})
    except ImportRejected as exc:
        assert any("keine Zahl" in p.german for p in exc.problems)
    else:
        raise AssertionError("a superscript two was read as a count")
