"""The coordinator's dashboard: each offer not verified for a year comes with what the
coordinator can do about it (ask the institution, mark it for the next meeting)."""

from __future__ import annotations

import re

import pytest

from graph.editing import current_state
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, login

pytestmark = pytest.mark.integration

GREMIUM = "sozialraumgremium-osterfeld"


def _rows(html):
    table = html.split('id="ungeprueft"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)


def test_every_unverified_offer_has_actions_and_can_be_marked(client, seeded_graph):
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM])
    login(client, "koordination@example.org")
    rows = _rows(client.get("/verwalten/").get_data(as_text=True))
    assert rows
    for row in rows:
        assert "mailto:" in row or "Kontakt der Einrichtung" in row
        assert "Für die nächste Sitzung vormerken" in row
    first = rows[0]
    offer = re.search(r'name="offer" value="([^"]+)"', first).group(1)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', first).group(1)
    version = re.search(r'name="version" value="([^"]+)"', first).group(1)
    response = client.post(f"/verwalten/gremien/{GREMIUM}/vormerken",
                           data={"csrf_token": token, "version": version, "offer": offer})
    assert response.status_code == 302
    assert current_state(seeded_graph, "gremium", GREMIUM)["agenda"] == [offer]
    after = client.get("/verwalten/").get_data(as_text=True)
    assert "für die nächste Sitzung vorgemerkt" in after
    gremium_page = client.get(f"/verwalten/gremien/{GREMIUM}").get_data(as_text=True)
    assert "Für die nächste Sitzung vorgemerkt" in gremium_page
