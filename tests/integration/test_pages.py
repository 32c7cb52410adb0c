"""Every public page renders from the real graph, in German, with its neighbours."""

from __future__ import annotations

import pytest
from markupsafe import escape

pytestmark = pytest.mark.integration


def _ids(graph, label):
    return [r["id"] for r in graph.read(f"MATCH (n:{label}) RETURN n.id AS id ORDER BY id")]


def _text(response):
    return response.get_data(as_text=True)


def test_start_page_has_question_box_and_sozialraeume(client):
    response = client.get("/")
    html = _text(response)
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert 'id="chat-form"' in html and 'name="message"' in html
    assert 'name="csrf_token"' in html
    for name in ("Mitte/Styrum", "Alstaden/Lirich", "Osterfeld", "Sterkrade-Nord"):
        assert name in html


def test_every_offer_detail_page_renders(client, reader_graph):
    offer_ids = _ids(reader_graph, "Offer")
    assert len(offer_ids) >= 110
    for offer_id in offer_ids:
        response = client.get(f"/angebote/{offer_id}")
        assert response.status_code == 200, offer_id
        title = reader_graph.read("MATCH (o:Offer {id: $id}) RETURN o.title AS t", id=offer_id)
        assert str(escape(title[0]["t"])) in _text(response)


def test_offer_page_shows_graph_neighbours(client, reader_graph):
    row = reader_graph.read(
        """
        MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution)-[:MEMBER_OF]->(g:Gremium),
              (o)-[:RESPONSIBLE]->(d:Department), (o)-[:AVAILABLE_IN]->(s:Sozialraum)
        RETURN o.id AS offer, i.name AS provider, g.name AS gremium, d.short AS department,
               s.name AS sozialraum LIMIT 1
        """
    )[0]
    html = _text(client.get(f"/angebote/{row['offer']}"))
    for key in ("provider", "gremium", "department", "sozialraum"):
        assert str(escape(row[key])) in html, key


@pytest.mark.parametrize(
    ("label", "path"),
    [
        ("Institution", "/einrichtungen/"),
        ("Gremium", "/gremien/"),
        ("Sozialraum", "/sozialraeume/"),
    ],
)
def test_every_detail_page_renders(client, reader_graph, label, path):
    for node_id in _ids(reader_graph, label):
        assert client.get(path + node_id).status_code == 200, node_id


@pytest.mark.parametrize("path", ["/angebote", "/einrichtungen", "/gremien", "/sozialraeume"])
def test_list_pages_render(client, path):
    assert client.get(path).status_code == 200


def test_offer_list_filters_by_place_and_target_group(client, reader_graph):
    html = _text(client.get("/angebote?sozialraum=osterfeld&zielgruppe=seniorinnen-senioren"))
    expected = reader_graph.read(
        """
        MATCH (o:Offer)-[:FOR]->(:TargetGroup)-[:BROADER*0..3]->(:TargetGroup {id: $tg})
        WHERE o.status <> 'beendet'
          AND (o.citywide OR (o)-[:AVAILABLE_IN]->(:Sozialraum {id: 'osterfeld'}))
        RETURN count(DISTINCT o) AS n
        """,
        tg="seniorinnen-senioren",
    )[0]["n"]
    assert expected > 0
    assert f"{expected} Angebot" in html


def test_unknown_filter_value_is_a_german_400(client):
    response = client.get("/angebote?sozialraum=atlantis")
    assert response.status_code == 400
    assert "Unbekannte Auswahl für Sozialraum" in _text(response)
    assert "Traceback" not in _text(response)


def test_unknown_offer_is_a_german_404(client):
    response = client.get("/angebote/gibt-es-nicht")
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in _text(response)


def test_security_headers(client):
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


def test_fulltext_search_page(client):
    html = _text(client.get("/suche?q=Schuldnerberatung"))
    assert "Schuldner" in html
    odd = client.get("/suche?q=" + "Hilfe (AND) [OR] ~* \\")
    assert odd.status_code == 200
    assert client.get("/suche?q=" + "x" * 2000).status_code == 400
