"""The page and the German name of each kind of record an answer can be about."""

from __future__ import annotations

from flask import Flask, url_for

# type -> (endpoint, its id argument)
ENTITY_PAGES = {
    "offer": ("directory.offer", "offer_id"),
    "gremium": ("directory.gremium", "gremium_id"),
    "institution": ("directory.institution", "institution_id"),
    "department": ("directory.department", "department_id"),
    "sozialraum": ("directory.sozialraum", "sozialraum_id"),
}
ENTITY_KINDS = {"offer": "Angebot", "gremium": "Gremium", "institution": "Einrichtung",
                "department": "Bereich der Stadt", "sozialraum": "Sozialraum"}


def entity_url(entity_type: str, entity_id: str) -> str:
    endpoint, argument = ENTITY_PAGES[entity_type]
    return url_for(endpoint, **{argument: entity_id})


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(entity_url=entity_url, entity_kinds=ENTITY_KINDS)
