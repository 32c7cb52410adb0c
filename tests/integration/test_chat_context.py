"""How a chat turn relates to the conversation before it: narrowing, pointing back, a new
topic, and a required constraint that the fitting offers' records leave open."""

from __future__ import annotations

import pytest

from tests.integration.test_search import chat, in_place, search

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


def test_a_turn_that_tells_more_of_the_case_stays_with_its_need(client):
    # The second turn names new topics (language, police) but asks for nothing: it says
    # more about the woman of the first turn, who still needs protection from violence.
    first = chat(client, "Eine Bekannte wird von ihrem Freund geschlagen.")
    more = chat(client, "Sie kann kaum Deutsch und traut sich nicht zur Polizei.",
                first["conversation"])
    assert any(r["title"].startswith(("Frauenhaus", "Frauenberatung"))
               for r in more["results"][:3]), [
        r["title"] for r in more["results"]]


def test_a_guessed_need_narrowed_to_a_place_keeps_what_it_found_there(client):
    # The need's answer is only a guess; narrowed to Osterfeld, the decision must not
    # refuse the need it already answered: the Osterfeld Tafel it found is still shown.
    first = chat(client, "Where can I get food if I don't have much money?")
    assert any("Osterfeld" in r["title"] for r in first["results"])
    there = chat(client, "I live in Osterfeld.", first["conversation"])
    assert there["understood"]["sozialraeume"] == ["osterfeld"]
    assert any("Tafel" in r["title"] and "Osterfeld" in r["title"]
               for r in there["results"]), [r["title"] for r in there["results"]]


def test_a_turn_in_words_outside_the_vocabulary_answered_better_alone_is_a_new_need(client):
    first = chat(client, "We just moved to Oberhausen from Poland with our son.")
    school = chat(client, "He is 8 and has no school place yet.", first["conversation"])
    courses = chat(client, "My wife and I also need German classes.", school["conversation"])
    assert any("Volkshochschule" in r["title"] for r in courses["results"][:3]), [
        r["title"] for r in courses["results"]]


def test_after_offers_a_question_about_the_gremium_there_means_the_place(client):
    first = chat(client, "Angebote für Senioren in Osterfeld")
    gremium = chat(client, "Wer koordiniert das Gremium dort?", first["conversation"])
    assert (gremium["results"][0]["type"], gremium["results"][0]["id"]) == (
        "gremium", "sozialraumgremium-osterfeld")


def test_a_required_constraint_narrows_the_offers_that_fit_the_need(client):
    first = chat(client, "Wir suchen Hilfe bei Schulden")
    place = chat(client, "in Osterfeld", first["conversation"])
    free = chat(client, "nur kostenlose bitte", place["conversation"])
    assert ids(first, "topics") <= ids(free, "topics")
    assert free["results"] and free["unconfirmed"] == []
    assert all(r["free"] is True for r in free["results"])
    topics = {c["name"] for c in first["understood"]["topics"]}
    # No offer that is merely free: each one is about what the first turn asked.
    assert all(any(name in line for line in r["why"] for name in topics)
               for r in free["results"]), [r["title"] for r in free["results"]]


def test_a_guess_narrowed_by_a_required_constraint_stays_a_guess_about_the_need(client):
    first = chat(client, "Angebote für Senioren")
    there = chat(client, "Und in Sterkrade?", first["conversation"])
    free = chat(client, "nur kostenlose", there["conversation"])
    assert free["results"], free["answer"]
    assert free["confidence"] == there["confidence"], "narrowing does not change certainty"
    if there["confidence"] == "vielleicht":
        assert len(free["results"]) <= len(there["results"])
    needs = {c["name"] for kind in ("target_groups", "topics")
             for c in first["understood"][kind]}
    assert all(any(name in line for line in r["why"] for name in needs)
               for r in free["results"]), [r["title"] for r in free["results"]]
    assert all(r["free"] is True for r in free["results"]) or free["unconfirmed"]
    assert all(in_place(r, ["sterkrade-mitte", "sterkrade-nord"])
               for r in free["results"])


def test_a_constraint_after_a_place_lists_the_offers_there_that_meet_it(client):
    place = chat(client, "Was gibt es in Osterfeld?")
    assert place["vague"] and place["results"][0]["type"] == "sozialraum"
    free = chat(client, "nur kostenlose", place["conversation"])
    assert free["results"] and all(r["type"] == "offer" for r in free["results"])
    assert all(r["free"] is True and in_place(r, ["osterfeld"]) for r in free["results"])


def test_a_required_constraint_the_fitting_offers_leave_open_is_said_so(client):
    # The seed's Frauenhaus and women's counselling leave "kostenlos" open.
    body = search(client, "Frauenhaus", kostenlos="1")
    assert body["unconfirmed"] == ["kostenlos"]
    assert body["results"] and "Frauenhaus" in body["results"][0]["title"]
    assert all(r["free"] is None for r in body["results"]), "a recorded no stays out"
    page = client.get("/suche", query_string={"q": "Frauenhaus", "kostenlos": "1"})
    assert "Als kostenlos eingetragen ist keines der passenden Angebote" in page.get_data(
        as_text=True)
    free_only = search(client, "Hilfe bei Sucht", kostenlos="1")
    assert free_only["results"] and free_only["unconfirmed"] == []
    assert all(r["free"] is True for r in free_only["results"])


def test_a_long_case_that_names_an_institution_in_passing_asks_for_offers(client):
    body = chat(client, "Ein 20-jähriger Klient ist vor drei Wochen bei seiner Mutter "
                        "rausgeflogen und schläft seitdem mal bei Freunden, mal draußen. Er "
                        "hat kaum Geld für Essen, und seinen Termin beim Jobcenter hat er "
                        "verpasst, weil die Briefe an die alte Adresse gehen.")
    assert body["results"]
    assert body["results"][0]["type"] == "offer"
    short = chat(client, "Jobcenter Adresse")
    assert short["results"][0]["type"] == "institution"
