"""Parsing and checking the query-string filters shared by pages and the API."""

from __future__ import annotations

import re
from collections.abc import Mapping

from graph.directory import Choices, OfferFilters
from webapp.errors import InvalidInput

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

# query-string name -> (Choices attribute, German label)
FILTER_PARAMS = {
    "sozialraum": ("sozialraeume", "Sozialraum"),
    "zielgruppe": ("target_groups", "Zielgruppe"),
    "thema": ("topics", "Thema"),
}


def asks_offer_filters(args: Mapping[str, str]) -> bool:
    """Whether the query string sets any of `FILTER_PARAMS` (else nothing needs checking)."""
    return any((args.get(param) or "").strip() for param in FILTER_PARAMS)


def parse_offer_filters(args: Mapping[str, str], choices: Choices) -> OfferFilters:
    """Filters from `?sozialraum=&zielgruppe=&thema=`; unknown values are rejected clearly."""
    values: dict[str, str | None] = {}
    for param, (kind, label) in FILTER_PARAMS.items():
        raw = (args.get(param) or "").strip()
        if not raw:
            values[param] = None
            continue
        if not ID_PATTERN.match(raw) or raw not in choices.ids(kind):
            raise InvalidInput(
                f"Unbekannte Auswahl für {label}: „{raw[:80]}“.",
                f"unknown {param} {raw[:80]!r}",
            )
        values[param] = raw
    return OfferFilters(
        sozialraum=values["sozialraum"],
        target_group=values["zielgruppe"],
        topic=values["thema"],
    )


def parse_int(args: Mapping[str, str], name: str, default: int, lo: int, hi: int) -> int:
    """An integer query parameter within [lo, hi], or a clear 400."""
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not lo <= value <= hi:
        raise InvalidInput(
            f"Der Parameter „{name}“ muss eine ganze Zahl von {lo} bis {hi} sein.",
            f"{name} must be an integer in [{lo}, {hi}], got {raw[:40]!r}",
        )
    return value
