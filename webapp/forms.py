"""The base of every HTML form: Flask-WTF's CSRF token and German validation messages.

Flask-WTF translates WTForms' built-in messages ("Not a valid choice.") only
through Flask-Babel, which Lotse does not need otherwise; the German catalogue
that ships with WTForms gives the same result without it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Flask
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import i18n
from wtforms.widgets import HiddenInput

# Messages of newer WTForms versions that its German catalogue does not have yet.
MISSING = {
    "'%(value)s' is not a valid choice for this field.":
        "„%(value)s“ ist keine gültige Auswahl für dieses Feld.",
    "'%(value)s' are not valid choices for this field.":
        "„%(value)s“ sind keine gültigen Auswahlen für dieses Feld.",
}


class _German:
    """WTForms' German catalogue with the messages it lacks."""

    def __init__(self, catalogue: Any) -> None:
        self._catalogue = catalogue

    def gettext(self, message: str) -> str:
        return MISSING.get(message) or self._catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        message = singular if n == 1 else plural
        return MISSING.get(message) or self._catalogue.ngettext(singular, plural, n)


@cache
def _german() -> Any:
    return _German(i18n.get_translations(["de_DE", "de"]))


class GermanForm(FlaskForm):
    """A FlaskForm whose built-in validation messages are German."""

    class Meta:
        def get_translations(self, form: Any) -> Any:
            return _german()


def field_aria(field: Any, hint: str | None = None) -> dict[str, str]:
    """The ARIA attributes of one rendered field: only those that apply.

    WTForms renders a None value as the text "None", so an absent attribute must be
    left out, not passed as None.
    """
    if field.errors:
        return {"aria-invalid": "true", "aria-describedby": f"{field.id}-errors"}
    if hint:
        return {"aria-describedby": f"{field.id}-hint"}
    return {}


def hidden_fields(form: Any) -> Markup:
    """A form's hidden fields (CSRF token, version …) without ids: a page often holds
    several forms of one kind, and an id may occur once per page."""
    return Markup("").join(field(id=False) for field in form
                           if isinstance(field.widget, HiddenInput))


def init_app(app: Flask) -> None:
    app.add_template_global(field_aria, "field_aria")
    app.add_template_global(hidden_fields, "hidden_fields")
