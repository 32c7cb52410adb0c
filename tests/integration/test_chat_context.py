"""How a chat turn relates to the conversation before it: narrowing, pointing back, a new
topic, and a required constraint that the fitting offers' records leave open."""

from __future__ import annotations

import pytest

from tests.integration.test_search import chat, search

pytestmark = pytest.mark.integration


def ids(body: dict, kind: str) -> set[str]:
    return {concept["id"] for concept in body["understood"][kind]}


def test_a_turn_without_a_topic_narrows_the_need(client):
    first = chat(client, "Wohnungslos – wo kann jemand hin?")
    assert ids(first, "topics")
    women = chat(client, "speziell für Frauen", first["conversation"])
    assert ids(first, "topics") <= ids(women, "topics"), "the need of the first turn is kept"
    assert "frauen" in ids(women, "target_groups")
    walk_in = chat(client, "am besten ohne Termin", women["conversation"])
    assert ids(first, "topics") <= ids(walk_in, "topics")
    assert "ohne_termin" in walk_in["understood"]["flags"]
    assert walk_in["results"] and not walk_in["no_good_match"]


def test_a_turn_that_points_back_keeps_the_need(client):
    first = chat(client, "Ich suche Hilfe wegen meiner Schulden.")
    online = chat(client, "Geht das auch online, ohne dass ich meinen Namen sagen muss?",
                  first["conversation"])
    assert ids(first, "topics") <= ids(online, "topics")
    assert "anonym" in online["understood"]["flags"]
    assert online["results"]


def test_a_new_topic_is_a_new_need_in_the_same_place(client):
    first = chat(client, "Ich suche eine Schuldnerberatung in Sterkrade")
    courses = chat(client, "Gibt es auch Sprachkurse für meine Frau?", first["conversation"])
    assert not ids(first, "topics") & ids(courses, "topics"), "the debts are not asked again"
    assert courses["understood"]["sozialraeume"] == first["understood"]["sozialraeume"]
    assert courses["results"]


def test_after_offers_a_question_about_the_gremium_there_means_the_place(client):
    first = chat(client, "Angebote für Senioren in Osterfeld")
    gremium = chat(client, "Wer koordiniert das Gremium dort?", first["conversation"])
    assert (gremium["results"][0]["type"], gremium["results"][0]["id"]) == (
        "gremium", "sozialraumgremium-osterfeld")


def test_a_required_constraint_that_fitting_offers_leave_open_is_said_so(client):
    first = chat(client, "Wir suchen Hilfe bei Schulden")
    place = chat(client, "in Osterfeld", first["conversation"])
    free = chat(client, "nur kostenlose bitte", place["conversation"])
    assert ids(first, "topics") <= ids(free, "topics")
    assert free["results"] and free["confidence"] == "sicher"
    assert all(r["free"] is not False for r in free["results"]), "a recorded no stays out"
    # The seed's debt counselling leaves "kostenlos" open: the answer shows it and says so.
    assert free["unconfirmed"] == ["kostenlos"]
    assert any(r["free"] is None for r in free["results"])
    assert "nachfragen" in free["answer"]


def test_the_free_filter_shows_open_offers_only_with_a_note(client):
    body = search(client, "Schuldnerberatung", kostenlos="1")
    assert body["results"]
    assert all(r["free"] is not False for r in body["results"])
    if body["unconfirmed"]:
        assert body["unconfirmed"] == ["kostenlos"]
        assert any(r["free"] is None for r in body["results"])
    else:
        assert all(r["free"] is True for r in body["results"])
    page = client.get("/suche", query_string={"q": "Schuldnerberatung", "kostenlos": "1"})
    text = page.get_data(as_text=True)
    assert ("bitte" in text and "nachfragen" in text) == bool(body["unconfirmed"])


def test_a_long_case_that_names_an_institution_in_passing_asks_for_offers(client):
    body = chat(client, "Ein 20-jähriger Klient ist vor drei Wochen bei seiner Mutter "
                        "rausgeflogen und schläft seitdem mal bei Freunden, mal draußen. Er "
                        "hat kaum Geld für Essen, und seinen Termin beim Jobcenter hat er "
                        "verpasst, weil die Briefe an die alte Adresse gehen.")
    assert body["results"]
    assert body["results"][0]["type"] == "offer"
    short = chat(client, "Jobcenter Adresse")
    assert short["results"][0]["type"] == "institution"
