"""Awareness views (/planung/bekanntheit): record Expert*innendialoge, import their
dots, write down their cards, and see how well each offer is known.

Planners and admins only, like every /planung page.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from graph import awareness, directory
from graph.awareness import DialogueEvent, Vote
from graph.driver import get_graph
from graph.errors import Refused
from graph.offer_names import offer_label, resolve_offer
from ingest.awareness_import import parse_events
from ingest.table_import import ImportRejected
from webapp.auth import roles_required
from webapp.manage_common import actor
from webapp.manage_forms import choice_list
from webapp.planning import sozialraum_arg
from webapp.planning_forms import CardForm, EventForm, EventImportForm

log = logging.getLogger(__name__)
bp = Blueprint("planning_awareness", __name__, url_prefix="/planung/bekanntheit")
MAX_UPLOAD = 1024 * 1024


@bp.before_request
@roles_required("planner")
def require_planner() -> None:
    """Planners and admins only (anonymous visitors go to the login)."""


def _offer_options() -> list[dict[str, Any]]:
    return awareness.offer_options(get_graph())


def _event_form() -> EventForm:
    form = EventForm()
    form.sozialraum.choices = choice_list([(s["id"], s["name"]) for s in
                                           directory.sozialraum_choices(get_graph())])
    return form


@bp.get("/")
def overview() -> str:
    graph = get_graph()
    sozialraum = sozialraum_arg()
    return render_template(
        "planning/awareness.html", sozialraum=sozialraum,
        by_offer=awareness.awareness_by_offer(graph, sozialraum),
        by_sozialraum=awareness.awareness_by_sozialraum(graph),
        events=awareness.list_events(graph, sozialraum),
        cards=awareness.cards_by_offer(graph, sozialraum=sozialraum),
        sozialraeume=directory.sozialraum_choices(graph), import_form=EventImportForm())


@bp.route("/veranstaltung", methods=["GET", "POST"])
def new_event() -> Any:
    form = _event_form()
    if form.validate_on_submit():
        votes = _votes(form)
        if votes is None:
            pass  # each unknown or ambiguous name is marked at its row
        elif not votes:
            form.votes.errors.append("Bitte mindestens ein vorgestelltes Angebot eintragen.")
        else:
            event = DialogueEvent(form.sozialraum.data, form.date.data, form.title.data, votes)
            try:
                [event_id] = awareness.record_events(get_graph(), [event], actor())
            except Refused as exc:
                log.info("Event refused: %s", exc)
                form.votes.errors.append(exc.german)
            else:
                flash("Die Veranstaltung ist gespeichert.", "success")
                return redirect(url_for("planning_awareness.event", event_id=event_id))
    status = 400 if form.is_submitted() else 200
    return render_template("planning/event_form.html", form=form, offers=_offer_options(),
                           offer_label=offer_label), status


def _votes(form: EventForm) -> tuple[Vote, ...] | None:
    """The rows' votes with each offer found by its name; None when a name fits no offer
    or several (the row says which)."""
    offers = _offer_options()
    votes, unclear = [], False
    for row in form.votes:
        text = (row.offer.data or "").strip()
        if not text:
            continue
        offer_id, candidates = resolve_offer(text, offers)
        if offer_id is None:
            unclear = True
            row.offer.errors = [f"„{text}“ passt auf mehrere Angebote: {'; '.join(candidates)}."
                                if candidates else f"Kein Angebot namens „{text}“."]
        else:
            votes.append(Vote(offer_id, row.yes.data or 0, row.no.data or 0))
    return None if unclear else tuple(votes)


@bp.post("/import")
def import_events() -> Any:
    form = EventImportForm()
    if not form.validate_on_submit():
        flash("Bitte eine CSV- oder Excel-Datei auswählen.", "error")
        return redirect(url_for("planning_awareness.overview"))
    upload = form.file.data
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        problems = ["Die Datei ist größer als 1 MB."]
    else:
        try:
            events = parse_events(upload.filename or "", data,
                                  awareness.sozialraum_ids(get_graph()),
                                  {o["id"] for o in _offer_options()})
            ids = awareness.record_events(get_graph(), events, actor())
        except ImportRejected as exc:
            log.info("Event import rejected: %s", exc)
            problems = [p.german_line() for p in exc.problems]
        except Refused as exc:
            problems = [exc.german]
        else:
            flash(f"{len(ids)} Veranstaltungen importiert.", "success")
            return redirect(url_for("planning_awareness.overview"))
    return render_template("planning/import_problems.html", problems=problems), 400


@bp.route("/veranstaltung/<event_id>", methods=["GET", "POST"])
def event(event_id: str) -> Any:
    graph = get_graph()
    data = awareness.get_event(graph, event_id)
    if data is None:
        abort(404)
    form = CardForm()
    form.offer.choices = choice_list([(o["id"], o["title"]) for o in data["offers"]])
    if form.validate_on_submit():
        try:
            awareness.record_card(graph, event_id, form.offer.data, form.question.data,
                                  form.text.data, form.channel.data or None, actor())
        except Refused as exc:
            form.text.errors.append(exc.german)
        else:
            flash("Die Karte ist gespeichert.", "success")
            return redirect(url_for("planning_awareness.event", event_id=event_id))
    cards = awareness.cards_by_offer(graph, event=event_id)
    return render_template("planning/event.html", event=data, form=form, cards=cards,
                           questions=awareness.QUESTIONS)
