"""JSON API v1 against the seeded graph."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


def test_offers_shape_and_paging(client):
    first = client.get("/api/v1/offers?limit=5&offset=0").get_json()
    second = client.get("/api/v1/offers?limit=5&offset=5").get_json()
    assert first["total"] == second["total"] >= 110
    assert len(first["items"]) == 5
    assert not {o["id"] for o in first["items"]} & {o["id"] for o in second["items"]}
    item = first["items"][0]
    assert {"id", "title", "provider", "sozialraeume", "citywide", "url"} <= item.keys()
    assert item["url"] == f"/angebote/{item['id']}"


def test_offers_filtered_by_sozialraum_stay_in_place(client):
    data = client.get("/api/v1/offers?sozialraum=sterkrade-nord&limit=100").get_json()
    assert data["items"]
    for item in data["items"]:
        assert item["citywide"] or "sterkrade-nord" in item["sozialraeume"], item


def test_offers_filtered_by_target_group(client):
    data = client.get("/api/v1/offers?zielgruppe=alleinerziehende&limit=100").get_json()
    assert data["total"] >= 2
    titles = " ".join(o["title"] for o in data["items"])
    assert "Alleinerziehend" in titles


@pytest.mark.parametrize(
    "query",
    ["limit=0", "limit=101", "limit=abc", "offset=-1", "sozialraum=nirgendwo", "zielgruppe=X%27"],
)
def test_bad_parameters_get_a_clear_400(client, query):
    response = client.get(f"/api/v1/offers?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"]["status"] == 400
    assert body["error"]["message"]


def test_sozialraeume_with_counts(client, reader_graph):
    data = client.get("/api/v1/sozialraeume").get_json()
    assert len(data["items"]) == 6
    for item in data["items"]:
        local = reader_graph.read(
            "MATCH (o:Offer)-[:AVAILABLE_IN]->(:Sozialraum {id: $id}) "
            "WHERE o.status <> 'beendet' RETURN count(o) AS n",
            id=item["id"],
        )[0]["n"]
        assert item["offers_local"] == local
        assert item["offers_total"] == local + data["citywide_offers"]


def test_api_404_is_json(client):
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == 404
