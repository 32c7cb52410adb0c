"""Maintenance of an institution and its offers (editors of that institution, admins)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from graph import manage_reads
from graph.driver import get_graph
from graph.editing import StaleVersion, create, current_state, update
from graph.errors import NotFound
from webapp.manage_common import actor, allow, refresh_offer_embedding, stale_page
from webapp.manage_forms import (
    ConfirmForm,
    InstitutionForm,
    OfferEndForm,
    OfferForm,
    choice_list,
    split_lines,
    split_list,
    tri_state,
    tri_state_choice,
)

bp = Blueprint("manage_offers", __name__, url_prefix="/verwalten")

INSTITUTION_FIELDS = ("name", "category", "provider", "street", "postal_code", "phone", "email",
                      "website", "description")
TRI_STATE_FIELDS = ("free", "walk_in", "anonymous", "barrier_free")
PLAIN_OFFER_FIELDS = ("title", "description", "citywide", "hours", "cost", "url", "phone",
                      "email", "status", "target_groups", "topics")


@bp.before_request
@login_required
def require_login() -> None:
    """Every /verwalten URL needs a login."""


@bp.route("/einrichtungen/<institution_id>", methods=["GET", "POST"])
def institution(institution_id: str) -> Any:
    allow(current_user.can_edit_institution(institution_id))
    graph = get_graph()
    state = current_state(graph, "institution", institution_id)
    data = {f: state.get(f) for f in INSTITUTION_FIELDS} | {"version": state["version"]}
    form = InstitutionForm(data=data if request.method == "GET" else None)
    offers = manage_reads.managed_institutions(graph, [institution_id])[0]["offers"]
    context = {"institution": state, "form": form, "offers": offers}
    if form.validate_on_submit():
        changes = {f: getattr(form, f).data for f in INSTITUTION_FIELDS}
        try:
            update(graph, "institution", institution_id, form.version.data, changes, actor())
        except StaleVersion as exc:
            return stale_page(exc, "manage/institution.html", **context)
        flash("Die Angaben zur Einrichtung sind gespeichert.", "success")
        return redirect(url_for("manage_offers.institution", institution_id=institution_id))
    return render_template("manage/institution.html", **context)


@bp.route("/einrichtungen/<institution_id>/angebote/neu", methods=["GET", "POST"])
def new_offer(institution_id: str) -> Any:
    allow(current_user.can_edit_institution(institution_id))
    graph = get_graph()
    if manage_reads.institution_name(graph, institution_id) is None:
        raise NotFound("institution", institution_id)
    form = _offer_form(data={"version": 1, "status": "aktiv"} if request.method == "GET"
                       else None)
    if form.validate_on_submit():
        offer_id, _ = create(graph, "offer", _offer_values(form), actor(),
                             offered_by=institution_id)
        refresh_offer_embedding(offer_id)
        flash("Das Angebot ist angelegt und ab sofort in der Suche zu finden.", "success")
        return redirect(url_for("manage_offers.offer", offer_id=offer_id))
    return render_template("manage/offer.html", form=form, offer=None,
                           institution_id=institution_id)


@bp.route("/angebote/<offer_id>", methods=["GET", "POST"])
def offer(offer_id: str) -> Any:
    graph = get_graph()
    institution_id = manage_reads.offer_institution(graph, offer_id)
    allow(institution_id is not None and current_user.can_edit_institution(institution_id))
    state = current_state(graph, "offer", offer_id)
    form = _offer_form(data=_offer_form_data(state) if request.method == "GET" else None)
    context = _offer_context(state, form, institution_id)
    if form.validate_on_submit():
        try:
            update(graph, "offer", offer_id, form.version.data, _offer_values(form), actor())
        except StaleVersion as exc:
            return stale_page(exc, "manage/offer.html", **context)
        refresh_offer_embedding(offer_id)
        flash("Das Angebot ist gespeichert.", "success")
        return redirect(url_for("manage_offers.offer", offer_id=offer_id))
    return render_template("manage/offer.html", **context)


@bp.post("/angebote/<offer_id>/beenden")
def end_offer(offer_id: str) -> Any:
    form = OfferEndForm()
    return _offer_action(offer_id, form, lambda: {
        "status": "beendet", "valid_until": form.valid_until.data.isoformat()},
        "end", "Das Angebot ist als beendet markiert.")


@bp.post("/angebote/<offer_id>/geprueft")
def verify_offer(offer_id: str) -> Any:
    return _offer_action(offer_id, ConfirmForm(), lambda: {
        "last_verified": date.today().isoformat()}, "verify", "Als heute geprüft vermerkt.")


@bp.post("/angebote/<offer_id>/loeschen")
def delete_offer(offer_id: str) -> Any:
    return _offer_action(offer_id, ConfirmForm(), lambda: {
        "deleted": True, "deleted_at": date.today().isoformat()}, "delete",
        "Das Angebot ist gelöscht. Die Sozialplanung kann es wiederherstellen.")


def _offer_action(offer_id: str, form: Any, changes: Any, action: str, message: str) -> Any:
    graph = get_graph()
    institution_id = manage_reads.offer_institution(graph, offer_id)
    allow(institution_id is not None and current_user.can_edit_institution(institution_id))
    state = current_state(graph, "offer", offer_id)
    if not form.validate_on_submit():
        return render_template("manage/offer.html", **_saved_offer_context(
            state, institution_id)), 400
    try:
        update(graph, "offer", offer_id, form.version.data, changes(), actor(), action=action)
    except StaleVersion as exc:
        return stale_page(exc, "manage/offer.html", **_saved_offer_context(state,
                                                                           institution_id))
    refresh_offer_embedding(offer_id)
    flash(message, "success")
    if action == "delete":
        return redirect(url_for("manage_offers.institution", institution_id=institution_id))
    return redirect(url_for("manage_offers.offer", offer_id=offer_id))


def _offer_form(data: dict[str, Any] | None) -> OfferForm:
    form = OfferForm(data=data)
    choices = manage_reads.vocabulary_choices(get_graph())
    form.target_groups.choices = choice_list(choices["target_groups"])
    form.topics.choices = choice_list(choices["topics"])
    form.sozialraeume.choices = choice_list(choices["sozialraeume"])
    form.department.choices = choice_list([("", "keiner"), *choices["departments"]])
    return form


def _offer_values(form: OfferForm) -> dict[str, Any]:
    values = {f: getattr(form, f).data for f in PLAIN_OFFER_FIELDS}
    values["keywords"] = split_list(form.keywords.data)
    values["example_questions"] = split_lines(form.example_questions.data)
    values["languages"] = split_list(form.languages.data)
    values["sozialraeume"] = [] if form.citywide.data else form.sozialraeume.data
    values["department"] = form.department.data or None
    values |= {f: tri_state(getattr(form, f).data) for f in TRI_STATE_FIELDS}
    return values


def _offer_form_data(state: dict[str, Any]) -> dict[str, Any]:
    data = {f: state.get(f) for f in PLAIN_OFFER_FIELDS}
    data |= {f: tri_state_choice(state.get(f)) for f in TRI_STATE_FIELDS}
    data["keywords"] = ", ".join(state.get("keywords") or [])
    data["example_questions"] = "\n".join(state.get("example_questions") or [])
    data["languages"] = ", ".join(state.get("languages") or [])
    data["sozialraeume"] = state.get("sozialraeume") or []
    data["department"] = state.get("department") or ""
    data["version"] = state["version"]
    return data


def _saved_offer_context(state: dict[str, Any], institution_id: str | None) -> dict[str, Any]:
    """The offer page showing the saved values (after a refused action)."""
    return _offer_context(state, _offer_form(data=_offer_form_data(state)), institution_id)


def _offer_context(state: dict[str, Any], form: OfferForm,
                   institution_id: str | None) -> dict[str, Any]:
    version = {"version": state["version"]}
    return {"offer": state, "form": form, "institution_id": institution_id,
            "end_form": OfferEndForm(data=version), "confirm_form": ConfirmForm(data=version)}
