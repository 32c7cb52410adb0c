"""Maßnahmensteckbriefe and the controlling of the social planning (/planung/…).

A measure is an offer with planning fields; its profile page prints as the
Steckbrief, the per-Sozialraum list is the annex the Strategiepapiere carry, and
the controlling shows which recommendation is in which state since when, which
have no measure yet and which temporary measures end soon. Planners and admins only;
planning fields are saved through graph.editing (versioned, audited, undoable).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import DateField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length, Optional

from graph import manage_reads
from graph import measures as measure_reads
from graph import recommendations as recs
from graph.driver import get_graph
from graph.editing import StaleVersion, current_state, update
from ingest.dataset import MEASURE_STATUSES, RECOMMENDATION_STATUSES
from webapp.auth import roles_required
from webapp.manage_common import actor, stale_page
from webapp.manage_forms import VersionedForm, choice_list

bp = Blueprint("measures", __name__, url_prefix="/planung")

TEXT_FIELDS = ("funding_period", "contact")


@bp.before_request
@roles_required("planner")
def require_planner() -> None:
    """Every page here is for the social planning: planners and admins."""


class MeasureForm(VersionedForm):
    measure_status = SelectField("Maßnahmenstatus", default="", choices=choice_list(
        [("", "keine Maßnahme"), *((s, s) for s in MEASURE_STATUSES)]))
    temporary_until = DateField("befristet bis", validators=[Optional()])
    funding_period = StringField("Förderzeitraum (z. B. 01.2024 – 12.2026)",
                                 validators=[Optional(), Length(max=100)])
    department = SelectField("Verantwortlicher Bereich", default="")
    contact = StringField("Ansprechperson / Kontakt", validators=[Optional(), Length(max=300)])
    recommendations = SelectMultipleField("Dient den Handlungsempfehlungen")
    submit = SubmitField("Speichern")

    def validate(self, extra_validators: Any = None) -> bool:
        # Not an inline validator: Optional() ends the field's chain on an empty date.
        valid = super().validate(extra_validators)
        if self.measure_status.data == "befristet" and not self.temporary_until.data:
            self.temporary_until.errors = [*self.temporary_until.errors,
                                           "Eine befristete Maßnahme braucht ein Enddatum."]
            return False
        return valid


@bp.get("/massnahmen")
def measures() -> str:
    graph = get_graph()
    return render_template("planning/measures.html",
                           measures=measure_reads.list_measures(graph),
                           sozialraeume=manage_reads.vocabulary_choices(graph)["sozialraeume"])


@bp.get("/massnahmen/<offer_id>")
def measure(offer_id: str) -> str:
    return render_template("planning/measure.html",
                           measure=measure_reads.get_measure(get_graph(), offer_id))


@bp.route("/massnahmen/<offer_id>/bearbeiten", methods=["GET", "POST"])
def edit_measure(offer_id: str) -> Any:
    graph = get_graph()
    shown = measure_reads.get_measure(graph, offer_id)  # 404 for deleted offers
    state = current_state(graph, "offer", offer_id)
    form = _measure_form(_form_data(state) if request.method == "GET" else None)
    context = {"measure": shown, "form": form}
    if form.validate_on_submit():
        try:
            update(graph, "offer", offer_id, form.version.data, _values(form), actor())
        except StaleVersion as exc:
            return stale_page(exc, "planning/measure_form.html", **context)
        flash("Der Maßnahmensteckbrief ist gespeichert.", "success")
        return redirect(url_for("measures.measure", offer_id=offer_id))
    return render_template("planning/measure_form.html", **context)


@bp.get("/sozialraeume/<sozialraum_id>/massnahmen")
def sozialraum_measures(sozialraum_id: str) -> str:
    annex = measure_reads.sozialraum_measures(get_graph(), sozialraum_id)
    return render_template("planning/measures_sozialraum.html", **annex)


@bp.get("/controlling")
def controlling() -> str:
    graph = get_graph()
    recommendations = recs.list_recommendations(graph)
    return render_template(
        "planning/controlling.html",
        statuses=RECOMMENDATION_STATUSES,
        by_sozialraum=recs.by_sozialraum(recommendations),
        by_department=recs.by_department(recommendations),
        without_measure=[r for r in recommendations if not r["measures"]],
        ending=measure_reads.ending_measures(graph),
        months=measure_reads.ENDING_WITHIN_MONTHS,
    )


def _measure_form(data: dict[str, Any] | None) -> MeasureForm:
    form = MeasureForm(data=data)
    graph = get_graph()
    departments = manage_reads.vocabulary_choices(graph)["departments"]
    form.department.choices = choice_list([("", "keiner"), *departments])
    form.recommendations.choices = choice_list(recs.recommendation_choices(graph))
    return form


def _values(form: MeasureForm) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(form, name).data for name in TEXT_FIELDS}
    values["measure_status"] = form.measure_status.data or None
    until = form.temporary_until.data
    values["temporary_until"] = until.isoformat() if until else None
    values["department"] = form.department.data or None
    values["recommendations"] = form.recommendations.data
    return values


def _form_data(state: dict[str, Any]) -> dict[str, Any]:
    data = {name: state.get(name) for name in TEXT_FIELDS}
    data["measure_status"] = state.get("measure_status") or ""
    until = state.get("temporary_until")
    data["temporary_until"] = date.fromisoformat(until) if until else None
    data["department"] = state.get("department") or ""
    data["recommendations"] = state.get("recommendations") or []
    return data | {"version": state["version"]}
