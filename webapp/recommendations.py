"""Handlungsempfehlungen for the social planning (/planung/empfehlungen): list, edit, status.

Planners and admins only. Every save goes through graph.editing: versioned (a stale
form is refused with what changed meanwhile) and audited with one `Change`; a status
change is its own small form, so its audit record shows exactly the status and its date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from graph import manage_reads
from graph import recommendations as recs
from graph.driver import get_graph
from graph.editing import StaleVersion, create, current_state, update
from ingest.dataset import RECOMMENDATION_STATUSES
from webapp.auth import roles_required
from webapp.manage_common import actor, stale_page
from webapp.manage_forms import VersionedForm, choice_list

bp = Blueprint("recommendations", __name__, url_prefix="/planung")

FORM_FIELDS = ("number", "title", "text", "citywide", "sozialraeume", "departments",
               "target_groups", "topics")
SOURCE = "Sozialplanung Oberhausen (in Lotse erfasst)"


@bp.before_request
@roles_required("planner")
def require_planner() -> None:
    """Every page here is for the social planning: planners and admins."""


class RecommendationForm(VersionedForm):
    number = StringField("Nummer", validators=[DataRequired(), Length(max=20)])
    title = StringField("Titel", validators=[DataRequired(), Length(max=200)])
    text = TextAreaField("Text der Empfehlung", validators=[DataRequired(), Length(max=4000)])
    citywide = BooleanField("stadtweite Empfehlung")
    sozialraeume = SelectMultipleField("Sozialräume (bei Empfehlungen für einzelne Sozialräume)")
    departments = SelectMultipleField("Adressierte Bereiche", validators=[DataRequired()])
    target_groups = SelectMultipleField("Zielgruppen")
    topics = SelectMultipleField("Themen")
    date = DateField("Datum der Empfehlung", validators=[DataRequired()])
    submit = SubmitField("Speichern")

    def validate_sozialraeume(self, field: SelectMultipleField) -> None:
        if self.citywide.data and field.data:
            raise ValidationError("Eine stadtweite Empfehlung nennt keine einzelnen Sozialräume.")
        if not self.citywide.data and not field.data:
            raise ValidationError("Bitte mindestens einen Sozialraum wählen oder „stadtweit“.")


class NewRecommendationForm(RecommendationForm):
    status = SelectField("Stand der Umsetzung", choices=choice_list(RECOMMENDATION_STATUSES))


class StatusForm(VersionedForm):
    status = SelectField("Neuer Stand der Umsetzung",
                         choices=choice_list(RECOMMENDATION_STATUSES))
    since = DateField("seit", validators=[DataRequired()])
    submit = SubmitField("Stand speichern")
    latest: str | None = None  # date of the latest status, set by the view

    def validate_since(self, field: DateField) -> None:
        if field.data and self.latest and field.data.isoformat() < self.latest:
            raise ValidationError("Das Datum liegt vor dem letzten Statuswechsel "
                                  f"({date.fromisoformat(self.latest):%d.%m.%Y}).")


@bp.get("/empfehlungen")
def recommendations() -> str:
    return render_template("planning/recommendations.html",
                           recommendations=recs.list_recommendations(get_graph()))


@bp.route("/empfehlungen/neu", methods=["GET", "POST"])
def new_recommendation() -> Any:
    data = {"version": 1, "status": "offen", "date": date.today()}
    form = _with_choices(NewRecommendationForm(data=data if request.method == "GET" else None))
    if form.validate_on_submit() and _number_is_free(form, None):
        since = form.date.data.isoformat()
        values = _values(form) | {
            "status": form.status.data, "status_since": since, "source": SOURCE,
            "status_history": [recs.history_entry(since, form.status.data)]}
        node_id, _ = create(get_graph(), "recommendation", values, actor())
        flash("Die Handlungsempfehlung ist angelegt.", "success")
        return redirect(url_for("recommendations.recommendation", recommendation_id=node_id))
    return render_template("planning/recommendation_form.html", form=form, recommendation=None)


@bp.route("/empfehlungen/<recommendation_id>", methods=["GET", "POST"])
def recommendation(recommendation_id: str) -> Any:
    graph = get_graph()
    shown = recs.get_recommendation(graph, recommendation_id)
    state = current_state(graph, "recommendation", recommendation_id)
    form = _with_choices(RecommendationForm(data=_form_data(state)
                                            if request.method == "GET" else None))
    context = _context(shown, form, state)
    if form.validate_on_submit() and _number_is_free(form, recommendation_id):
        try:
            update(graph, "recommendation", recommendation_id, form.version.data,
                   _values(form), actor())
        except StaleVersion as exc:
            return stale_page(exc, "planning/recommendation.html", **context)
        flash("Die Handlungsempfehlung ist gespeichert.", "success")
        return redirect(url_for("recommendations.recommendation",
                                recommendation_id=recommendation_id))
    return render_template("planning/recommendation.html", **context)


@bp.post("/empfehlungen/<recommendation_id>/status")
def change_status(recommendation_id: str) -> Any:
    graph = get_graph()
    shown = recs.get_recommendation(graph, recommendation_id)
    state = current_state(graph, "recommendation", recommendation_id)
    status_form = StatusForm()
    status_form.latest = state.get("status_since")
    form = _with_choices(RecommendationForm(formdata=None, data=_form_data(state)))
    context = _context(shown, form, state, status_form)
    if not status_form.validate_on_submit():
        return render_template("planning/recommendation.html", **context), 400
    changes = recs.status_changes(state, status_form.status.data,
                                  status_form.since.data.isoformat())
    try:
        update(graph, "recommendation", recommendation_id, status_form.version.data, changes,
               actor())
    except StaleVersion as exc:
        return stale_page(exc, "planning/recommendation.html", **context)
    flash("Der Stand der Umsetzung ist gespeichert." if changes
          else "Der Stand war schon so eingetragen.", "success")
    return redirect(url_for("recommendations.recommendation",
                            recommendation_id=recommendation_id))


def _with_choices(form: RecommendationForm) -> RecommendationForm:
    choices = manage_reads.vocabulary_choices(get_graph())
    for name in ("sozialraeume", "departments", "target_groups", "topics"):
        getattr(form, name).choices = choice_list(choices[name])
    return form


def _number_is_free(form: RecommendationForm, own_id: str | None) -> bool:
    """A recommendation number names one recommendation (the import matches on it)."""
    other = recs.recommendation_id_by_number(get_graph(), form.number.data.strip())
    if other is None or other == own_id:
        return True
    form.number.errors = [*form.number.errors, "Diese Nummer hat schon eine andere Empfehlung."]
    return False


def _values(form: RecommendationForm) -> dict[str, Any]:
    values = {name: getattr(form, name).data for name in FORM_FIELDS}
    values["date"] = form.date.data.isoformat()
    if form.citywide.data:
        values["sozialraeume"] = []
    return values


def _form_data(state: dict[str, Any]) -> dict[str, Any]:
    data = {name: state.get(name) for name in FORM_FIELDS}
    data["date"] = date.fromisoformat(state["date"]) if state.get("date") else None
    return data | {"version": state["version"]}


def _context(shown: dict[str, Any], form: RecommendationForm, state: dict[str, Any],
             status_form: StatusForm | None = None) -> dict[str, Any]:
    status_data = {"version": state["version"], "status": state.get("status"),
                   "since": date.today()}
    return {"recommendation": shown, "form": form,
            "status_form": status_form or StatusForm(formdata=None, data=status_data)}
