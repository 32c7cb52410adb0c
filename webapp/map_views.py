"""The map page `/karte` and its data endpoint `/api/v1/map`.

The page works without JavaScript: the server renders the filter form and the
list of institutions (the accessible equivalent of the map). `static/js/map.js`
draws the Leaflet map from `/api/v1/map` and keeps list and map in sync.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from graph import directory as repo
from graph import map_reads
from graph.directory import OfferFilters
from graph.driver import get_graph
from webapp.filters import FILTER_PARAMS, ID_PATTERN
from webapp.search_views import explicit_filters

bp = Blueprint("map", __name__)


def map_payload(args: Any) -> tuple[dict[str, Any], bool]:
    """The map data for the query string's filters, with page links; and the kostenlos flag."""
    chosen = explicit_filters(args)
    filters = OfferFilters(sozialraum=chosen.sozialraum, target_group=chosen.target_group,
                           topic=chosen.topic)
    data = map_reads.map_data(get_graph(), filters, free=chosen.free)
    for institution in data["institutions"]:
        institution["url"] = url_for("directory.institution", institution_id=institution["id"])
        for offer in institution["offers"]:
            offer["url"] = url_for("directory.offer", offer_id=offer["id"])
    return data, chosen.free


def focused_institution(args: Any, institutions: list[dict[str, Any]]) -> str | None:
    """The institution `?institution=` or `?offer=` asks to show, if it is on the map."""
    wanted = (args.get("institution") or "").strip()
    offer = (args.get("offer") or "").strip()
    for institution in institutions:
        if wanted and ID_PATTERN.match(wanted) and institution["id"] == wanted:
            return wanted
        if offer and any(o["id"] == offer for o in institution["offers"]):
            return institution["id"]
    return None


@bp.get("/karte")
def map_page() -> str:
    data, free = map_payload(request.args)
    focus = focused_institution(request.args, data["institutions"])
    return render_template(
        "map.html",
        data=data,
        categories={c["name"]: c for c in data["categories"]},
        focus=focus,
        offers_shown=len({o["id"] for i in data["institutions"] for o in i["offers"]}),
        choices=repo.filter_choices(get_graph()),
        selected={param: request.args.get(param, "") for param in FILTER_PARAMS},
        free=free,
        tile_url=current_app.config["LOTSE_TILE_URL"],
        tile_attribution=current_app.config["LOTSE_TILE_ATTRIBUTION"],
    )


@bp.get("/api/v1/map")
def map_api() -> Response:
    data, _ = map_payload(request.args)
    return jsonify(data)
