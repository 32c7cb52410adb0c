"""The chat (start page) and the classic search page, on the same search service."""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, Flask, current_app, render_template, request, url_for

from graph import directory as repo
from graph.directory import OfferFilters
from graph.driver import get_graph
from search import answer
from search.dialogue import ChatReply, ConversationCodec, ConversationExpired, chat_turn
from search.service import ExplicitFilters, LazyEmbedder, SearchService
from webapp.embedders import FIRST_SETTING, SECOND_SETTING, load_embedder
from webapp.errors import InvalidInput
from webapp.filters import FILTER_PARAMS, asks_offer_filters, parse_offer_filters
from webapp.metrics import count_search
from webapp.security import no_store

bp = Blueprint("search", __name__)
log = logging.getLogger(__name__)

SERVICE_KEY = "lotse.search"
CODEC_KEY = "lotse.chat_codec"
MAX_QUESTION_LENGTH = 2000
HISTORY_TURNS = 4
# The search page shows this many results; the chat shows the first few of the same
# search and links to the search page for the rest.
SEARCH_PAGE_LIMIT = 10
CHAT_SHOWN = 5


def init_app(app: Flask) -> None:
    model = app.config[FIRST_SETTING]
    second = app.config[SECOND_SETTING]
    # One thread per model: a worker embeds a question with both models at once, beside
    # its graph reads; a second BLAS thread only waits for a busy core (it made the first
    # model's median question 16 -> 41 ms, p95 41 -> 133 ms).
    app.extensions[SERVICE_KEY] = SearchService(
        get_graph(app), LazyEmbedder(lambda: load_embedder(FIRST_SETTING, model, threads=1)),
        LazyEmbedder(lambda: load_embedder(SECOND_SETTING, second, threads=1)
                     if second else None),
    )
    app.extensions[CODEC_KEY] = ConversationCodec(app.config["SECRET_KEY"])


def get_service() -> SearchService:
    return current_app.extensions[SERVICE_KEY]


def get_codec() -> ConversationCodec:
    return current_app.extensions[CODEC_KEY]


def check_question(text: Any, field: str = "q") -> str:
    """A question as the user typed it, or a clear German error."""
    if not isinstance(text, str):
        raise InvalidInput("Bitte geben Sie Ihre Frage als Text ein.", f"{field} must be a string")
    question = text.strip()
    if not question.isprintable() and any("\ud800" <= char <= "\udfff" for char in question):
        # A lone surrogate (possible in JSON) is no character: no embedder can read it.
        raise InvalidInput("Die Frage enthält ungültige Zeichen.",
                           f"{field} contains a lone surrogate")
    if not question:
        raise InvalidInput("Bitte geben Sie eine Frage ein.", f"{field} is empty")
    if len(question) >= MAX_QUESTION_LENGTH:
        raise InvalidInput(
            f"Bitte fassen Sie Ihre Frage kürzer (weniger als {MAX_QUESTION_LENGTH} Zeichen).",
            f"{field} has {len(question)} characters, limit {MAX_QUESTION_LENGTH - 1}",
        )
    return question


def explicit_filters(args: Any) -> ExplicitFilters:
    """Filters from the query string (validated against the graph's vocabularies, which
    are read only when a filter is set: most questions come without)."""
    offer_filters = (parse_offer_filters(args, repo.filter_choices(get_graph()))
                     if asks_offer_filters(args) else OfferFilters())
    free = (args.get("kostenlos") or "").lower()
    if free not in ("", "0", "1", "true", "false", "ja", "nein"):
        raise InvalidInput("„kostenlos“ muss ja oder nein sein.", f"kostenlos={free[:20]!r}")
    return ExplicitFilters(
        sozialraum=offer_filters.sozialraum,
        target_group=offer_filters.target_group,
        topic=offer_filters.topic,
        free=free in ("1", "true", "ja"),
    )


@bp.get("/suche")
@no_store
def search_page() -> str:
    filters = explicit_filters(request.args)
    raw = request.args.get("q")
    question = check_question(raw) if raw is not None and raw.strip() else ""
    result = None
    understanding = None
    if question:
        service = get_service()
        understanding = service.understand(question, filters)
        result = service.search(question, understanding, limit=SEARCH_PAGE_LIMIT, channel="web")
        count_search("web", result.outcome.confidence, result.outcome.vague)
    return render_template(
        "search.html",
        understood_text=answer.understood_sentence,
        unconfirmed_text=answer.unconfirmed_sentence,
        no_match_text=lambda u, alternatives: answer.no_match_sentence(
            u, alternatives, get_service().lexicon()
        ),
        question=question,
        result=result,
        understanding=understanding,
        choices=repo.filter_choices(get_graph()),
        selected={param: request.args.get(param, "") for param in FILTER_PARAMS},
        free=filters.free,
    )


@bp.get("/")
def chat_page() -> str:
    return render_chat(reply=None, history=[], token="")


@bp.post("/chat")
@no_store
def chat_post() -> str:
    message = check_question(request.form.get("message"), "message")
    token = request.form.get("conversation") or ""
    state, history, expired = None, [], False
    if token:
        try:
            state = get_codec().load(token)
            history = state.pop("history", [])
        except ConversationExpired:
            log.info("Chat token rejected; starting a new conversation")
            expired = True
    reply = chat_turn(get_service(), message, state, limit=SEARCH_PAGE_LIMIT)
    count_search("chat-web", reply.confidence, reply.vague)
    history = ([*history, [message, reply.answer]])[-HISTORY_TURNS:]
    new_token = get_codec().dump({**reply.state, "history": history})
    template = "partials/chat_turn.html" if request.headers.get("X-Lotse-Fragment") else None
    return render_chat(reply=reply, history=history, token=new_token, expired=expired,
                       template=template)


def render_chat(reply: ChatReply | None, history: list, token: str, expired: bool = False,
                template: str | None = None) -> str:
    more = {"shown": CHAT_SHOWN, "all_results": search_page_url(reply) if reply else None}
    if template:  # the fragment for the script: one turn, no page around it
        return render_template(template, reply=reply, conversation=token, **more)
    graph = get_graph()
    sozialraeume, citywide = repo.list_sozialraeume(graph)
    return render_template(
        "chat.html", reply=reply, history=history, conversation=token, expired=expired,
        sozialraeume=sozialraeume, citywide=citywide, choices=repo.filter_choices(graph),
        **more,
    )


def search_page_url(reply: ChatReply) -> str | None:
    """`/suche` with what this turn understood (its need, one Sozialraum, kostenlos), when
    the chat shows fewer results than it found; else None."""
    if len(reply.hits) <= CHAT_SHOWN:
        return None
    u = reply.understanding
    params: dict[str, str] = {"q": str(reply.state.get("need") or "")}
    if len(u.sozialraeume) == 1:
        params["sozialraum"] = u.sozialraeume[0]
    if "kostenlos" in u.required:
        params["kostenlos"] = "1"
    return url_for("search.search_page", **params)
