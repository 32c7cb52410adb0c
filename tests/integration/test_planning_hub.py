"""The planners' hub: they land on /planung after login, it links every planning
instrument, the instruments link back to it, and the Bekanntheit form takes offers by
name."""

from __future__ import annotations

import pytest

from graph.users import create_user
from tests.integration.test_manage import PASSWORD, csrf

pytestmark = pytest.mark.integration

EVENT_FORM = "/planung/bekanntheit/veranstaltung"


@pytest.fixture
def planner(client, seeded_graph):
    create_user(seeded_graph, "planer@example.org", PASSWORD, "planner")
    response = client.post("/login", data={"email": "planer@example.org", "password": PASSWORD,
                                           "csrf_token": csrf(client)})
    assert response.status_code == 302
    return response


def test_planners_land_on_the_hub_that_links_every_instrument(client, planner):
    assert planner.headers["Location"].endswith("/planung/")
    hub = client.get("/planung/").get_data(as_text=True)
    for path in ("/planung/empfehlungen", "/planung/massnahmen", "/planung/controlling"):
        assert f'href="{path}"' in hub, path
    for path in ("/planung/empfehlungen", "/planung/massnahmen"):
        page = client.get(path).get_data(as_text=True)
        assert "← Planung" in page and "← Verwalten" not in page, path


def test_a_dialogue_names_offers_by_their_name(client, planner, seeded_graph):
    offer = seeded_graph.read(
        "MATCH (o:Offer) WHERE o.title STARTS WITH 'Schuldner- und Verbraucherinsolvenz' "
        "RETURN o.id AS id")[0]["id"]
    form = client.get(EVENT_FORM).get_data(as_text=True)
    assert "Kennung" not in form
    response = client.post(EVENT_FORM, data={
        "csrf_token": csrf(client, EVENT_FORM), "title": "Expert*innendialog Mitte",
        "date": "2026-10-26", "sozialraum": "osterfeld",
        "votes-0-offer": "Schuldnerberatung Diakonie", "votes-0-yes": "4", "votes-0-no": "6"})
    assert response.status_code == 302, response.get_data(as_text=True)
    votes = seeded_graph.read("MATCH (:Event)-[p:PRESENTED]->(o:Offer) RETURN o.id AS id")
    assert [v["id"] for v in votes] == [offer]


def test_an_ambiguous_offer_name_lists_the_candidates(client, planner, seeded_graph):
    response = client.post(EVENT_FORM, data={
        "csrf_token": csrf(client, EVENT_FORM), "title": "Expert*innendialog",
        "date": "2026-10-26", "sozialraum": "osterfeld",
        "votes-0-offer": "Beratung", "votes-0-yes": "1", "votes-0-no": "1"})
    assert response.status_code == 400
    assert "passt auf mehrere Angebote" in response.get_data(as_text=True)
    assert seeded_graph.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 0
