"""A coordinator's members: added by name (no ids), role changed in place, removed only
after a confirmation page."""

from __future__ import annotations

import pytest

from graph.editing import current_state
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, csrf, form_fields, login

pytestmark = pytest.mark.integration

GREMIUM = "sozialraumgremium-osterfeld"
PAGE = f"/verwalten/gremien/{GREMIUM}"


@pytest.fixture
def coordinator(client, seeded_graph):
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM])
    login(client, "koordination@example.org")
    return client


def _members(graph):
    return {m["institution"]: m for m in current_state(graph, "gremium", GREMIUM)["members"]}


def _version(client):
    return form_fields(client.get(PAGE).get_data(as_text=True))["version"]


def test_the_form_asks_for_a_name_not_an_id(coordinator):
    html = coordinator.get(PAGE).get_data(as_text=True)
    assert "Kennung" not in html
    assert '<label for="institution">Einrichtung</label>' in html


def test_a_member_is_added_by_its_name(coordinator, seeded_graph):
    newcomer = seeded_graph.read(
        "MATCH (i:Institution) WHERE NOT (i)-[:MEMBER_OF]->(:Gremium {id: $g}) "
        "AND i.name STARTS WITH 'Familienzentrum' RETURN i.id AS id, i.name AS name "
        "ORDER BY i.name LIMIT 1", g=GREMIUM)[0]
    response = coordinator.post(PAGE + "/mitglieder", data={
        "csrf_token": csrf(coordinator, PAGE), "version": _version(coordinator),
        "institution": newcomer["name"], "role": "Gast"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _members(seeded_graph)[newcomer["id"]]["role"] == "Gast"


def test_removal_asks_first_and_names_the_institution(coordinator, seeded_graph):
    member = next(iter(_members(seeded_graph)))
    page = coordinator.get(PAGE).get_data(as_text=True)
    link = f"{PAGE}/mitglieder/{member}/entfernen"
    assert f'href="{link}"' in page
    assert 'value="Entfernen"' not in page  # no button that acts at once
    confirm = coordinator.get(link).get_data(as_text=True)
    assert "Mitglied entfernen?" in confirm and "Nein, zurück" in confirm
    assert member in _members(seeded_graph)  # asking changed nothing
    fields = form_fields(confirm)
    response = coordinator.post(PAGE + "/mitglieder/entfernen", data={
        "csrf_token": fields["csrf_token"], "version": fields["version"],
        "institution": member})
    assert response.status_code == 302
    assert member not in _members(seeded_graph)


def test_a_members_role_can_be_changed(coordinator, seeded_graph):
    member, before = next(iter(_members(seeded_graph).items()))
    role = "Sprecher*in" if before.get("role") != "Sprecher*in" else "Gast"
    response = coordinator.post(PAGE + "/mitglieder/rolle", data={
        "csrf_token": csrf(coordinator, PAGE), "version": _version(coordinator),
        "institution": member, "role": role})
    assert response.status_code == 302, response.get_data(as_text=True)
    after = _members(seeded_graph)[member]
    assert after["role"] == role and after.get("since") == before.get("since")
