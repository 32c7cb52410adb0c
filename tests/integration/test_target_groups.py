"""One target-group logic for search, map and lists (the hierarchy both ways), and a
search 'why' that names only the groups an offer's record really has."""

from __future__ import annotations

import pytest

from tests.integration.test_map import _listed_offers, _map, _map_offer_ids

pytestmark = pytest.mark.integration

QUESTION = "Angebote für Alleinerziehende in Osterfeld"
# Offers in Osterfeld (or city-wide) for single parents, a narrower group, or a group
# single parents belong to (Eltern).
SUITED = """
MATCH (o:Offer)-[:FOR]->(t:TargetGroup), (a:TargetGroup {id: 'alleinerziehende'})
WHERE o.status <> 'beendet' AND coalesce(o.deleted, false) = false
  AND (o.citywide OR EXISTS { (o)-[:AVAILABLE_IN]->(:Sozialraum {id: 'osterfeld'}) })
  AND (EXISTS { (t)-[:BROADER*0..3]->(a) } OR EXISTS { (a)-[:BROADER*1..3]->(t) })
RETURN collect(DISTINCT o.id) AS ids
"""
OWN_GROUPS = "MATCH (o:Offer {id: $id})-[:FOR]->(t:TargetGroup) RETURN collect(t.name) AS names"


def test_map_and_list_follow_the_hierarchy_both_ways(client, reader_graph):
    suited = set(reader_graph.read(SUITED)[0]["ids"])
    query = "sozialraum=osterfeld&zielgruppe=alleinerziehende"
    listed = {o["id"] for o in _listed_offers(client, query)}
    assert listed == suited
    assert _map_offer_ids(_map(client, query)) == suited
    # More than the one city-wide house: the Osterfeld offers for parents too.
    assert len(_map(client, query)["institutions"]) > 1


def test_search_results_for_a_group_are_the_suited_offers(client, reader_graph):
    suited = set(reader_graph.read(SUITED)[0]["ids"])
    results = client.get("/api/v1/search", query_string={"q": QUESTION}).get_json()["results"]
    assert results
    for result in results:
        if any(w.startswith("Zielgruppe: ") for w in result["why"]):
            assert result["id"] in suited, result["id"]


@pytest.mark.parametrize("question", [QUESTION, "Angebote für Kinder in Sterkrade"])
def test_why_names_only_the_offers_own_groups(client, reader_graph, question):
    results = client.get("/api/v1/search", query_string={"q": question}).get_json()["results"]
    assert results
    for result in results:
        groups = [w for w in result["why"] if w.startswith("Zielgruppe: ")]
        if not groups:
            continue
        own = set(reader_graph.read(OWN_GROUPS, id=result["id"])[0]["names"])
        named = set(groups[0].removeprefix("Zielgruppe: ").split(", "))
        assert named <= own, (result["id"], named, own)
