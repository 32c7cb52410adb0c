"""The social planning's maintenance: undo, restore deleted offers, confirm proposals."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from graph import manage_reads
from graph.driver import get_graph
from graph.editing import StaleVersion, UndoNotPossible, current_state, undo, update
from webapp.manage_common import actor, allow, refresh_offer_embedding
from webapp.manage_forms import ConfirmForm, UndoForm

bp = Blueprint("manage_admin", __name__, url_prefix="/verwalten")


@bp.before_request
@login_required
def require_admin() -> None:
    """Everything here is for admins only."""
    allow(current_user.is_admin)


@bp.post("/aenderungen/<change_id>/rueckgaengig")
def undo_change(change_id: str) -> Any:
    if UndoForm().validate_on_submit():
        try:
            saved = undo(get_graph(), change_id, actor())
        except UndoNotPossible as exc:
            flash(_undo_refusal(str(exc)), "error")
        else:
            flash("Die Änderung ist rückgängig gemacht." if saved.change_id
                  else "Es war nichts rückgängig zu machen.", "success")
    return redirect(url_for("manage.changes"))


def _undo_refusal(reason: str) -> str:
    if "already" in reason:
        return "Diese Änderung wurde schon rückgängig gemacht."
    if "creation" in reason:
        return "Ein neu angelegter Eintrag wird durch Beenden oder Löschen zurückgenommen."
    return ("Der Eintrag wurde danach noch einmal geändert. Bitte machen Sie zuerst die "
            "späteren Änderungen rückgängig.")


@bp.get("/angebote/geloescht")
def deleted() -> str:
    return render_template("manage/deleted.html", offers=manage_reads.deleted_offers(
        get_graph()), form=ConfirmForm())


@bp.post("/angebote/<offer_id>/wiederherstellen")
def restore(offer_id: str) -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            update(get_graph(), "offer", offer_id, form.version.data,
                   {"deleted": False, "deleted_at": None}, actor(), action="restore")
        except StaleVersion:
            flash("Das Angebot wurde inzwischen geändert; bitte Seite neu laden.", "error")
        else:
            refresh_offer_embedding(offer_id)
            flash(f"„{current_state(get_graph(), 'offer', offer_id)['title']}“ ist wieder "
                  "sichtbar.", "success")
    return redirect(url_for("manage_admin.deleted"))


@bp.post("/einrichtungen/<institution_id>/bestaetigen")
def confirm_institution(institution_id: str) -> Any:
    """Accept a coordinator's proposed institution as a regular entry."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            update(get_graph(), "institution", institution_id, form.version.data,
                   {"proposed": False}, actor(), action="confirm")
        except StaleVersion:
            flash("Die Einrichtung wurde inzwischen geändert; bitte Seite neu laden.", "error")
        else:
            flash("Die Einrichtung ist bestätigt.", "success")
    return redirect(url_for("manage.dashboard"))
