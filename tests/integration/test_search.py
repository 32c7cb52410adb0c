"""Search and chat through the real app and the real graph."""

from __future__ import annotations

import pytest

from webapp.search_views import get_service

pytestmark = pytest.mark.integration


def search(client, question, **params):
    response = client.get("/api/v1/search", query_string={"q": question, **params})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def chat(client, message, conversation=None):
    response = client.post("/api/v1/chat", json={"message": message,
                                                 "conversation": conversation})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def in_place(result, sozialraeume):
    return result["citywide"] or bool(set(sozialraeume) & set(result["sozialraeume"]))


def test_search_answers_with_the_documented_shape(client):
    body = search(client, "Welche Angebote gibt es für Alleinerziehende in Osterfeld?")
    assert body["query"].startswith("Welche Angebote")
    assert body["understood"]["places"] == [
        {"type": "bezirk", "id": "osterfeld", "name": "Osterfeld", "sozialraeume": ["osterfeld"]}
    ] or body["understood"]["sozialraeume"] == ["osterfeld"]
    assert [t["id"] for t in body["understood"]["target_groups"]] == ["alleinerziehende"]
    assert body["results"] and not body["no_good_match"]
    first = body["results"][0]
    assert {"id", "title", "provider", "sozialraeume", "citywide", "score", "url", "why"} <= set(
        first)
    assert any(w.startswith("Zielgruppe") for w in first["why"])


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("Beratung in Osterfeld", ["osterfeld"]),
        ("Familienzentrum im Knappenviertel", ["oberhausen-ost"]),
        ("Angebote für Kinder in Sterkrade", ["sterkrade-mitte", "sterkrade-nord"]),
        ("Seniorentreff 46049", ["alstaden-lirich"]),
    ],
)
def test_results_never_come_from_another_sozialraum(client, question, places):
    body = search(client, question, limit=50)
    assert set(body["understood"]["sozialraeume"]) == set(places)
    assert body["results"]
    for result in body["results"]:
        assert in_place(result, places), result


def test_explicit_filters_narrow_the_search(client):
    body = search(client, "Beratung", sozialraum="sterkrade-nord", kostenlos="1", limit=50)
    assert "kostenlos" in body["understood"]["flags"]
    for result in body["results"]:
        assert in_place(result, ["sterkrade-nord"]) and result["free"] is True


@pytest.mark.parametrize(
    "question", ["Wo kann ich einen Reisepass beantragen?", "Fahrradreparatur",
                 "Baugenehmigung für einen Carport"],
)
def test_out_of_scope_questions_get_an_honest_no_match(client, question):
    body = search(client, question)
    assert body["no_good_match"] is True
    assert body["results"] == []


def test_a_question_about_another_city_is_answered_as_outside_the_directory(client):
    # The seed has Tafel offers; Bottrop's are not Oberhausen's.
    body = search(client, "Wann hat die Tafel in Bottrop Ausgabe?")
    assert body["understood"]["elsewhere"] == ["Bottrop"]
    assert body["no_good_match"] is True and body["results"] == []
    reply = chat(client, "Wann hat die Tafel in Bottrop Ausgabe?")
    assert reply["results"] == [] and "nur Angebote in Oberhausen" in reply["answer"]
    here = search(client, "Wann hat die Tafel in Osterfeld Ausgabe?")
    assert any("Tafel" in r["title"] for r in here["results"])


def test_no_match_in_a_place_suggests_other_sozialraeume(client, reader_graph):
    # The Frauenhaus is city-wide; a Tafel exists only in some Sozialräume.
    tafel_places = {r["s"] for r in reader_graph.read(
        "MATCH (o:Offer)-[:AVAILABLE_IN]->(s:Sozialraum) WHERE o.title CONTAINS 'Tafel' "
        "RETURN DISTINCT s.id AS s")}
    missing = sorted({"mitte-styrum", "alstaden-lirich", "oberhausen-ost", "osterfeld",
                      "sterkrade-mitte", "sterkrade-nord"} - tafel_places)
    assert missing, "every Sozialraum has a Tafel; pick another planted case"
    name = reader_graph.read("MATCH (s:Sozialraum {id: $id}) RETURN s.name AS n",
                             id=missing[0])[0]["n"]
    body = search(client, f"Tafel in {name}")
    titles = [r["title"] for r in body["results"]]
    assert not any("Tafel" in t for t in titles)
    if body["no_good_match"]:
        assert body["alternatives"]
        assert all(set(a["sozialraeume"]) & tafel_places for a in body["alternatives"])


def test_chat_keeps_context_over_three_turns(client):
    first = chat(client, "Angebote für Senioren in Osterfeld")
    assert first["results"] and not first["no_good_match"]
    assert all(in_place(r, ["osterfeld"]) for r in first["results"])

    second = chat(client, "Und in Sterkrade?", first["conversation"])
    assert [t["id"] for t in second["understood"]["target_groups"]] == ["seniorinnen-senioren"]
    assert set(second["understood"]["sozialraeume"]) == {"sterkrade-mitte", "sterkrade-nord"}
    assert second["results"]
    assert all(in_place(r, ["sterkrade-mitte", "sterkrade-nord"]) for r in second["results"])

    third = chat(client, "nur kostenlose", second["conversation"])
    assert "kostenlos" in third["understood"]["flags"]
    assert set(third["understood"]["sozialraeume"]) == {"sterkrade-mitte", "sterkrade-nord"}
    assert [t["id"] for t in third["understood"]["target_groups"]] == ["seniorinnen-senioren"]
    assert all(r["free"] is True for r in third["results"])
    assert "kostenlos" in third["answer"]


def test_vague_question_is_answered_with_a_question(client):
    body = chat(client, "Was gibt es in Osterfeld?")
    assert body["vague"] is True
    # The Sozialraum in short, then the question back.
    assert "Sozialraumgremium Osterfeld" in body["answer"]
    assert body["answer"].endswith("Für welche Zielgruppe oder zu welchem Thema suchen Sie "
                                   "ein Angebot in Osterfeld?")
    assert "Alleinerziehende" in body["follow_up"]
    follow = chat(client, "Alleinerziehende", body["conversation"])
    assert follow["understood"]["sozialraeume"] == ["osterfeld"]
    assert follow["results"]


def test_chat_says_honestly_when_nothing_fits(client):
    body = chat(client, "Wo kann ich meinen Führerschein umschreiben lassen?")
    assert body["no_good_match"] is True and body["results"] == []
    assert "kein passendes Angebot" in body["answer"]


def test_every_search_leaves_an_anonymous_unmet_need_signal(app, client, seeded_graph):
    search(client, "Fahrradreparatur in Osterfeld")
    search(client, "Schuldnerberatung in Osterfeld")
    with app.app_context():  # the events are written in the background
        assert get_service().events.flush()
    events = seeded_graph.read(
        "MATCH (e:SearchEvent) RETURN properties(e) AS e ORDER BY e.good_match"
    )
    assert len(events) == 2
    unanswered, answered = (r["e"] for r in events)
    assert unanswered["good_match"] is False and answered["good_match"] is True
    assert unanswered["sozialraeume"] == ["osterfeld"]
    assert "schulden" in answered["topics"]
    keys = set(unanswered)
    assert keys == {"id", "day", "channel", "sozialraeume", "target_groups", "topics", "flags",
                    "results", "good_match"}  # no question text, no time of day, no client


@pytest.mark.parametrize(
    ("request_kwargs", "fragment"),
    [
        ({"query_string": {"q": ""}}, "Bitte geben Sie eine Frage ein"),
        ({"query_string": {"q": "x" * 2000}}, "kürzer"),
        ({"query_string": {"q": "Kita", "limit": "0"}}, "limit"),
        ({"query_string": {"q": "Kita", "sozialraum": "mars"}}, "Sozialraum"),
        ({"query_string": {"q": "Kita", "mode": "magic"}}, "mode"),
    ],
)
def test_bad_search_input_is_a_clear_400(client, request_kwargs, fragment):
    response = client.get("/api/v1/search", **request_kwargs)
    assert response.status_code == 400
    assert fragment in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"message": ""}, "Bitte geben Sie eine Frage ein"),
        ({"message": 42}, "als Text"),
        ({"message": "x" * 2000}, "kürzer"),
        ({"message": "Kita", "conversation": 7}, "conversation"),
        ({"message": "Kita", "conversation": "gefälscht.token"}, "abgelaufen oder ungültig"),
        (["Kita"], "JSON-Objekt"),
    ],
)
def test_bad_chat_input_is_a_clear_400(client, body, fragment):
    response = client.post("/api/v1/chat", json=body)
    assert response.status_code == 400
    assert fragment in response.get_json()["error"]["message"]


def test_chat_api_requires_json(client):
    response = client.post("/api/v1/chat", data={"message": "Kita"})
    assert response.status_code == 400
    assert "JSON" in response.get_json()["error"]["message"]


def test_chat_page_works_without_javascript(client):
    page = client.get("/")
    html = page.get_data(as_text=True)
    token = html.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/chat", data={"message": "Schuldnerberatung in Sterkrade",
                                          "csrf_token": token, "conversation": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Gesucht:" in html and 'class="card result"' in html
    conversation = html.split('name="conversation" value="')[1].split('"')[0]
    assert conversation


def test_chat_form_without_csrf_token_is_refused(client, seeded_graph):
    response = client.post("/chat", data={"message": "Kita"})
    assert response.status_code == 400
    assert "Formular ist abgelaufen" in response.get_data(as_text=True)
    assert seeded_graph.read("MATCH (e:SearchEvent) RETURN count(e) AS n")[0]["n"] == 0


def test_openapi_document_is_served(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/search", "/chat", "/offers", "/sozialraeume"} <= set(spec["paths"])


def test_a_narrative_question_is_answered_from_its_situation(client):
    body = search(client, "Bei der Familie ist am Monatsende der Kühlschrank leer")
    assert not body["no_good_match"]
    assert any("Tafel" in r["title"] or "Gleis 51" in r["title"] for r in body["results"][:3])


def test_a_question_with_several_needs_is_answered_need_by_need(client):
    body = search(client, "Mutter hat Schulden und der Vermieter will sie rauswerfen")
    titles = [r["title"] for r in body["results"][:5]]
    assert not body["no_good_match"]
    assert any("Schuldner" in t or "Wohnungslos" in t for t in titles), titles


@pytest.mark.parametrize(
    "question", ["Mein Klient will seinen Reisepass verlängern, weil er im Sommer verreist",
                 "Wo beantragen Eltern das Kindergeld?",
                 "Reiseimpfung beim Gesundheitsamt vor einer Auslandsreise"],
)
def test_out_of_scope_narratives_and_applications_stay_no_match(client, question):
    body = search(client, question)
    assert body["no_good_match"] is True and body["results"] == []


def test_a_language_named_in_the_offer_text_counts(client):
    body = search(client, "Kinderbücher auf Persisch ausleihen")
    assert "sprache:fa" in body["understood"]["flags"]
    assert any("Zentralbibliothek" in r["title"] for r in body["results"])


def test_an_offer_for_the_main_need_is_not_turned_away_by_extra_words(client):
    body = search(client, "Ich trinke zu viel und will endlich aufhören")
    assert not body["no_good_match"] and body["confidence"] in ("sicher", "vielleicht")
    assert any("Sucht" in r["title"] for r in body["results"][:3])


@pytest.mark.parametrize(
    "question", ["Hundesteuer anmelden",
                 "Möbel für die erste eigene Wohnung – gibt es eine Möbelbörse?"],
)
def test_the_decision_keeps_out_of_scope_questions_unanswered(client, question):
    body = search(client, question)
    assert body["no_good_match"] is True and body["results"] == []
    assert body["confidence"] is None


def test_a_misspelt_short_place_after_a_preposition_and_the_city_s_own_city(client):
    holten = search(client, "Lebensmittelausgabe in Holtn")
    assert holten["understood"]["sozialraeume"] == ["sterkrade-nord"]
    city = search(client, "Familienzentrum in der Oberhausener City")
    assert city["understood"]["sozialraeume"] == ["mitte-styrum"]
