"""The map (`/karte`, `/api/v1/map`) against the seeded graph, and its placement rules."""

from __future__ import annotations

import re

import pytest

from graph.map_reads import CATEGORIES, CATEGORY_NAMES, Places, category_of
from tests.conftest import make_app
from tests.support import close_app
from webapp.config import ConfigError
from webapp.security import tile_origin

pytestmark = pytest.mark.integration

UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"


def _map(client, query: str = "") -> dict:
    response = client.get(f"/api/v1/map?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def _map_offer_ids(data: dict) -> set[str]:
    return {o["id"] for i in data["institutions"] for o in i["offers"]}


def _listed_offers(client, query: str) -> list[dict]:
    """Every offer of `/api/v1/offers` for the query, page by page."""
    items, offset = [], 0
    while True:
        page = client.get(f"/api/v1/offers?{query}&limit=100&offset={offset}").get_json()
        items += page["items"]
        offset += 100
        if offset >= page["total"]:
            return items


def test_every_institution_is_placed_with_a_category(client, reader_graph):
    data = _map(client)
    rows = reader_graph.read(
        "MATCH (i:Institution) OPTIONAL MATCH (i)-[:LOCATED_IN]->(t:Stadtteil) "
        "RETURN i.id AS id, i.lat AS lat, t.lat AS t_lat, t.lon AS t_lon")
    by_id = {i["id"]: i for i in data["institutions"]}
    assert set(by_id) == {r["id"] for r in rows} and len(rows) >= 80
    for row in rows:
        item = by_id[row["id"]]
        assert item["category"] in CATEGORY_NAMES
        assert 51.40 < item["lat"] < 51.60 and 6.75 < item["lon"] < 6.98, item
        assert item["approximate"] is (row["lat"] is None)
        if item["approximate"]:
            assert item["approximate_reason"].startswith("Lage "), item
        if row["lat"] is None and row["t_lat"] is not None:
            assert (item["lat"], item["lon"]) == (row["t_lat"], row["t_lon"])
            assert item["approximate_reason"] == "Lage ungefähr (Stadtteilmitte)"
        assert item["url"] == f"/einrichtungen/{item['id']}"


def test_institutions_without_a_stadtteil_fall_back_to_plz_and_sozialraum(client, reader_graph):
    by_id = {i["id"]: i for i in _map(client)["institutions"]}
    gesundheitsamt = by_id["gesundheitsamt"]  # PLZ 46045, no Stadtteil in the seed
    assert "PLZ 46045" in gesundheitsamt["approximate_reason"]
    plz_lats = {r["lat"] for r in reader_graph.read(
        "MATCH (t:Stadtteil) WHERE '46045' IN t.plz RETURN t.lat AS lat")}
    assert gesundheitsamt["lat"] in plz_lats
    reasons = [i["approximate_reason"] for i in by_id.values() if i["approximate"]]
    assert any(r.startswith("Lage ungefähr (Mitte des Sozialraums ") for r in reasons)
    assert any(r == "Lage ungefähr (Stadtteilmitte)" for r in reasons)


def test_own_coordinates_are_exact(client, seeded_graph):
    seeded_graph.write("MATCH (i:Institution {id: 'gesundheitsamt'}) "
                       "SET i.lat = 51.4701, i.lon = 6.8702")
    item = next(i for i in _map(client)["institutions"] if i["id"] == "gesundheitsamt")
    assert (item["lat"], item["lon"], item["approximate"]) == (51.4701, 6.8702, False)
    assert item["approximate_reason"] is None


def test_fallback_chain_in_order():
    places = Places([
        {"id": "a", "name": "A-Dorf", "lat": 51.0, "lon": 7.0, "plz": ["46001"],
         "sozialraum_id": "nord", "sozialraum": "Nord"},
        {"id": "b", "name": "B-Dorf", "lat": 51.2, "lon": 7.2, "plz": ["46002"],
         "sozialraum_id": "nord", "sozialraum": "Nord"},
        {"id": "c", "name": "C-Dorf", "lat": None, "lon": None, "plz": ["46003"],
         "sozialraum_id": "sued", "sozialraum": "Süd"},
    ])
    exact = places.locate({"lat": 50.5, "lon": 6.5}, "a", [])
    assert (exact.lat, exact.lon, exact.approximate, exact.reason) == (50.5, 6.5, False, None)
    own = places.locate({"postal_code": "46002"}, "a", [])
    assert (own.lat, own.reason) == (51.0, "Lage ungefähr (Stadtteilmitte)")
    by_plz = places.locate({"postal_code": "46002"}, "c", [])
    assert (by_plz.lat, by_plz.reason) == (51.2, "Lage ungefähr (Mitte von B-Dorf, PLZ 46002)")
    by_sozialraum = places.locate({"postal_code": "99999"}, None, ["sued", "nord", "nord"])
    assert (round(by_sozialraum.lat, 6), round(by_sozialraum.lon, 6)) == (51.1, 7.1)
    assert by_sozialraum.reason == "Lage ungefähr (Mitte des Sozialraums Nord)"
    city = places.locate({}, None, ["sued"])  # Süd has no located Stadtteil
    assert city.approximate and city.reason == "Lage unbekannt (Stadtmitte)"
    assert (round(city.lat, 6), round(city.lon, 6)) == (51.1, 7.1)


def test_categories_are_the_sozialnavigator_legend_with_contrast():
    assert len(CATEGORIES) == 10 and len({c.letter for c in CATEGORIES}) == 10
    assert category_of("Kindertageseinrichtungen") == "Kindertageseinrichtungen"
    assert category_of("Kiosk") == category_of(None) == "sonstige Einrichtungen"

    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    for category in CATEGORIES:
        assert 1.05 / (luminance(category.colour) + 0.05) >= 4.5, category


def test_without_filters_every_offer_and_with_filters_only_matching(client):
    unfiltered = _map(client)
    listed = _listed_offers(client, "")
    assert _map_offer_ids(unfiltered) == {o["id"] for o in listed}
    filtered = _map(client, "zielgruppe=alleinerziehende")
    assert filtered["institutions"] and all(i["offers"] for i in filtered["institutions"])
    assert len(filtered["institutions"]) < len(unfiltered["institutions"])


@pytest.mark.parametrize("query", [
    "sozialraum=osterfeld", "sozialraum=sterkrade-nord", "sozialraum=mitte-styrum",
    "zielgruppe=kinder", "zielgruppe=alleinerziehende", "thema=sucht",
    "sozialraum=oberhausen-ost&zielgruppe=jugendliche",
])
def test_map_filters_give_the_listing_apis_offers(client, query):
    map_ids = _map_offer_ids(_map(client, query))
    assert map_ids == {o["id"] for o in _listed_offers(client, query)}
    free_ids = _map_offer_ids(_map(client, query + "&kostenlos=1"))
    assert free_ids == {o["id"] for o in _listed_offers(client, query) if o["free"] is True}


def test_kostenlos_alone_keeps_only_free_offers(client):
    free_ids = _map_offer_ids(_map(client, "kostenlos=ja"))
    assert free_ids and free_ids == {o["id"] for o in _listed_offers(client, "") if o["free"]}


def test_every_topic_and_sozialraum_matches_the_listing(client):
    choices = client.get("/api/v1/sozialraeume").get_json()["items"]
    for sozialraum in choices:
        query = f"sozialraum={sozialraum['id']}"
        assert _map_offer_ids(_map(client, query)) == {
            o["id"] for o in _listed_offers(client, query)}, query


@pytest.mark.parametrize("query", ["sozialraum=nirgendwo", "kostenlos=vielleicht", "thema=X%27"])
def test_bad_filters_get_a_german_400(client, query):
    response = client.get(f"/api/v1/map?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["message"]


def test_map_page_renders_form_list_and_legend_without_javascript(client):
    response = client.get("/karte?sozialraum=osterfeld")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'<a href="/karte"\s+aria-current="page">Karte</a>', html)
    assert 'id="map-filters"' in html and 'name="kostenlos"' in html
    assert '<option value="osterfeld" selected>' in html
    assert "Hintergrundkarte nicht verfügbar" in html and "Lage ungefähr" in html
    assert "stationäre Alten- und Pflegeeinrichtungen" in html  # the legend
    data = _map(client, "sozialraum=osterfeld")
    assert html.count('class="map-item') == len(data["institutions"])
    for institution in data["institutions"]:
        assert f'id="einrichtung-{institution["id"]}"' in html
    assert "vendor/leaflet/leaflet.js" in html and "css/map.css" in html


def test_map_page_focuses_the_linked_institution(client):
    html = client.get("/karte?institution=gesundheitsamt").get_data(as_text=True)
    assert 'data-focus="gesundheitsamt"' in html
    assert 'class="map-item is-focused" id="einrichtung-gesundheitsamt"' in html
    with_offer = next(i for i in _map(client)["institutions"] if i["offers"])
    html = client.get(f"/karte?offer={with_offer['offers'][0]['id']}").get_data(as_text=True)
    assert f'data-focus="{with_offer["id"]}"' in html
    unknown = client.get("/karte?institution=gibt-es-nicht").get_data(as_text=True)
    assert 'data-focus=""' in unknown


def test_offer_page_and_search_results_link_to_the_map(client, reader_graph):
    row = reader_graph.read("MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution) "
                            "RETURN o.id AS offer, i.id AS institution ORDER BY o.id LIMIT 1")[0]
    html = client.get(f"/angebote/{row['offer']}").get_data(as_text=True)
    assert f'/karte?institution={row["institution"]}#einrichtung-{row["institution"]}' in html
    assert "Auf der Karte zeigen" in html
    results = client.get("/suche?q=Schuldnerberatung+in+Sterkrade").get_data(as_text=True)
    assert "Auf der Karte zeigen" in results and "/karte?institution=" in results


def test_csp_allows_images_from_the_tile_server_only(client, neo4j_connection):
    policy = client.get("/karte").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    local = make_app(neo4j_connection, LOTSE_TILE_URL=UNREACHABLE_TILES)
    try:
        headers = local.test_client().get("/healthz").headers
        assert "img-src 'self' data: http://127.0.0.1:9;" in headers["Content-Security-Policy"]
    finally:
        close_app(local)


def test_tile_origin_from_the_setting():
    assert tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png") == "https://*.tile.example.org"
    assert tile_origin("/kacheln/{z}/{x}/{y}.png") is None
    for bad in ("javascript:alert(1)//x/{z}", "https://a.org;script-src *; x/{z}"):
        with pytest.raises(ConfigError):
            tile_origin(bad)


def test_openapi_describes_the_map(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/map" in spec["paths"] and "MapData" in spec["components"]["schemas"]
