"""Flask-WTF forms of the maintenance pages; every POST carries a CSRF token.

Each editing form carries the `version` the editor loaded, so a save based on
an outdated page is refused instead of overwriting someone else's change.
"""

from __future__ import annotations

import re

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    ValidationError,
)
from wtforms.widgets import HiddenInput

from graph.meetings import parse_meetings
from ingest.dataset import INSTITUTION_CATEGORIES, OFFER_STATUSES
from webapp.forms import GermanForm

MEMBER_ROLES = ("Mitglied", "Koordination", "Sprecher*in", "Gast")


def choice_list(pairs: list[tuple[str, str]] | tuple[str, ...]) -> list[SelectChoice]:
    """Select options from (value, label) pairs, or from plain values that are their label."""
    return [SelectChoice(p, p) if isinstance(p, str) else SelectChoice(*p) for p in pairs]


TRI_STATE = [("", "unbekannt"), ("ja", "ja"), ("nein", "nein")]


class VersionedForm(GermanForm):
    version = IntegerField(widget=HiddenInput(), validators=[DataRequired()])


class GremiumForm(VersionedForm):
    description = TextAreaField("Beschreibung", validators=[Optional(), Length(max=2000)])
    meeting_rhythm = StringField("Sitzungsrhythmus", validators=[Optional(), Length(max=200)])
    next_meetings = TextAreaField(
        "Nächste Sitzungen (eine je Zeile: Datum, Uhrzeit, Ort – z. B. „14.01.2027, 16:00, "
        "Stadtteilbüro“; Uhrzeit und Ort können fehlen)",
        validators=[Optional(), Length(max=1000)])
    contact = StringField("Kontakt", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Speichern")

    def validate_next_meetings(self, field: TextAreaField) -> None:
        try:
            parse_meetings(field.data)
        except ValueError as exc:
            raise ValidationError(f"„{exc}“ ist keine Sitzung im Format „TT.MM.JJJJ, HH:MM, "
                                  "Ort“.") from exc


class MembershipAddForm(VersionedForm):
    institution = StringField("Einrichtung", validators=[DataRequired(), Length(max=200)])
    # Filled by the name search's script when a suggestion is chosen.
    institution_id = HiddenField(validators=[Optional(), Length(max=120)])
    role = SelectField("Rolle", choices=choice_list(MEMBER_ROLES))
    since = DateField("Mitglied seit", validators=[Optional()])
    submit = SubmitField("Hinzufügen")


class MembershipRemoveForm(VersionedForm):
    institution = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Ja, entfernen")


class AgendaForm(VersionedForm):
    """Mark a member offer for the next meeting; `done` takes it off again."""

    offer = HiddenField(validators=[DataRequired(), Length(max=120)])
    done = BooleanField()
    submit = SubmitField("Für die nächste Sitzung vormerken")


class MembershipRoleForm(VersionedForm):
    institution = HiddenField(validators=[DataRequired()])
    role = SelectField("Rolle", choices=choice_list(MEMBER_ROLES))
    submit = SubmitField("Rolle speichern")


class InstitutionForm(VersionedForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    category = SelectField("Kategorie", choices=choice_list(INSTITUTION_CATEGORIES))
    provider = StringField("Träger", validators=[Optional(), Length(max=200)])
    street = StringField("Straße und Hausnummer", validators=[Optional(), Length(max=200)])
    postal_code = StringField("PLZ", validators=[Optional(), Length(min=5, max=5)])
    phone = StringField("Telefon", validators=[Optional(), Length(max=100)])
    email = StringField("E-Mail", validators=[Optional(), Email(), Length(max=200)])
    website = StringField("Internetseite", validators=[Optional(), URL(), Length(max=300)])
    description = TextAreaField("Beschreibung", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Speichern")


class OfferForm(VersionedForm):
    title = StringField("Titel", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Beschreibung", validators=[DataRequired(), Length(max=4000)])
    keywords = StringField("Stichworte (durch Komma getrennt)",
                           validators=[Optional(), Length(max=500)])
    example_questions = TextAreaField(
        "Beispielfragen (eine pro Zeile)", validators=[Optional(), Length(max=2000)])
    target_groups = SelectMultipleField("Zielgruppen", validators=[DataRequired()])
    topics = SelectMultipleField("Themen", validators=[DataRequired()])
    citywide = BooleanField("stadtweites Angebot")
    sozialraeume = SelectMultipleField("Sozialräume (bei Angeboten vor Ort)")
    department = SelectField("Zuständiger Bereich der Stadt", default="")
    hours = StringField("Zeiten", validators=[Optional(), Length(max=300)])
    cost = StringField("Kosten", validators=[Optional(), Length(max=300)])
    free = SelectField("Kostenlos", choices=choice_list(TRI_STATE), default="")
    walk_in = SelectField("Ohne Termin möglich", choices=choice_list(TRI_STATE), default="")
    anonymous = SelectField("Anonym möglich", choices=choice_list(TRI_STATE), default="")
    barrier_free = SelectField("Barrierefrei", choices=choice_list(TRI_STATE), default="")
    languages = StringField("Sprachen (Kürzel, z. B. de, tr, ar)",
                            validators=[Optional(), Length(max=100)])
    url = StringField("Internetseite", validators=[Optional(), URL(), Length(max=300)])
    phone = StringField("Telefon", validators=[Optional(), Length(max=100)])
    email = StringField("E-Mail", validators=[Optional(), Email(), Length(max=200)])
    status = SelectField("Status", choices=choice_list(OFFER_STATUSES))
    submit = SubmitField("Speichern")

    def validate_sozialraeume(self, field: SelectMultipleField) -> None:
        if not self.citywide.data and not field.data:
            raise ValidationError("Ein Angebot vor Ort braucht mindestens einen Sozialraum.")

    def validate_languages(self, field: StringField) -> None:
        if any(not re.fullmatch(r"[a-z]{2,3}", code) for code in split_list(field.data)):
            raise ValidationError("Bitte Sprachkürzel wie de, tr oder ar angeben.")


class OfferEndForm(VersionedForm):
    valid_until = DateField("Endet am", validators=[DataRequired()])
    submit = SubmitField("Angebot beenden")


class ConfirmForm(VersionedForm):
    """A bare button (verify, delete, restore) that still proves the page's version."""

    submit = SubmitField("Bestätigen")


class UndoForm(GermanForm):
    submit = SubmitField("Rückgängig machen")


def split_list(text: str | None) -> list[str]:
    return sorted({part.strip() for part in (text or "").split(",") if part.strip()})


def split_lines(text: str | None) -> list[str]:
    """One entry per non-empty line, in the given order, without repeats."""
    return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def tri_state(value: str) -> bool | None:
    return {"ja": True, "nein": False}.get(value)


def tri_state_choice(value: bool | None) -> str:
    return {True: "ja", False: "nein"}.get(value, "")


class AccountCreateForm(GermanForm):
    email = EmailField("E-Mail", validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField("Rolle", choices=choice_list([
        ("coordinator", "Gremienkoordination"), ("editor", "Einrichtung"),
        ("planner", "Sozialplanung (lesend)"), ("admin", "Sozialplanung, Administration")]))
    gremien = SelectMultipleField("Gremien (nur für Gremienkoordination)")
    institutions = SelectMultipleField("Einrichtungen (nur für Einrichtungskonten)")
    password = PasswordField("Erstes Passwort (mindestens 12 Zeichen)", validators=[
        DataRequired(), Length(min=12, max=1024)], render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Konto anlegen")


class AccountActiveForm(GermanForm):
    """Lock or unlock an account: a bare button with its CSRF token."""


class PasswordChangeForm(GermanForm):
    current = PasswordField("Bisheriges Passwort", validators=[DataRequired()],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField("Neues Passwort (mindestens 12 Zeichen)", validators=[
        DataRequired(), Length(min=12, max=1024)], render_kw={"autocomplete": "new-password"})
    repeat = PasswordField("Neues Passwort wiederholen", validators=[
        DataRequired(), EqualTo("new", "Die beiden neuen Passwörter stimmen nicht überein.")],
        render_kw={"autocomplete": "new-password"})
    submit = SubmitField("Passwort ändern")


class MemberProposalForm(VersionedForm):
    """A member institution that is not in Lotse yet; the social planning confirms it."""

    name = StringField("Name der Einrichtung", validators=[DataRequired(), Length(max=200)])
    category = SelectField("Kategorie", choices=choice_list(INSTITUTION_CATEGORIES))
    street = StringField("Straße und Hausnummer", validators=[Optional(), Length(max=200)])
    postal_code = StringField("PLZ", validators=[Optional(), Length(min=5, max=5)])
    phone = StringField("Telefon", validators=[Optional(), Length(max=100)])
    email = StringField("E-Mail", validators=[Optional(), Email(), Length(max=200)])
    role = SelectField("Rolle im Gremium", choices=choice_list(MEMBER_ROLES))
    submit = SubmitField("Vorschlagen")
