"""A coordinator maintains their gremium in a real headless Chromium."""

from __future__ import annotations

import pytest

from graph.users import create_user

pytestmark = pytest.mark.e2e

PASSWORD = "ein-langes-passwort-123"
GREMIUM = "sozialraumgremium-osterfeld"


@pytest.fixture
def coordinator(seeded_graph):
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM])
    newcomer = seeded_graph.read(
        "MATCH (i:Institution) WHERE NOT (i)-[:MEMBER_OF]->(:Gremium {id: $g}) "
        "AND i.name STARTS WITH 'Familienzentrum' RETURN i.id AS id, i.name AS name "
        "ORDER BY i.name LIMIT 1", g=GREMIUM)[0]
    return newcomer


def test_coordinator_adds_a_member_and_sees_it_publicly(page, live_server, coordinator,
                                                        artifacts):
    page.goto(live_server + f"/verwalten/gremien/{GREMIUM}")
    assert "/login" in page.url  # anonymous: sent to the login first
    page.get_by_label("E-Mail").fill("koordination@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(f"**/verwalten/gremien/{GREMIUM}")

    assert "Kennung" not in page.content()  # a name search, no ids to copy
    search = page.get_by_label("Einrichtung", exact=True)
    search.fill(coordinator["name"][:18])
    option = page.locator("#institution-options option").first
    option.wait_for(state="attached")
    search.fill(option.get_attribute("value"))
    search.dispatch_event("input")
    chosen = page.locator('#add-member input[name="institution_id"]')
    assert chosen.input_value() == coordinator["id"]
    page.get_by_role("button", name="Hinzufügen").click()
    page.get_by_text("Die Einrichtung ist jetzt Mitglied.").wait_for()
    page.screenshot(path=str(artifacts / "manage-gremium.png"), full_page=True)

    page.goto(live_server + f"/gremien/{GREMIUM}")
    assert page.get_by_role("link", name=coordinator["name"]).count() == 1
