"""Forms of the planner views; every POST carries a CSRF token (GermanForm)."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from graph.awareness import CHANNELS, MAX_VOTES, QUESTIONS
from webapp.forms import GermanForm
from webapp.manage_forms import choice_list

VOTE_ROWS = 8


class IntendedForm(GermanForm):
    """Mark a duplicate cluster as intended ("bewusst so")."""

    offers = HiddenField(validators=[DataRequired(), Length(max=10_000)])
    note = StringField("Begründung (optional)", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Bewusst so – nicht mehr anzeigen")


class MergeForm(GermanForm):
    kind = HiddenField(validators=[DataRequired()])
    keep = HiddenField(validators=[DataRequired()])
    duplicate = HiddenField(validators=[DataRequired()])
    submit = SubmitField("Zusammenführen")


class VoteRow(PlainForm):
    """One presented offer and its dots (a sub-form: the CSRF token is the parent's)."""

    offer = StringField("Angebot", validators=[Optional(), Length(max=300)],
                        render_kw={"list": "offer-options", "autocomplete": "off"})
    yes = IntegerField("Ja (grün)", validators=[Optional(), NumberRange(0, MAX_VOTES)])
    no = IntegerField("Nein (rot)", validators=[Optional(), NumberRange(0, MAX_VOTES)])


class EventForm(GermanForm):
    title = StringField("Veranstaltung", validators=[DataRequired(), Length(max=200)],
                        default="Expert*innendialog")
    date = DateField("Datum", validators=[DataRequired()])
    sozialraum = SelectField("Sozialraum", validators=[DataRequired()])
    votes = FieldList(FormField(VoteRow), min_entries=VOTE_ROWS, max_entries=40)
    submit = SubmitField("Veranstaltung speichern")


class EventImportForm(GermanForm):
    file = FileField("CSV- oder Excel-Datei", validators=[FileRequired("Bitte eine Datei wählen.")])
    submit = SubmitField("Importieren")


class CardForm(GermanForm):
    offer = SelectField("Angebot", validators=[DataRequired()])
    question = SelectField("Frage", choices=choice_list(list(QUESTIONS.items())))
    channel = SelectField("Weg (bei „Woher kennen Sie uns?“)", default="",
                          choices=choice_list([("", "–"), *((c, c) for c in CHANNELS)]))
    text = TextAreaField("Text der Karte", validators=[DataRequired(), Length(max=1000)])
    submit = SubmitField("Karte speichern")
