"""One place that turns errors into responses: German pages for people, JSON for the API.

Domain errors from `graph/` and HTTP errors are rendered as HTML or JSON
depending on the path and the `Accept` header. Unexpected errors are logged in
English with their traceback and answered without one.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from graph.errors import GraphUnavailable, NotFound, Refused
from webapp.embedders import EmbedderUnavailable

log = logging.getLogger(__name__)


class InvalidInput(Exception):
    """Bad input from a user: a German message for them, an English one for the log."""

    def __init__(self, german: str, english: str) -> None:
        super().__init__(english)
        self.german = german


GERMAN_MESSAGES = {
    400: "Die Anfrage ist ungültig.",
    401: "Bitte melden Sie sich an.",
    403: "Dafür fehlt Ihnen die Berechtigung.",
    404: "Diese Seite gibt es nicht (mehr).",
    405: "Diese Aktion ist hier nicht möglich.",
    413: "Die gesendeten Daten sind zu groß.",
    414: "Die Adresse ist zu lang. Bitte stellen Sie eine lange Frage im Chat.",
    429: "Zu viele Versuche. Bitte warten Sie einen Moment.",
    500: "Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.",
    503: "Die Datenbank ist gerade nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.",
}

SEARCH_UNAVAILABLE = ("Die Suche ist gerade nicht verfügbar. Das Verzeichnis, die Karte und "
                      "die Seiten der Gremien und Einrichtungen sind weiter erreichbar.")


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message: str | None = None) -> tuple[Response | str, int]:
    """A German error for the user, as JSON or as the error page."""
    text = message or GERMAN_MESSAGES.get(status, GERMAN_MESSAGES[500])
    if wants_json():
        return jsonify({"error": {"status": status, "message": text}}), status
    return render_template("error.html", status=status, message=text), status


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def handle_not_found(exc: NotFound) -> tuple[Response | str, int]:
        return error_response(404)

    @app.errorhandler(GraphUnavailable)
    def handle_unavailable(exc: GraphUnavailable) -> tuple[Response | str, int]:
        log.error("Neo4j unavailable while serving %s: %s", request.path, exc)
        return error_response(503)

    @app.errorhandler(EmbedderUnavailable)
    def handle_embedder(exc: EmbedderUnavailable) -> tuple[Response | str, int]:
        log.error("Search unavailable on %s: %s", request.path, exc)
        return error_response(503, SEARCH_UNAVAILABLE)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError) -> tuple[Response | str, int]:
        log.warning("CSRF check failed on %s: %s", request.path, exc.description)
        return error_response(
            400, "Das Formular ist abgelaufen oder ungültig. Bitte laden Sie die Seite neu."
        )

    @app.errorhandler(InvalidInput)
    def handle_invalid_input(exc: InvalidInput) -> tuple[Response | str, int]:
        log.info("Rejected input on %s: %s", request.path, exc)
        return error_response(400, exc.german)

    @app.errorhandler(Refused)
    def handle_refused(exc: Refused) -> tuple[Response | str, int]:
        log.info("Refused a write on %s: %s", request.path, exc)
        return error_response(400, exc.german)

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> Response:
        response = app.make_response(error_response(exc.code or 500))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> tuple[Response | str, int]:
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)
