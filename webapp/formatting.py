"""Jinja filters for German display: dates as TT.MM.JJJJ, language names, German order."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask

from graph.collation import german_key
from graph.meetings import meeting_de

LANGUAGE_NAMES = {
    "de": "Deutsch", "en": "Englisch", "tr": "Türkisch", "ar": "Arabisch", "fa": "Persisch",
    "ru": "Russisch", "uk": "Ukrainisch", "pl": "Polnisch", "ro": "Rumänisch", "bg": "Bulgarisch",
    "fr": "Französisch", "es": "Spanisch", "it": "Italienisch", "ku": "Kurdisch",
    "sq": "Albanisch", "sr": "Serbisch", "hr": "Kroatisch", "el": "Griechisch",
    "dgs": "Deutsche Gebärdensprache", "ls": "Leichte Sprache",
}

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def date_de(value: object) -> str:
    """'2023-10-26' -> '26.10.2023', '2023-10' -> '10.2023', '2023' -> '2023'."""
    text = str(value or "")
    match = _ISO_DATE.match(text)
    if not match:
        return text
    year, month, day = match.groups()
    if day:
        return f"{day}.{month}.{year}"
    if month:
        return f"{month}.{year}"
    return year


def language_de(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


def sort_de(items: Iterable[Any], attribute: str | None = None,
            labels: Mapping[str, str] | None = None) -> list[Any]:
    """Jinja's `sort` in German alphabetical order: by `attribute` of mappings if given, by
    the names `labels` gives ids if given."""
    def key(item: Any) -> tuple[str, str]:
        value = item.get(attribute) if attribute else item
        return german_key(labels.get(value, value) if labels is not None else value)
    return sorted(items, key=key)


def init_app(app: Flask) -> None:
    app.add_template_filter(sort_de)
    app.add_template_filter(meeting_de)
    app.add_template_filter(date_de)
    app.add_template_filter(language_de)
