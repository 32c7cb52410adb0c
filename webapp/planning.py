"""Planner views (/planung): duplicate structures and records, gaps, network, profiles.

For the social planning only: the `planner` role and admins (anonymous users go to
the login, other roles get 403). Merging duplicate records changes data and is for
admins alone. The JSON twins are in webapp/api_planning.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from graph import (
    awareness,
    directory,
    duplicate_records,
    duplicates,
    gaps,
    network,
    recommendations,
)
from graph.driver import get_graph
from webapp.auth import roles_required
from webapp.exports import gap_matrix_csv, gap_matrix_xlsx
from webapp.manage_common import actor, allow
from webapp.planning_forms import IntendedForm, MergeForm

bp = Blueprint("planning", __name__, url_prefix="/planung")


@bp.before_request
@roles_required("planner")
def require_planner() -> None:
    """Planners and admins only (anonymous visitors go to the login)."""


def sozialraum_arg() -> str | None:
    """The `sozialraum` filter of the query string, if it names a Sozialraum (else 404)."""
    value = request.args.get("sozialraum") or None
    if value is not None and value not in {s["id"] for s in directory.sozialraum_choices(
            get_graph())}:
        abort(404)
    return value


def labels() -> dict[str, str]:
    """Names of Sozialräume, target groups and topics by id, for the templates."""
    choices = directory.filter_choices(get_graph())
    items = choices.sozialraeume + choices.target_groups + choices.topics
    return {item["id"]: item["name"] for item in items} | {duplicates.CITYWIDE: "stadtweit"}


def dimension_arg() -> str:
    value = request.args.get("dimension", "target_groups")
    if value not in gaps.DIMENSIONS:
        abort(404)
    return value


@bp.get("/")
def index() -> str:
    return render_template("planning/index.html",
                           sozialraeume=directory.sozialraum_choices(get_graph()))


@bp.get("/doppelstrukturen")
def duplicate_structures() -> str:
    sozialraum = sozialraum_arg()
    clusters = duplicates.duplicate_clusters(get_graph(), sozialraum=sozialraum)
    return render_template("planning/duplicates.html", clusters=clusters,
                           sozialraum=sozialraum, form=IntendedForm(), labels=labels(),
                           sozialraeume=directory.sozialraum_choices(get_graph()))


@bp.post("/doppelstrukturen/bewusst")
def mark_intended() -> Any:
    form = IntendedForm()
    if form.validate_on_submit():
        offers = [o for o in form.offers.data.split(",") if o]
        duplicates.mark_intended(get_graph(), offers, actor(), form.note.data)
        flash("Die Gruppe ist als bewusst so vermerkt und wird nicht mehr angezeigt.",
              "success")
    return redirect(url_for("planning.duplicate_structures"))


@bp.get("/doppelte-eintraege")
def duplicate_entries() -> str:
    graph = get_graph()
    pairs = (duplicate_records.duplicate_institutions(graph)
             + duplicate_records.duplicate_offers(graph))
    return render_template("planning/records.html", pairs=pairs, form=MergeForm())


@bp.post("/doppelte-eintraege/zusammenfuehren")
def merge() -> Any:
    allow(current_user.is_admin)
    form = MergeForm()
    if form.validate_on_submit():
        if form.kind.data not in duplicate_records.KINDS:
            abort(400)
        duplicate_records.merge_records(get_graph(), form.kind.data, form.keep.data,
                                        form.duplicate.data, actor())
        flash("Die Einträge sind zusammengeführt; alle Verknüpfungen und das Protokoll "
              "gehören jetzt zum verbleibenden Eintrag.", "success")
    return redirect(url_for("planning.duplicate_entries"))


@bp.get("/luecken")
def gap_view() -> str:
    dimension = dimension_arg()
    matrix = gaps.gap_matrix(get_graph(), dimension)
    return render_template("planning/gaps.html", matrix=matrix, dimension=dimension,
                           dimensions=gaps.DIMENSIONS)


@bp.get("/luecken/zelle")
def gap_cell() -> str:
    dimension = dimension_arg()
    sozialraum, column = request.args.get("sozialraum", ""), request.args.get("spalte", "")
    matrix = gaps.gap_matrix(get_graph(), dimension)
    if (sozialraum, column) not in matrix.cells:
        abort(404)
    return render_template(
        "planning/gap_cell.html", matrix=matrix, dimension=dimension,
        row=next(r for r in matrix.rows if r["id"] == sozialraum),
        column=next(c for c in matrix.columns if c["id"] == column),
        cell=matrix.cell(sozialraum, column),
        offers=gaps.cell_offers(get_graph(), dimension, sozialraum, column),
        recommendations=[recommendations.get_recommendation(get_graph(), r)
                         for r in matrix.cell(sozialraum, column).recommendations])


@bp.get("/luecken.<any(csv, xlsx):extension>")
def gap_export(extension: str) -> Response:
    dimension = dimension_arg()
    matrix = gaps.gap_matrix(get_graph(), dimension)
    name = f"versorgungsluecken-{dimension}.{extension}"
    if extension == "csv":
        body, mimetype = gap_matrix_csv(matrix).encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        body = gap_matrix_xlsx(matrix)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/netzwerk")
def network_view() -> str:
    sozialraum = sozialraum_arg()
    graph = get_graph()
    return render_template("planning/network.html", sozialraum=sozialraum,
                           figures=network.network_figures(graph, sozialraum),
                           overview=network.network_overview(graph, sozialraum),
                           sozialraeume=directory.sozialraum_choices(graph))


@bp.get("/sozialraeume/<sozialraum_id>")
def profile(sozialraum_id: str) -> str:
    """The one-page Sozialraum profile for the planners' meetings (print view)."""
    graph = get_graph()
    data = directory.get_sozialraum(graph, sozialraum_id)
    matrices = [gaps.gap_matrix(graph, dimension) for dimension in gaps.DIMENSIONS]
    answered = [column["name"] for matrix in matrices for column in matrix.columns
                if matrix.cell(sozialraum_id, column["id"]).gap
                and matrix.cell(sozialraum_id, column["id"]).recommendations]
    return render_template(
        "planning/profile.html", data=data, sozialraum_id=sozialraum_id, today=date.today(),
        target_groups=matrices[0], topics=matrices[1], answered_gaps=answered,
        clusters=duplicates.duplicate_clusters(graph, sozialraum=sozialraum_id),
        awareness=awareness.awareness_by_offer(graph, sozialraum_id),
        cards=awareness.cards_by_offer(graph, sozialraum=sozialraum_id),
        figures=network.network_figures(graph, sozialraum_id), labels=labels())
