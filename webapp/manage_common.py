"""What every maintenance view shares: who acts, may they, stale saves, fresh embeddings."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import abort, render_template
from flask_login import current_user

from graph.driver import get_graph
from graph.editing import Actor, StaleVersion
from graph.errors import GraphError
from ingest.embeddings import refresh_embeddings
from webapp.search_views import get_service

log = logging.getLogger(__name__)

FIELD_LABELS = {
    "description": "Beschreibung", "meeting_rhythm": "Sitzungsrhythmus",
    "next_meetings": "Nächste Sitzungen", "contact": "Kontakt", "members": "Mitglieder",
    "agenda": "Für die nächste Sitzung vorgemerkt",
    "name": "Name", "category": "Kategorie", "provider": "Träger", "street": "Straße",
    "postal_code": "PLZ", "phone": "Telefon", "email": "E-Mail", "website": "Internetseite",
    "title": "Titel", "keywords": "Stichworte", "example_questions": "Beispielfragen",
    "hours": "Zeiten", "cost": "Kosten",
    "free": "kostenlos", "anonymous": "anonym", "walk_in": "ohne Termin",
    "barrier_free": "barrierefrei", "languages": "Sprachen", "url": "Internetseite",
    "status": "Status", "valid_from": "gültig ab", "valid_until": "gültig bis",
    "last_verified": "zuletzt geprüft", "citywide": "stadtweit", "deleted": "gelöscht",
    "deleted_at": "gelöscht am", "target_groups": "Zielgruppen", "topics": "Themen",
    "sozialraeume": "Sozialräume", "department": "zuständiger Bereich",
    "proposed": "Vorschlag, unbestätigt", "proposed_by": "vorgeschlagen von",
    "measure_status": "Maßnahmenstatus", "temporary_until": "befristet bis",
    "funding_period": "Förderzeitraum", "recommendations": "Handlungsempfehlungen",
    "number": "Nummer", "text": "Text", "date": "Datum", "status_since": "Stand seit",
    "status_history": "Verlauf des Stands", "departments": "adressierte Bereiche",
    "source": "Quelle", "as_of": "Stand", "institution": "Einrichtung",
    "stadtteil": "Stadtteil", "sozialraum": "Sozialraum", "plz": "Postleitzahl",
    "lat": "Lage auf der Karte", "lon": "Lage auf der Karte",
    "sozialindex.class": "Sozialindex-Klasse",
}


def actor() -> Actor:
    return Actor(id=current_user.id, email=current_user.email)


def allow(permitted: bool) -> None:
    """403 unless the current user may do this (least privilege per role)."""
    if not permitted:
        abort(403)


def stale_page(exc: StaleVersion, template: str, **context: Any) -> tuple[str, int]:
    """Re-render the form with the German explanation of what changed meanwhile."""
    log.info("Refused a stale save: %s", exc)
    return render_template(template, stale=exc.changes, **context), 409


def refresh_offer_embedding(offer_id: str) -> None:
    """Re-embed one edited offer so that the search finds its new text at once."""
    try:
        service = get_service()
        refresh_embeddings(get_graph(), service.embedder(), second=service.second_embedder(),
                           only=[offer_id])
    except GraphError as exc:  # the edit is saved; a later `flask embed` catches up
        log.warning("Could not re-embed offer %s after an edit: %s", offer_id, exc)


ACTION_LABELS = {
    "update": "Geändert", "create": "Angelegt", "undo": "Rückgängig gemacht",
    "end": "Beendet", "verify": "Geprüft", "delete": "Gelöscht", "restore": "Wiederhergestellt",
    "propose": "Vorgeschlagen", "confirm": "Bestätigt",
}
ROLE_LABELS = {
    "admin": "Sozialplanung, Administration", "planner": "Sozialplanung",
    "coordinator": "Gremienkoordination", "editor": "Einrichtung",
}


def field_label(key: str) -> str:
    """The German name of a record field (the key itself only for a field not listed)."""
    return FIELD_LABELS.get(key, key)


def init_app(app: Any) -> None:
    app.add_template_global(FIELD_LABELS, "field_labels")
    app.add_template_global(ACTION_LABELS, "action_labels")
    app.add_template_global(ROLE_LABELS, "role_labels")
    app.add_template_filter(field_label)
    app.add_template_filter(json.loads, "fromjson")
