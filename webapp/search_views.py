"""The search page: a question in, matching offers out."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from graph.driver import get_graph
from search.fulltext import search_offers
from webapp.errors import InvalidInput

bp = Blueprint("search", __name__)

MAX_QUESTION_LENGTH = 500


@bp.get("/suche")
def search_page() -> str:
    question = (request.args.get("q") or "").strip()
    if len(question) > MAX_QUESTION_LENGTH:
        raise InvalidInput(
            f"Bitte fassen Sie Ihre Frage kürzer (höchstens {MAX_QUESTION_LENGTH} Zeichen).",
            f"question longer than {MAX_QUESTION_LENGTH} characters",
        )
    results = search_offers(get_graph(), question) if question else []
    return render_template("search.html", question=question, results=results)
