"""The change log as a coordinator reads it: names, only what changed, memberships as
added/removed, German dates."""

from __future__ import annotations

import re

import pytest

from graph.users import create_user
from tests.integration.test_manage import PASSWORD, csrf, form_fields, login

pytestmark = pytest.mark.integration

GREMIUM = "sozialraumgremium-osterfeld"
PAGE = f"/verwalten/gremien/{GREMIUM}"


def test_the_log_names_institutions_and_shows_only_changed_fields(client, seeded_graph):
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM])
    login(client, "koordination@example.org")
    newcomer = seeded_graph.read(
        "MATCH (i:Institution) WHERE NOT (i)-[:MEMBER_OF]->(:Gremium {id: $g}) "
        "RETURN i.id AS id, i.name AS name ORDER BY i.name LIMIT 1", g=GREMIUM)[0]
    version = form_fields(client.get(PAGE).get_data(as_text=True))["version"]
    response = client.post(PAGE + "/mitglieder", data={
        "csrf_token": csrf(client, PAGE), "version": version, "institution_id": newcomer["id"],
        "institution": newcomer["name"], "role": "Gast", "since": "2026-11-01"})
    assert response.status_code == 302, response.get_data(as_text=True)
    fields = form_fields(client.get(PAGE).get_data(as_text=True))
    client.post(PAGE, data={**fields, "csrf_token": csrf(client, PAGE),
                            "description": "Neu beschrieben.",
                            "next_meetings": "14.01.2027, 16:00, Stadtteilbüro"})

    log = client.get("/verwalten/aenderungen").get_data(as_text=True)
    name = newcomer["name"].replace("&", "&amp;")
    assert f"hinzugefügt: {name} (Gast, seit 01.11.2026)" in log
    assert newcomer["id"] not in log
    assert "14.01.2027, 16:00, Stadtteilbüro" in log
    assert "Sitzungsrhythmus" not in log  # unchanged fields are not listed
    assert re.search(r"\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr", log)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", log)
