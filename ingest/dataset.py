"""The seed dataset: loading the JSON files and checking them before any write.

A dataset is a folder of JSON files (see `ingest/data/README.md`). `validate`
returns every problem at once, each naming file, record and field, so that a
broken file is fixed in one pass and nothing half-valid reaches the graph.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_DATA_DIR = Path(__file__).parent / "data"

INSTITUTION_CATEGORIES = (
    "Träger sozialer Dienstleistungen",
    "Stadtteil- und Quartiersbüros",
    "Anlauf- und Beratungsstellen",
    "Jugendeinrichtungen",
    "Kindertageseinrichtungen",
    "Schulen",
    "stationäre Alten- und Pflegeeinrichtungen",
    "Religionsgemeinschaften",
    "Sportvereine",
    "sonstige Einrichtungen",
)
OFFER_STATUSES = ("aktiv", "geplant", "beendet")
GREMIUM_KINDS = ("Sozialraumgremium", "Netzwerk", "Arbeitskreis", "Konferenz")
RECOMMENDATION_STATUSES = ("offen", "in Umsetzung", "umgesetzt", "zurückgestellt")
MEASURE_STATUSES = ("bestehend", "geplant", "befristet", "beendet")
# Optional: a dataset without Handlungsempfehlungen (e.g. the synthetic city) omits the file.
RECOMMENDATIONS_FILE = "recommendations.json"


@dataclass(frozen=True)
class Problem:
    """One reason a dataset cannot be loaded."""

    file: str
    record: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class DatasetError(Exception):
    """The dataset cannot be read or is invalid; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset: {shown}{more}")


@dataclass
class Dataset:
    """All collections of one dataset, as lists of plain dicts."""

    bezirke: list[dict[str, Any]] = field(default_factory=list)
    sozialraeume: list[dict[str, Any]] = field(default_factory=list)
    stadtteile: list[dict[str, Any]] = field(default_factory=list)
    departments: list[dict[str, Any]] = field(default_factory=list)
    target_groups: list[dict[str, Any]] = field(default_factory=list)
    topics: list[dict[str, Any]] = field(default_factory=list)
    institutions: list[dict[str, Any]] = field(default_factory=list)
    offers: list[dict[str, Any]] = field(default_factory=list)
    gremien: list[dict[str, Any]] = field(default_factory=list)
    recommendations: list[dict[str, Any]] = field(default_factory=list)


def _read_json(path: Path, problems: list[Problem]) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(Problem(path.name, "-", "file is missing"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problems.append(Problem(path.name, "-", f"not valid UTF-8 JSON: {exc}"))
    return None


def load_dataset(data_dir: Path = DEFAULT_DATA_DIR) -> Dataset:
    """Read and validate a dataset folder; raise `DatasetError` listing every problem."""
    problems: list[Problem] = []
    places = _read_json(data_dir / "places.json", problems) or {}
    vocabulary = _read_json(data_dir / "vocabulary.json", problems) or {}
    dataset = Dataset(
        bezirke=places.get("bezirke", []),
        sozialraeume=places.get("sozialraeume", []),
        stadtteile=places.get("stadtteile", []),
        departments=_read_json(data_dir / "departments.json", problems) or [],
        target_groups=vocabulary.get("target_groups", []),
        topics=vocabulary.get("topics", []),
        institutions=_read_json(data_dir / "institutions.json", problems) or [],
        offers=_read_json(data_dir / "offers.json", problems) or [],
        gremien=_read_json(data_dir / "gremien.json", problems) or [],
        recommendations=(_read_json(data_dir / RECOMMENDATIONS_FILE, problems) or []
                         if (data_dir / RECOMMENDATIONS_FILE).exists() else []),
    )
    if problems:
        raise DatasetError(problems)
    problems = validate(dataset)
    if problems:
        raise DatasetError(problems)
    return dataset


def validate(dataset: Dataset) -> list[Problem]:
    """Every structural and referential problem of the dataset (empty when it is sound)."""
    checker = _Checker()
    ids = {
        name: checker.unique_ids(file, name, getattr(dataset, name))
        for file, name in _COLLECTIONS
    }
    for s in dataset.sozialraeume:
        checker.ref("places.json", s, "bezirk", ids["bezirke"])
    sozialraum_bezirk = {s.get("id"): s.get("bezirk") for s in dataset.sozialraeume}
    for t in dataset.stadtteile:
        checker.ref("places.json", t, "sozialraum", ids["sozialraeume"])
        expected_bezirk = sozialraum_bezirk.get(t.get("sozialraum"))
        if t.get("bezirk") and expected_bezirk not in (None, t["bezirk"]):
            checker.add("places.json", t, "bezirk differs from the bezirk of its sozialraum")
    for tg in dataset.target_groups:
        checker.ref("vocabulary.json", tg, "broader", ids["target_groups"], optional=True)
    for i in dataset.institutions:
        checker.choice("institutions.json", i, "category", INSTITUTION_CATEGORIES)
        checker.ref("institutions.json", i, "stadtteil", ids["stadtteile"], optional=True)
    for o in dataset.offers:
        _validate_offer(checker, o, ids)
    for g in dataset.gremien:
        checker.choice("gremien.json", g, "kind", GREMIUM_KINDS)
        checker.refs("gremien.json", g, "sozialraeume", ids["sozialraeume"], minimum=0)
        for member in g.get("members") or []:
            if not isinstance(member, dict) or member.get("institution") not in ids["institutions"]:
                checker.add("gremien.json", g, f"member {member!r} names no known institution")
    for r in dataset.recommendations:
        _validate_recommendation(checker, r, ids)
    return checker.problems


def _validate_offer(checker: _Checker, o: dict[str, Any], ids: dict[str, set[str]]) -> None:
    file = "offers.json"
    checker.text(file, o, "title")
    checker.text(file, o, "description")
    checker.choice(file, o, "status", OFFER_STATUSES)
    checker.ref(file, o, "institution", ids["institutions"])
    checker.ref(file, o, "department", ids["departments"], optional=True)
    checker.ref(file, o, "stadtteil", ids["stadtteile"], optional=True)
    checker.refs(file, o, "target_groups", ids["target_groups"], minimum=1)
    checker.refs(file, o, "topics", ids["topics"], minimum=1)
    checker.refs(file, o, "sozialraeume", ids["sozialraeume"], minimum=0)
    examples = o.get("example_questions", [])
    if not isinstance(examples, list) or not all(
            isinstance(e, str) and e.strip() for e in examples):
        checker.add(file, o, "example_questions must be a list of non-empty texts")
    if not isinstance(o.get("citywide"), bool):
        checker.add(file, o, "citywide must be true or false")
    elif not o["citywide"] and not o.get("sozialraeume"):
        checker.add(file, o, "a local offer needs at least one sozialraum (or citywide: true)")


def _validate_recommendation(checker: _Checker, r: dict[str, Any],
                             ids: dict[str, set[str]]) -> None:
    file = RECOMMENDATIONS_FILE
    for key in ("number", "text"):
        checker.text(file, r, key)
    checker.iso_date(file, r, "date")
    checker.refs(file, r, "sozialraeume", ids["sozialraeume"], minimum=0)
    checker.refs(file, r, "departments", ids["departments"], minimum=1)
    checker.refs(file, r, "target_groups", ids["target_groups"], minimum=0)
    checker.refs(file, r, "topics", ids["topics"], minimum=0)
    checker.refs(file, r, "implemented_by", ids["offers"], minimum=0)
    if not isinstance(r.get("citywide"), bool):
        checker.add(file, r, "citywide must be true or false")
    elif r["citywide"] == bool(r.get("sozialraeume")):
        checker.add(file, r, "a recommendation is either citywide or names its sozialraeume")
    history = r.get("status_history")
    if not isinstance(history, list) or not history:
        checker.add(file, r, "status_history needs at least one {since, status} entry")
        return
    for entry in history:
        if not isinstance(entry, dict):
            checker.add(file, r, f"status_history entry {entry!r} is not an object")
            continue
        checker.choice(file, entry | {"id": r.get("id")}, "status", RECOMMENDATION_STATUSES)
        checker.iso_date(file, entry | {"id": r.get("id")}, "since")
    dates = [e.get("since") for e in history if isinstance(e, dict)]
    if all(isinstance(d, str) for d in dates) and dates != sorted(dates):
        checker.add(file, r, "status_history must be in chronological order")


_COLLECTIONS = (
    ("places.json", "bezirke"),
    ("places.json", "sozialraeume"),
    ("places.json", "stadtteile"),
    ("departments.json", "departments"),
    ("vocabulary.json", "target_groups"),
    ("vocabulary.json", "topics"),
    ("institutions.json", "institutions"),
    ("offers.json", "offers"),
    ("gremien.json", "gremien"),
    (RECOMMENDATIONS_FILE, "recommendations"),
)


class _Checker:
    """Collects problems; each method checks one rule on one record."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, record: Any, message: str) -> None:
        rid = record.get("id") if isinstance(record, dict) else None
        self.problems.append(Problem(file, str(rid or "?"), message))

    def unique_ids(self, file: str, name: str, records: Any) -> set[str]:
        if not isinstance(records, list):
            self.problems.append(Problem(file, name, "must be a list of records"))
            return set()
        seen: set[str] = set()
        for record in records:
            if not isinstance(record, dict):
                self.problems.append(Problem(file, name, f"record is not an object: {record!r}"))
                continue
            rid = record.get("id")
            if not isinstance(rid, str) or not rid:
                self.add(file, record, "id is missing")
            elif rid in seen:
                self.add(file, record, "id is used twice")
            seen.add(rid)
            label = "title" if name in ("offers", "recommendations") else "name"
            self.text(file, record, label)
            for key in ("source", "as_of"):
                self.text(file, record, key)
        return seen

    def text(self, file: str, record: dict[str, Any], key: str) -> None:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            self.add(file, record, f"{key} must be a non-empty text")

    def iso_date(self, file: str, record: dict[str, Any], key: str) -> None:
        value = record.get(key)
        try:
            valid = isinstance(value, str) and date.fromisoformat(value).isoformat() == value
        except ValueError:
            valid = False
        if not valid:
            self.add(file, record, f"{key} {value!r} is not a date (YYYY-MM-DD)")

    def choice(self, file: str, record: dict[str, Any], key: str, allowed: tuple[str, ...]) -> None:
        if record.get(key) not in allowed:
            self.add(file, record, f"{key} {record.get(key)!r} is not one of {', '.join(allowed)}")

    def ref(self, file: str, record: dict[str, Any], key: str, known: set[str],
            optional: bool = False) -> None:
        value = record.get(key)
        if value is None and optional:
            return
        if value not in known:
            self.add(file, record, f"{key} {value!r} does not exist")

    def refs(self, file: str, record: dict[str, Any], key: str, known: set[str],
             minimum: int) -> None:
        values = record.get(key) or []
        if not isinstance(values, list):
            self.add(file, record, f"{key} must be a list")
            return
        if len(values) < minimum:
            noun = "entry" if minimum == 1 else "entries"
            self.add(file, record, f"{key} needs at least {minimum} {noun}")
        for value in values:
            if value not in known:
                self.add(file, record, f"{key}: {value!r} does not exist")
