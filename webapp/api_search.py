"""JSON API v1 of the search and the chat, and its OpenAPI description."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request

from graph import directory as repo
from graph.driver import get_graph
from search.dialogue import ConversationExpired, chat_turn
from search.network_answer import EntityResult
from search.retrieval import MODES, Hit
from webapp.entities import entity_url
from webapp.errors import InvalidInput
from webapp.filters import parse_int
from webapp.metrics import count_search
from webapp.openapi_doc import openapi_document
from webapp.search_views import check_question, explicit_filters, get_codec, get_service
from webapp.security import csrf, no_store

bp = Blueprint("api_search", __name__, url_prefix="/api/v1")


def entity_json(entity: EntityResult) -> dict[str, Any]:
    return {"type": entity.type, "id": entity.id, "title": entity.title,
            "url": entity_url(entity.type, entity.id), "lines": entity.lines}


def hit_json(hit: Hit) -> dict[str, Any]:
    offer = hit.offer
    return {
        "type": "offer",
        "id": offer["id"],
        "title": offer["title"],
        "provider": offer["provider"],
        "sozialraeume": sorted(offer["sozialraeume"]),
        "citywide": bool(offer["citywide"]),
        "score": hit.score,
        "evidence": hit.evidence,
        "url": entity_url("offer", offer["id"]),
        "why": hit.why,
        "stadtteil": offer.get("stadtteil"),
        "address": ", ".join(p for p in (offer.get("street"), offer.get("postal_code")) if p),
        "hours": offer.get("hours"),
        "cost": offer.get("cost"),
        "free": offer.get("free"),
        "phone": offer.get("phone"),
        "email": offer.get("email"),
        "website": offer.get("url"),
    }


@bp.get("/search")
@no_store
def search() -> Response:
    question = check_question(request.args.get("q", ""))
    limit = parse_int(request.args, "limit", default=10, lo=1, hi=50)
    mode = request.args.get("mode", "hybrid")
    if mode not in MODES:
        raise InvalidInput("„mode“ muss hybrid, fulltext oder vector sein.", f"mode={mode[:20]!r}")
    filters = explicit_filters(request.args)
    service = get_service()
    understanding = service.understand(question, filters)
    network = service.network(question, understanding) if mode == "hybrid" else None
    if network is not None:
        count_search("api", "sicher" if network.results else None)
        return jsonify({
            "query": question, "understood": understanding.as_json(),
            "answer": network.answer,
            "results": [entity_json(e) for e in network.results][:limit],
            "no_good_match": not network.results,
            "confidence": "sicher" if network.results else None,
            "vague": False, "alternatives": [], "unconfirmed": [],
        })
    result = service.search(question, understanding, limit=limit, mode=mode, channel="api")
    count_search("api", result.outcome.confidence, result.outcome.vague)
    return jsonify({
        "query": question,
        "understood": understanding.as_json(),
        "answer": None,
        "results": [hit_json(h) for h in result.outcome.hits],
        "no_good_match": result.outcome.no_good_match,
        "confidence": result.outcome.confidence,
        "vague": result.outcome.vague,
        "alternatives": [hit_json(h) for h in result.alternatives],
        "unconfirmed": result.unconfirmed,
    })


@bp.post("/chat")
@csrf.exempt  # no cookie auth here, and JSON is required: a cross-site form cannot send it
@no_store
def chat() -> Response:
    if not request.is_json:
        raise InvalidInput("Bitte senden Sie JSON (Content-Type: application/json).",
                           "chat request is not application/json")
    try:
        body = request.get_json(silent=True)
    except RecursionError as exc:  # json refuses nesting beyond Python's recursion limit
        raise InvalidInput("Der Inhalt ist zu tief verschachtelt.",
                           "chat body nested too deeply") from exc
    if not isinstance(body, dict):
        raise InvalidInput("Der Inhalt muss ein JSON-Objekt sein.", "chat body is not an object")
    message = check_question(body.get("message"), "message")
    token = body.get("conversation")
    if token is not None and not isinstance(token, str):
        raise InvalidInput("„conversation“ muss null oder ein Text sein.",
                           "conversation must be null or a string")
    state = None
    if token:
        try:
            state = get_codec().load(token)
        except ConversationExpired as exc:
            raise InvalidInput(
                "Das Gespräch ist abgelaufen oder ungültig. Bitte beginnen Sie neu "
                "(conversation: null).", f"conversation token rejected: {exc}") from exc
    reply = chat_turn(get_service(), message, state)
    count_search("chat-api", reply.confidence, reply.vague)
    return jsonify({
        "conversation": get_codec().dump(reply.state),
        "answer": reply.answer,
        "understood": reply.understanding.as_json(),
        "results": [entity_json(e) for e in reply.entities] + [hit_json(h) for h in reply.hits],
        "alternatives": [hit_json(h) for h in reply.alternatives],
        "no_good_match": reply.no_good_match,
        "confidence": reply.confidence,
        "vague": reply.vague,
        "follow_up": reply.follow_up,
        "unconfirmed": reply.unconfirmed,
    })


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document(repo.filter_choices(get_graph())))
