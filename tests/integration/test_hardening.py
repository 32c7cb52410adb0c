"""Findings of the probe in issue 12 that need the real app: bad input gets a 400 and not a
500, a password check is limited, logged-in pages are not cached, the audit trail names
only what changed, and every form message is German."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from graph.editing import current_state
from tests.integration.test_manage import csrf, login, people  # noqa: F401 - a fixture
from webapp.search_views import get_codec

pytestmark = pytest.mark.integration


# --- finding 5: a lone surrogate and deep nesting -------------------------------------


def test_a_lone_surrogate_in_a_chat_message_is_a_400(client):
    body = '{"message": "\\ud800 Schulden"}'  # valid JSON, not valid Unicode text
    response = client.post("/api/v1/chat", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "ungültige Zeichen" in response.get_json()["error"]["message"]


def test_deeply_nested_json_is_a_400(client):
    body = '{"message": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/api/v1/chat", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["status"] == 400


# --- finding 6: a signed token with a state of another format ------------------------


@pytest.mark.parametrize("state", [
    {"places": "x", "turns": "abc"},
    {"places": [["sozialraum"]]},
    {"target_groups": [1, 2]},
    {"entity": "gremium"},
    {"turns": 2, "history": "x"},
])
def test_a_signed_but_malformed_conversation_is_refused_like_an_expired_one(app, client,
                                                                             state):
    with app.app_context():
        token = get_codec().dump(state)
    api = client.post("/api/v1/chat", json={"message": "Und in Sterkrade?",
                                            "conversation": token})
    assert api.status_code == 400
    assert "abgelaufen oder ungültig" in api.get_json()["error"]["message"]
    page = client.post("/chat", data={"message": "Und in Sterkrade?", "conversation": token,
                                      "csrf_token": csrf(client, "/")})
    assert page.status_code == 200  # the page starts a new conversation


# --- finding 9: guessing the current password ----------------------------------------


def test_the_current_password_check_is_rate_limited(client, people):  # noqa: F811
    login(client, "koordination@example.org")
    token = csrf(client, "/verwalten/passwort")
    statuses = [client.post("/verwalten/passwort", data={
        "csrf_token": token, "current": f"falsch-geraten-{i:04d}", "new": "neues-passwort-456",
        "repeat": "neues-passwort-456"}).status_code for i in range(7)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]


# --- finding 10: no caching of pages for logged-in users -----------------------------


def test_pages_for_logged_in_users_are_not_stored(client, people):  # noqa: F811
    assert "no-store" not in client.get("/gremien").headers.get("Cache-Control", "")
    login(client, "planung@example.org")
    for path in ("/verwalten/konten", "/verwalten/", "/gremien"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


# --- finding 7: the audit trail names only the changed fields ------------------------


class _Form(HTMLParser):
    """The values a browser would send for the first form with a `version` field."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.values.append((a["name"], a.get("value", "y")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.values.append((self._textarea or "", ""))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values.append((self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            name, text = self.values[-1]
            self.values[-1] = (name, text + data)


def test_editing_only_the_hours_records_only_the_hours(client, people, seeded_graph):  # noqa: F811
    login(client, "einrichtung@example.org")
    page = f"/verwalten/angebote/{people['offer']}"
    parser = _Form()
    parser.feed(client.get(page).get_data(as_text=True))
    values = [(k, v) for k, v in parser.values if k != "hours"]
    values.append(("hours", "Mo–Fr 9–12 Uhr (neu)"))
    response = client.post(page, data=_multi(values))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    change = seeded_graph.read(
        "MATCH (c:Change {target_id: $id}) RETURN c.before_json AS before, "
        "c.after_json AS after ORDER BY c.at DESC LIMIT 1", id=people["offer"])[0]
    assert list(json.loads(change["after"])) == ["hours"]
    assert list(json.loads(change["before"])) == ["hours"]
    assert current_state(seeded_graph, "offer", people["offer"])["hours"].endswith("(neu)")


def _multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    data: dict[str, list[str]] = {}
    for key, value in pairs:
        data.setdefault(key, []).append(value)
    return data


# --- finding 13: German form messages ------------------------------------------------


def test_an_unknown_choice_in_the_account_form_is_explained_in_german(client, people):  # noqa: F811
    login(client, "planung@example.org")
    response = client.post("/verwalten/konten", data={
        "csrf_token": csrf(client, "/verwalten/konten"), "email": "neu@example.org",
        "role": "coordinator", "gremien": ["gibt-es-nicht"], "password": "x" * 12})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "keine gültige Auswahl" in html and "is not a valid choice" not in html


# --- finding 11: what the API says matches what it does -----------------------------


def test_a_wrong_method_names_the_allowed_ones(client):
    response = client.get("/api/v1/chat")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"].split(", ")
    assert response.get_json()["error"]["status"] == 405


def test_a_too_long_url_gets_a_german_414(client):
    response = client.get("/api/v1/search", query_string={"q": "Schulden " * 500})
    assert response.status_code == 414
    assert "zu lang" in response.get_json()["error"]["message"]
    assert client.get("/suche", query_string={"q": "x" * 4100}).status_code == 414


def test_the_filters_allowed_values_come_from_the_graph(client, reader_graph):
    parameters = client.get("/api/v1/openapi.json").get_json()["components"]["parameters"]
    topics = {r["id"] for r in reader_graph.read("MATCH (t:Topic) RETURN t.id AS id")}
    assert set(parameters["thema"]["schema"]["enum"]) == {"", *topics}
    assert "" in parameters["zielgruppe"]["schema"]["enum"]
    assert "osterfeld" in parameters["sozialraum"]["schema"]["enum"]
    assert client.get("/api/v1/offers", query_string={"thema": ""}).status_code == 200
