"""Maintenance pages (/verwalten): the dashboard and a coordinator's gremium.

Every view needs a login; each checks that the user may edit this very gremium
(403 otherwise). Saves go through `graph.editing`, one transaction with an audit
record each, and are refused when the page's version is outdated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from graph import manage_reads
from graph.driver import get_graph
from graph.editing import (
    MEMBERS,
    StaleVersion,
    current_state,
    list_changes,
    propose_member,
    update,
)
from webapp.manage_common import actor, allow, stale_page
from webapp.manage_forms import (
    ConfirmForm,
    GremiumForm,
    MemberProposalForm,
    MembershipAddForm,
    MembershipRemoveForm,
    UndoForm,
    parse_german_dates,
)

bp = Blueprint("manage", __name__, url_prefix="/verwalten")
PROPOSAL_PREFIX = "vorschlag"  # the page has two institution forms; field ids must differ


@bp.before_request
@login_required
def require_login() -> None:
    """Every /verwalten URL needs a login (anonymous users go to /login)."""


def _own(ids: tuple[str, ...]) -> list[str] | None:
    """None (everything) for admins, else the user's own ids."""
    return None if current_user.is_admin else list(ids)


@bp.get("/")
def dashboard() -> str:
    graph = get_graph()
    gremien = _own(current_user.gremien)
    institutions = _own(current_user.institutions)
    return render_template(
        "manage/dashboard.html",
        gremien=manage_reads.managed_gremien(graph, gremien) if gremien != [] else [],
        institutions=(manage_reads.managed_institutions(graph, institutions)
                      if institutions != [] else []),
        unverified=(manage_reads.unverified_member_offers(graph, gremien)
                    if gremien != [] else []),
        proposals=manage_reads.proposed_institutions(graph) if current_user.is_admin else [],
        confirm_form=ConfirmForm(),
    )


@bp.route("/gremien/<gremium_id>", methods=["GET", "POST"])
def gremium(gremium_id: str) -> Any:
    allow(current_user.can_edit_gremium(gremium_id))
    graph = get_graph()
    state = current_state(graph, "gremium", gremium_id)
    form = GremiumForm(data=_gremium_form_data(state) if request.method == "GET" else None)
    if form.validate_on_submit():
        changes = {
            "description": form.description.data,
            "meeting_rhythm": form.meeting_rhythm.data,
            "next_meetings": parse_german_dates(form.next_meetings.data),
            "contact": form.contact.data,
        }
        try:
            update(graph, "gremium", gremium_id, form.version.data, changes, actor())
        except StaleVersion as exc:
            return stale_page(exc, "manage/gremium.html", **_gremium_context(state, form))
        flash("Die Änderungen am Gremium sind gespeichert.", "success")
        return redirect(url_for("manage.gremium", gremium_id=gremium_id))
    return render_template("manage/gremium.html", **_gremium_context(state, form))


@bp.post("/gremien/<gremium_id>/mitglieder")
def add_member(gremium_id: str) -> Any:
    allow(current_user.can_edit_gremium(gremium_id))
    graph = get_graph()
    state = current_state(graph, "gremium", gremium_id)
    form = MembershipAddForm()
    if not form.validate_on_submit():
        return render_template("manage/gremium.html", **_gremium_context(state, add=form)), 400
    institution = form.institution.data.strip()
    if manage_reads.institution_name(graph, institution) is None:
        form.institution.errors.append("Diese Einrichtung gibt es nicht. Bitte aus der Liste "
                                       "wählen.")
        return render_template("manage/gremium.html", **_gremium_context(state, add=form)), 400
    since = form.since.data.isoformat() if form.since.data else None
    members = [m for m in state[MEMBERS] if m["institution"] != institution]
    members.append({"institution": institution, "role": form.role.data, "since": since})
    return _save_members(gremium_id, state, form.version.data, members,
                         "Die Einrichtung ist jetzt Mitglied.")


@bp.post("/gremien/<gremium_id>/mitglieder/entfernen")
def remove_member(gremium_id: str) -> Any:
    allow(current_user.can_edit_gremium(gremium_id))
    state = current_state(get_graph(), "gremium", gremium_id)
    form = MembershipRemoveForm()
    if not form.validate_on_submit():
        return render_template("manage/gremium.html", **_gremium_context(state)), 400
    members = [m for m in state[MEMBERS] if m["institution"] != form.institution.data]
    return _save_members(gremium_id, state, form.version.data, members,
                         "Die Mitgliedschaft ist beendet.")


@bp.post("/gremien/<gremium_id>/vorschlag")
def propose_institution(gremium_id: str) -> Any:
    """A new member institution that Lotse does not know yet, for the admins to confirm."""
    allow(current_user.can_edit_gremium(gremium_id))
    graph = get_graph()
    state = current_state(graph, "gremium", gremium_id)
    form = MemberProposalForm(prefix=PROPOSAL_PREFIX)
    if not form.validate_on_submit():
        return render_template("manage/gremium.html",
                               **_gremium_context(state, propose=form)), 400
    institution = {f: getattr(form, f).data
                   for f in ("name", "category", "street", "postal_code", "phone", "email")}
    membership = {"role": form.role.data, "since": date.today().isoformat()}
    try:
        propose_member(graph, gremium_id, form.version.data, institution, membership, actor())
    except StaleVersion as exc:
        return stale_page(exc, "manage/gremium.html", **_gremium_context(state))
    flash("Die Einrichtung ist als Mitglied eingetragen. Die Sozialplanung prüft den "
          "Vorschlag und schaltet die Einrichtung frei.", "success")
    return redirect(url_for("manage.gremium", gremium_id=gremium_id))


def _save_members(gremium_id: str, state: dict[str, Any], version: int,
                  members: list[dict[str, Any]], message: str) -> Any:
    try:
        update(get_graph(), "gremium", gremium_id, version, {MEMBERS: members}, actor())
    except StaleVersion as exc:
        return stale_page(exc, "manage/gremium.html", **_gremium_context(state))
    flash(message, "success")
    return redirect(url_for("manage.gremium", gremium_id=gremium_id))


@bp.get("/einrichtungen/suche")
def search_institutions() -> Response:
    """Search-as-you-type for the membership form (JSON)."""
    text = (request.args.get("q") or "")[:100]
    return jsonify(manage_reads.search_institutions(get_graph(), text))


@bp.get("/aenderungen")
def changes() -> str:
    """The audit trail: all of it for admins, a coordinator's own gremien otherwise."""
    allow(current_user.is_admin or bool(current_user.gremien))
    entries = list_changes(get_graph(), gremien=_own(current_user.gremien))
    return render_template("manage/changes.html", changes=entries, undo_form=UndoForm())


def _gremium_form_data(state: dict[str, Any]) -> dict[str, Any]:
    meetings = "\n".join(_german_date(d) for d in state.get("next_meetings") or [])
    return {"description": state.get("description"), "meeting_rhythm": state.get(
        "meeting_rhythm"), "next_meetings": meetings, "contact": state.get("contact"),
            "version": state["version"]}


def _german_date(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{day}.{month}.{year}"


def _gremium_context(state: dict[str, Any], form: GremiumForm | None = None,
                     add: MembershipAddForm | None = None,
                     propose: MemberProposalForm | None = None) -> dict[str, Any]:
    names = manage_reads.institution_names(get_graph(), [m["institution"]
                                                          for m in state[MEMBERS]])
    return {
        "gremium": state,
        "form": form or GremiumForm(data=_gremium_form_data(state)),
        "add_form": add or MembershipAddForm(data={"version": state["version"]}),
        "remove_form": MembershipRemoveForm(data={"version": state["version"]}),
        "propose_form": propose or MemberProposalForm(prefix=PROPOSAL_PREFIX,
                                                      data={"version": state["version"]}),
        "member_names": names,
    }
