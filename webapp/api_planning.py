"""JSON twins of the planner views under /api/v1/planning (planners and admins).

The session cookie of a logged-in planner authorises them; without it the answer
is a 401 in JSON (no redirect to a login page), with another role a 403.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user

from graph import awareness, duplicate_records, duplicates, gaps, network
from graph.driver import get_graph
from webapp.errors import error_response
from webapp.planning import dimension_arg, sozialraum_arg

bp = Blueprint("api_planning", __name__, url_prefix="/api/v1/planning")


@bp.before_request
def require_planner() -> Any:
    if not current_user.is_authenticated:
        return error_response(401)
    if not current_user.can_see_planning():
        return error_response(403)
    return None


@bp.get("/duplicates")
def duplicate_structures() -> Any:
    clusters = duplicates.duplicate_clusters(get_graph(), sozialraum=sozialraum_arg())
    return jsonify({"clusters": [c.as_dict() for c in clusters]})


@bp.get("/duplicate-records")
def duplicate_entries() -> Any:
    graph = get_graph()
    pairs = (duplicate_records.duplicate_institutions(graph)
             + duplicate_records.duplicate_offers(graph))
    return jsonify({"pairs": [p.as_dict() for p in pairs]})


@bp.get("/gaps")
def gap_matrix() -> Any:
    return jsonify(gaps.gap_matrix(get_graph(), dimension_arg()).as_dict())


@bp.get("/awareness")
def awareness_figures() -> Any:
    graph = get_graph()
    sozialraum = sozialraum_arg()
    return jsonify({"offers": awareness.awareness_by_offer(graph, sozialraum),
                    "sozialraeume": awareness.awareness_by_sozialraum(graph),
                    "cards": awareness.cards_by_offer(graph, sozialraum=sozialraum)})


@bp.get("/network")
def network_data() -> Any:
    graph = get_graph()
    sozialraum = sozialraum_arg()
    return jsonify({"elements": network.network_elements(graph, sozialraum),
                    "figures": network.network_figures(graph, sozialraum)})
