"""Jinja filters for German display: dates as TT.MM.JJJJ, language names."""

from __future__ import annotations

import re

from flask import Flask

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


def init_app(app: Flask) -> None:
    app.add_template_filter(date_de)
    app.add_template_filter(language_de)
