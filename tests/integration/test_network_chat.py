"""The chat answers about gremien, institutions, departments and places from the graph."""

from __future__ import annotations

import pytest

from tests.integration.test_search import chat, search

pytestmark = pytest.mark.integration


def first(body: dict) -> tuple[str, str]:
    return body["results"][0]["type"], body["results"][0]["id"]


def test_when_a_gremium_meets_and_who_is_in_it(client, reader_graph):
    body = chat(client, "Wann tagt das Sozialraumgremium Osterfeld?")
    assert first(body) == ("gremium", "sozialraumgremium-osterfeld")
    rhythm = reader_graph.read("MATCH (g:Gremium {id: 'sozialraumgremium-osterfeld'}) "
                               "RETURN g.meeting_rhythm AS r")[0]["r"]
    assert rhythm in body["answer"]
    assert "Der nächste Termin ist nicht eingetragen" in body["answer"]
    assert body["results"][0]["url"] == "/gremien/sozialraumgremium-osterfeld"

    follow = chat(client, "Und wer ist da Mitglied?", body["conversation"])
    assert first(follow) == ("gremium", "sozialraumgremium-osterfeld")
    members = [r["n"] for r in reader_graph.read(
        "MATCH (i:Institution)-[:MEMBER_OF]->(:Gremium {id: 'sozialraumgremium-osterfeld'}) "
        "RETURN i.name AS n")]
    assert members and any(name in follow["answer"] for name in members)


def test_the_gremium_of_a_place_and_its_coordination(client, reader_graph):
    body = chat(client, "Wer koordiniert das Gremium in Sterkrade-Nord?")
    assert first(body) == ("gremium", "sozialraumgremium-sterkrade-nord")
    coordinator = reader_graph.read(
        "MATCH (i:Institution)-[m:MEMBER_OF]->(:Gremium {id: 'sozialraumgremium-sterkrade-nord'}) "
        "WHERE m.role STARTS WITH 'Koordin' RETURN i.name AS n")[0]["n"]
    assert f"Die Koordination hat {coordinator}" in body["answer"]


def test_how_to_reach_an_institution(client, reader_graph):
    body = chat(client, "Wie erreiche ich die Lore?")
    assert first(body) == ("institution", "lore")
    record = reader_graph.read("MATCH (i:Institution {id: 'lore'}) RETURN i.phone AS p, "
                               "i.email AS e")[0]
    assert (record["p"] or record["e"]) in body["answer"]
    again = chat(client, "Und welche Angebote gibt es dort?", body["conversation"])
    assert first(again) == ("institution", "lore")


def test_membership_is_answered_yes_or_no(client):
    yes = chat(client, "Ist das FZ Ruhrwerkstatt im Sozialraumgremium Mitte/Styrum?")
    assert yes["answer"].startswith("Ja, Familienzentrum Ruhrwerkstatt")
    no = chat(client, "Ist die Lore im Sozialraumgremium Sterkrade-Nord?")
    assert no["answer"].startswith("Nein,")


def test_which_department_is_responsible(client, reader_graph):
    body = chat(client, "Welcher Bereich ist für Frühe Hilfen zuständig?")
    department = reader_graph.read(
        "MATCH (:Offer {id: 'fruehe-hilfen-oberhausen'})-[:RESPONSIBLE]->(d) RETURN d.id AS id, "
        "d.name AS name")[0]
    assert first(body) == ("department", department["id"])
    assert department["name"] in body["answer"]
    assert body["results"][0]["url"] == f"/bereiche/{department['id']}"
    page = client.get(body["results"][0]["url"])
    assert page.status_code == 200 and department["name"] in page.get_data(as_text=True)


def test_a_place_in_short_and_a_question_back(client):
    body = chat(client, "Was gibt es in Holten?")
    assert first(body) == ("sozialraum", "sterkrade-nord")
    assert "Sozialraumgremium Sterkrade-Nord" in body["answer"]
    assert body["answer"].endswith("?")


def test_a_gremium_that_does_not_exist_is_answered_honestly(client):
    body = chat(client, "Wann tagt der Arbeitskreis Weltraumfahrt in Holten?")
    assert body["results"] == [] and body["no_good_match"] is True
    assert "nicht eingetragen" in body["answer"]


def test_a_department_number_that_does_not_exist_is_answered_honestly(client):
    body = chat(client, "Was macht der Bereich 9-9 Weltraum?")
    assert body["results"] == []
    assert "Einen Bereich 9-9 gibt es im Verzeichnis nicht" in body["answer"]


def test_a_gremium_named_in_full_wins_over_the_topic_its_name_reads_as(client):
    body = chat(client, "Wer koordiniert die Präventionskette kinderstark?")
    assert first(body) == ("gremium", "praeventionskette-kinderstark")


def test_the_search_api_types_every_result(client):
    network = search(client, "Wann tagt das Sozialraumgremium Osterfeld?")
    assert network["results"][0]["type"] == "gremium" and network["answer"]
    offers = search(client, "Schuldnerberatung in Sterkrade")
    assert offers["results"] and all(r["type"] == "offer" for r in offers["results"])
    assert offers["answer"] is None


def test_the_provider_of_an_institution_and_its_offers_as_cards(client, reader_graph):
    body = chat(client, "Wer ist Träger des Quartiersbüros Osterfeld?")
    assert first(body) == ("institution", "quartiersbuero-osterfeld")
    record = reader_graph.read(
        "MATCH (i:Institution {id: 'quartiersbuero-osterfeld'}) "
        "RETURN i.provider AS provider, [(o:Offer)-[:OFFERED_BY]->(i) | o.id] AS offers")[0]
    assert f"Träger: {record['provider']}" in body["answer"]
    assert ".." not in body["answer"]  # "… e.V." ends its own sentence
    offers = [r for r in body["results"] if r["type"] == "offer"]
    assert {r["id"] for r in offers} <= set(record["offers"]) and offers
    assert offers[0]["url"] == f"/angebote/{offers[0]['id']}"


def test_a_follow_up_asks_for_the_last_departments_offers(client, reader_graph):
    body = chat(client, "Zu welchem Bereich gehört der Sozialpsychiatrische Dienst?")
    kind, department = first(body)
    assert kind == "department"
    follow = chat(client, "Was bietet der Bereich sonst noch an?", body["conversation"])
    assert first(follow) == ("department", department)
    titles = [r["t"] for r in reader_graph.read(
        "MATCH (o:Offer)-[:RESPONSIBLE]->(:Department {id: $id}) RETURN o.title AS t",
        id=department)]
    assert titles and any(title in follow["answer"] for title in titles)


def test_a_round_table_of_another_name_is_not_passed_off_as_a_known_one(client):
    body = chat(client, "Runder Tisch Kinderarmut Sterkrade – wann ist das nächste Treffen?")
    assert not [r for r in body["results"] if r["type"] == "gremium"]
    assert "nicht eingetragen" in body["answer"]


def test_a_place_asked_for_its_sozialindex(client, reader_graph):
    body = chat(client, "Wie steht der Oberhausener Norden beim Sozialindex da?")
    kind, sozialraum = first(body)
    assert kind == "sozialraum"
    index = reader_graph.read("MATCH (s:Sozialraum {id: $id}) RETURN s.sozialindex_class AS c",
                              id=sozialraum)[0]["c"]
    assert f"Sozialindex: {index}" in body["answer"]
