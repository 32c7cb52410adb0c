"""JSON API v1 of the directory."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from graph import directory as repo
from graph.collation import german_key
from graph.driver import get_graph
from webapp.filters import parse_int, parse_offer_filters

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def offer_json(offer: dict[str, Any]) -> dict[str, Any]:
    """The public JSON shape of an offer summary."""
    return {
        "id": offer["id"],
        "title": offer["title"],
        "provider": offer["provider"],
        "sozialraeume": sorted(offer["sozialraeume"]),
        "citywide": bool(offer["citywide"]),
        "status": offer["status"],
        "target_groups": sorted(offer["target_groups"], key=german_key),
        "topics": sorted(offer["topics"], key=german_key),
        "free": offer["free"],
        "url": url_for("directory.offer", offer_id=offer["id"]),
    }


@bp.get("/offers")
def offers() -> Response:
    graph = get_graph()
    filters = parse_offer_filters(request.args, repo.filter_choices(graph))
    limit = parse_int(request.args, "limit", default=20, lo=1, hi=100)
    offset = parse_int(request.args, "offset", default=0, lo=0, hi=1_000_000)
    total, items = repo.list_offers(graph, filters, limit=limit, offset=offset)
    return jsonify(
        {"total": total, "limit": limit, "offset": offset, "items": [offer_json(o) for o in items]}
    )


@bp.get("/sozialraeume")
def sozialraeume() -> Response:
    items, citywide = repo.list_sozialraeume(get_graph())
    return jsonify(
        {
            "citywide_offers": citywide,
            "items": [
                {
                    "id": s["id"],
                    "name": s["name"],
                    "bezirk": s["bezirk_id"],
                    "offers_local": s["offers_local"],
                    "offers_total": s["offers_local"] + citywide,
                    "url": url_for("directory.sozialraum", sozialraum_id=s["id"]),
                }
                for s in items
            ],
        }
    )
