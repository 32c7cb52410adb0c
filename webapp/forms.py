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
from wtforms import i18n


@cache
def _german() -> Any:
    return i18n.get_translations(["de_DE", "de"])


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


def init_app(app: Flask) -> None:
    app.add_template_global(field_aria, "field_aria")
