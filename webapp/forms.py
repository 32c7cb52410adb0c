"""The base of every HTML form: Flask-WTF's CSRF token and German validation messages.

Flask-WTF translates WTForms' built-in messages ("Not a valid choice.") only
through Flask-Babel, which Lotse does not need otherwise; the German catalogue
that ships with WTForms gives the same result without it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

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
