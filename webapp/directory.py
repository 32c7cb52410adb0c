"""Public directory pages: start page, offers, institutions, gremien, Sozialräume."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from graph import directory as repo
from graph.driver import get_graph
from webapp.filters import FILTER_PARAMS, parse_int, parse_offer_filters

bp = Blueprint("directory", __name__)

PAGE_SIZE = 20


@bp.get("/angebote")
def offers() -> str:
    graph = get_graph()
    choices = repo.filter_choices(graph)
    filters = parse_offer_filters(request.args, choices)
    page = parse_int(request.args, "seite", default=1, lo=1, hi=10_000)
    total, items = repo.list_offers(
        graph, filters, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    selected = {param: request.args.get(param, "") for param in FILTER_PARAMS}
    return render_template(
        "offers.html",
        offers=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        choices=choices,
        selected=selected,
    )


@bp.get("/angebote/<offer_id>")
def offer(offer_id: str) -> str:
    return render_template("offer.html", **repo.get_offer(get_graph(), offer_id))


@bp.get("/einrichtungen")
def institutions() -> str:
    graph = get_graph()
    choices = repo.filter_choices(graph)
    filters = parse_offer_filters({"sozialraum": request.args.get("sozialraum", "")}, choices)
    items = repo.list_institutions(graph, sozialraum=filters.sozialraum)
    return render_template(
        "institutions.html",
        institutions=items,
        choices=choices,
        selected=filters.sozialraum or "",
    )


@bp.get("/einrichtungen/<institution_id>")
def institution(institution_id: str) -> str:
    return render_template("institution.html", **repo.get_institution(get_graph(), institution_id))


@bp.get("/gremien")
def gremien() -> str:
    return render_template("gremien.html", gremien=repo.list_gremien(get_graph()))


@bp.get("/gremien/<gremium_id>")
def gremium(gremium_id: str) -> str:
    return render_template("gremium.html", **repo.get_gremium(get_graph(), gremium_id))


@bp.get("/bereiche/<department_id>")
def department(department_id: str) -> str:
    return render_template("department.html",
                           **repo.get_department(get_graph(), department_id))


@bp.get("/sozialraeume")
def sozialraeume() -> str:
    items, citywide = repo.list_sozialraeume(get_graph())
    return render_template("sozialraeume.html", sozialraeume=items, citywide=citywide)


@bp.get("/sozialraeume/<sozialraum_id>")
def sozialraum(sozialraum_id: str) -> str:
    return render_template("sozialraum.html", **repo.get_sozialraum(get_graph(), sozialraum_id))
