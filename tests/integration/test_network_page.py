"""The network page starts with a readable overview (Sozialräume with their gremien,
members on demand); the long lists below are collapsible."""

from __future__ import annotations

import pytest

from graph.users import create_user
from tests.integration.test_manage import PASSWORD, login

pytestmark = pytest.mark.integration


def test_overview_lists_each_sozialraum_with_its_gremien_and_lists_collapse(client,
                                                                          seeded_graph):
    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")
    login(client, "planung@example.org")
    html = client.get("/planung/netzwerk").get_data(as_text=True)
    overview = html.split("Überblick: Sozialräume und ihre Gremien", 1)[1].split(
        "<h2>Netzwerkbild</h2>", 1)[0]
    covered = seeded_graph.read(
        "MATCH (g:Gremium)-[:COVERS]->(s:Sozialraum) RETURN s.name AS s, g.name AS g")
    assert covered
    for row in covered:
        assert row["s"] in overview and row["g"].replace("&", "&amp;") in overview
    assert "<summary>" in overview  # members on demand
    lists = html.split("<h2>Netzwerkbild</h2>", 1)[1]
    assert lists.count("<details><summary><h2>") == 4


def test_overview_picture_holds_sozialraeume_and_gremien_members_only_in_focus(client,
                                                                              seeded_graph):
    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")
    login(client, "planung@example.org")
    overview = client.get("/api/v1/planning/network").get_json()["elements"]
    kinds = {n["data"]["kind"] for n in overview["nodes"]}
    assert kinds == {"sozialraum", "gremium"}  # no tangle of institutions
    citywide = [e for e in overview["edges"] if e["data"]["target"] == "s:stadtweit"]
    assert citywide  # gremien that cover no Sozialraum hang on "Stadtweit"
    focus = client.get("/api/v1/planning/network?sozialraum=osterfeld").get_json()["elements"]
    assert any(n["data"]["kind"] == "institution" for n in focus["nodes"])
