"""Maintenance pages (/verwalten): the dashboard and a coordinator's gremium.

Every view needs a login; each checks that the user may edit this very gremium
(403 otherwise). Saves go through `graph.editing`, one transaction with an audit
record each, and are refused when the page's version is outdated.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from graph import manage_reads
from graph.collation import german_key
from graph.driver import get_graph
from graph.editing import (
    MEMBERS,
    StaleVersion,
    current_state,
    list_changes,
    propose_member,
    update,
)
from graph.meetings import meeting_de, parse_meetings
from webapp import change_log
from webapp.manage_common import actor, allow, stale_page
from webapp.manage_forms import (
    AgendaForm,
    ConfirmForm,
    GremiumForm,
    MemberProposalForm,
    MembershipAddForm,
    MembershipRemoveForm,
    MembershipRoleForm,
    UndoForm,
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
        agenda_form=AgendaForm(),
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
            "next_meetings": parse_meetings(form.next_meetings.data),
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
    chosen = (form.institution_id.data or "").strip()
    if chosen and manage_reads.institution_name(graph, chosen) is not None:
        institution: str | None = chosen
    else:
        institution, candidates = manage_reads.resolve_institution(graph, form.institution.data)
        if institution is None:
            form.institution.errors.append(
                "Mehrere Einrichtungen passen: " + "; ".join(candidates) + ". Bitte den "
                "vollständigen Namen eingeben." if candidates else
                "Keine Einrichtung dieses Namens. Bitte aus der Liste wählen oder die "
                "Einrichtung unten vorschlagen.")
            return render_template("manage/gremium.html",
                                   **_gremium_context(state, add=form)), 400
    since = form.since.data.isoformat() if form.since.data else None
    members = [m for m in state[MEMBERS] if m["institution"] != institution]
    members.append({"institution": institution, "role": form.role.data, "since": since})
    return _save_members(gremium_id, state, form.version.data, members,
                         "Die Einrichtung ist jetzt Mitglied.")


@bp.get("/gremien/<gremium_id>/mitglieder/<institution_id>/entfernen")
def confirm_remove_member(gremium_id: str, institution_id: str) -> Any:
    """Ask before a membership ends: the page names the institution and can go back."""
    allow(current_user.can_edit_gremium(gremium_id))
    graph = get_graph()
    state = current_state(graph, "gremium", gremium_id)
    if not any(m["institution"] == institution_id for m in state[MEMBERS]):
        return redirect(url_for("manage.gremium", gremium_id=gremium_id))
    form = MembershipRemoveForm(data={"version": state["version"],
                                      "institution": institution_id})
    return render_template("manage/remove_member.html", gremium=state, form=form,
                           name=manage_reads.institution_name(graph, institution_id))


@bp.post("/gremien/<gremium_id>/mitglieder/entfernen")
def remove_member(gremium_id: str) -> Any:
    allow(current_user.can_edit_gremium(gremium_id))
    state = current_state(get_graph(), "gremium", gremium_id)
    form = MembershipRemoveForm()
    if not form.validate_on_submit():
        return render_template("manage/gremium.html", **_gremium_context(state)), 400
    members = [m for m in state[MEMBERS] if m["institution"] != form.institution.data]
    return _save_members(gremium_id, state, form.version.data, members,
                         "Die Mitgliedschaft ist beendet. Aus Versehen? Fügen Sie die "
                         "Einrichtung unten wieder hinzu.")


@bp.post("/gremien/<gremium_id>/mitglieder/rolle")
def change_member_role(gremium_id: str) -> Any:
    allow(current_user.can_edit_gremium(gremium_id))
    state = current_state(get_graph(), "gremium", gremium_id)
    form = MembershipRoleForm()
    if not form.validate_on_submit():
        return render_template("manage/gremium.html", **_gremium_context(state)), 400
    members = [{**m, "role": form.role.data} if m["institution"] == form.institution.data
               else m for m in state[MEMBERS]]
    return _save_members(gremium_id, state, form.version.data, members,
                         "Die Rolle ist gespeichert.")


@bp.post("/gremien/<gremium_id>/vormerken")
def mark_for_meeting(gremium_id: str) -> Any:
    """Put an unverified member offer on the next meeting's agenda (or take it off)."""
    allow(current_user.can_edit_gremium(gremium_id))
    state = current_state(get_graph(), "gremium", gremium_id)
    form = AgendaForm()
    if not form.validate_on_submit():
        abort(400)
    agenda = [o for o in state.get("agenda") or [] if o != form.offer.data]
    if not form.done.data:
        agenda.append(form.offer.data)
    try:
        update(get_graph(), "gremium", gremium_id, form.version.data, {"agenda": agenda},
               actor())
    except StaleVersion as exc:
        return stale_page(exc, "manage/gremium.html", **_gremium_context(state))
    flash("Erledigt: nicht mehr vorgemerkt." if form.done.data else
          "Für die nächste Sitzung vorgemerkt.", "success")
    if request.form.get("back") == "gremium":
        return redirect(url_for("manage.gremium", gremium_id=gremium_id))
    return redirect(url_for("manage.dashboard") + "#ungeprueft")


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
    graph = get_graph()
    entries = list_changes(graph, gremien=_own(current_user.gremien))
    names = manage_reads.record_names(graph, change_log.mentioned_ids(entries))
    return render_template("manage/changes.html", undo_form=UndoForm(),
                           changes=[{**c, "lines": change_log.readable(c, names)}
                                    for c in entries])


def _gremium_form_data(state: dict[str, Any]) -> dict[str, Any]:
    meetings = "\n".join(meeting_de(m) for m in state.get("next_meetings") or [])
    return {"description": state.get("description"), "meeting_rhythm": state.get(
        "meeting_rhythm"), "next_meetings": meetings, "contact": state.get("contact"),
            "version": state["version"]}


def _gremium_context(state: dict[str, Any], form: GremiumForm | None = None,
                     add: MembershipAddForm | None = None,
                     propose: MemberProposalForm | None = None) -> dict[str, Any]:
    names = manage_reads.institution_names(get_graph(), [m["institution"]
                                                          for m in state[MEMBERS]])
    return {
        "gremium": state,
        "form": form or GremiumForm(data=_gremium_form_data(state)),
        "add_form": add or MembershipAddForm(data={"version": state["version"]}),
        "role_form": MembershipRoleForm(data={"version": state["version"]}),
        "propose_form": propose or MemberProposalForm(prefix=PROPOSAL_PREFIX,
                                                      data={"version": state["version"]}),
        "member_names": names,
        "members": sorted(state[MEMBERS], key=lambda m: german_key(names.get(m["institution"]))),
        "agenda": manage_reads.record_names(get_graph(), state.get("agenda") or []),
        "agenda_form": AgendaForm(data={"version": state["version"]}),
    }
