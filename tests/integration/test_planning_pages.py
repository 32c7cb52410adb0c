"""The planner pages and their JSON twins through the real app: access, forms, exports."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from graph.users import create_user
from tests.integration.test_manage import PASSWORD, csrf, login

pytestmark = pytest.mark.integration

PAGES = ["/planung/", "/planung/doppelstrukturen", "/planung/doppelte-eintraege",
         "/planung/luecken", "/planung/luecken?dimension=topics",
         "/planung/luecken/zelle?dimension=target_groups&sozialraum=osterfeld"
         "&spalte=alleinerziehende", "/planung/netzwerk", "/planung/netzwerk?sozialraum=osterfeld",
         "/planung/sozialraeume/osterfeld", "/planung/bekanntheit/",
         "/planung/bekanntheit/veranstaltung"]
API = ["/api/v1/planning/duplicates", "/api/v1/planning/duplicate-records",
       "/api/v1/planning/gaps", "/api/v1/planning/awareness",
       "/api/v1/planning/network?sozialraum=osterfeld"]


@pytest.fixture
def users(seeded_graph):
    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")
    create_user(seeded_graph, "admin@example.org", PASSWORD, "admin")
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=["sozialraumgremium-osterfeld"])


def test_anonymous_visitors_go_to_login_and_the_api_says_401(client, users):
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302 and "/login" in response.headers["Location"], page
    for url in API:
        response = client.get(url)
        assert response.status_code == 401, url
        assert "melden Sie sich an" in response.get_json()["error"]["message"]


def test_other_roles_get_403(client, users):
    login(client, "koordination@example.org")
    for url in [*PAGES, *API]:
        assert client.get(url).status_code == 403, url


def test_planners_see_every_page_and_every_json_twin(client, users):
    login(client, "planung@example.org")
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 200, page
        assert "Traceback" not in response.get_data(as_text=True)
    for url in API:
        assert client.get(url).status_code == 200, url
    gaps = client.get("/api/v1/planning/gaps").get_json()
    assert {r["id"] for r in gaps["rows"]} >= {"osterfeld", "mitte-styrum"}
    assert all({"local", "citywide", "unanswered", "gap"} <= set(c) for c in gaps["cells"])
    network = client.get("/api/v1/planning/network?sozialraum=osterfeld").get_json()
    assert any(n["data"]["id"] == "g:sozialraumgremium-osterfeld"
               for n in network["elements"]["nodes"])
    assert client.get("/planung/netzwerk?sozialraum=gibt-es-nicht").status_code == 404


def test_gap_matrix_exports_as_csv_and_excel(client, users, seeded_graph):
    login(client, "planung@example.org")
    response = client.get("/planung/luecken.csv")
    text = response.get_data().decode("utf-8-sig")
    assert response.mimetype == "text/csv"
    header, *rows = text.splitlines()
    assert header.split(";")[:3] == ["Sozialraum", "Sozialindex", "Zielgruppe"]
    assert any(row.startswith("Osterfeld;") and ";Alleinerziehende;" in row for row in rows)
    workbook = load_workbook(io.BytesIO(client.get("/planung/luecken.xlsx?dimension=topics")
                                        .get_data()))
    assert workbook.sheetnames == ["Matrix", "Liste"]
    assert workbook["Matrix"]["A1"].value == "Sozialraum"
    topics = seeded_graph.read("MATCH (t:Topic) RETURN count(t) AS n")[0]["n"]
    assert workbook["Liste"].max_row == 6 * topics + 1
    assert workbook["Matrix"].max_row == 6 + 1 and workbook["Matrix"].max_column == topics + 2


def test_planner_records_an_event_with_the_form(client, users, seeded_graph):
    login(client, "planung@example.org")
    page = "/planung/bekanntheit/veranstaltung"
    offer = seeded_graph.read("MATCH (o:Offer) RETURN o.id AS id ORDER BY id LIMIT 1")[0]["id"]
    response = client.post(page, data={
        "csrf_token": csrf(client, page), "title": "Expert*innendialog Osterfeld",
        "date": "2023-10-26", "sozialraum": "osterfeld", "votes-0-offer": offer,
        "votes-0-yes": "7", "votes-0-no": "3"})
    assert response.status_code == 302, response.get_data(as_text=True)
    overview = client.get("/planung/bekanntheit/").get_data(as_text=True)
    assert "Expert*innendialog Osterfeld" in overview and "70 %" in overview
    event_page = response.headers["Location"]
    card = client.post(event_page, data={
        "csrf_token": csrf(client, event_page), "offer": offer, "question": "woher",
        "channel": "Presse", "text": "Artikel in der Zeitung"})
    assert card.status_code == 302
    assert "Artikel in der Zeitung" in client.get(event_page).get_data(as_text=True)


def test_an_event_without_csrf_token_is_refused(client, users, seeded_graph):
    login(client, "planung@example.org")
    response = client.post("/planung/bekanntheit/veranstaltung", data={
        "title": "x", "date": "2023-10-26", "sozialraum": "osterfeld"})
    assert response.status_code == 400
    assert seeded_graph.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 0


def upload(client, content):
    token = csrf(client, "/planung/bekanntheit/")
    return client.post("/planung/bekanntheit/import", data={
        "csrf_token": token, "file": (io.BytesIO(content.encode("utf-8")), "punkte.csv")},
        content_type="multipart/form-data")


def test_csv_import_rejects_bad_rows_whole_and_imports_a_good_file(client, users, seeded_graph):
    login(client, "planung@example.org")
    offers = [r["id"] for r in seeded_graph.read(
        "MATCH (o:Offer) WHERE o.status = 'aktiv' RETURN o.id AS id ORDER BY id LIMIT 2")]
    bad = ("datum;sozialraum;veranstaltung;angebot;ja;nein\n"
           f"26.10.2023;osterfeld;Dialog;{offers[0]};4;2\n"
           f"31.02.2023;nirgendwo;Dialog;{offers[1]};viele;1\n")
    response = upload(client, bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Zeile 3, Spalte „datum“" in html
    assert "Zeile 3, Spalte „sozialraum“" in html and "Zeile 3, Spalte „ja“" in html
    assert seeded_graph.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 0

    good = ("datum,sozialraum,veranstaltung,angebot,ja,nein\n"
            f"2023-10-26,osterfeld,Dialog,{offers[0]},4,2\n"
            f"2023-10-26,osterfeld,Dialog,{offers[1]},1,5\n"
            f"2024-03-01,oberhausen-ost,Dialog Ost,{offers[0]},2,2\n")
    assert upload(client, good).status_code == 302
    counts = seeded_graph.read("MATCH (e:Event)-[p:PRESENTED]->() "
                               "RETURN count(DISTINCT e) AS events, sum(p.known_yes) AS yes")[0]
    assert (counts["events"], counts["yes"]) == (2, 7)


def test_only_admins_merge_duplicate_records(client, app, users, seeded_graph):
    login(client, "planung@example.org")
    page = "/planung/doppelte-eintraege"
    response = client.post(page + "/zusammenfuehren", data={
        "csrf_token": csrf(client, page), "kind": "institution", "keep": "a", "duplicate": "b"})
    assert response.status_code == 403
    admin = app.test_client()
    login(admin, "admin@example.org")
    response = admin.post(page + "/zusammenfuehren", data={
        "csrf_token": csrf(admin, page), "kind": "institution", "keep": "gesundheitsamt",
        "duplicate": "gesundheitsamt"})
    assert response.status_code == 400
    assert "nicht mit sich selbst" in response.get_data(as_text=True)


def test_openapi_documents_every_json_twin(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    twins = {rule.rule.removeprefix("/api/v1") for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/api/v1/planning/")}
    assert twins and twins <= set(spec["paths"])
    assert all("401" in spec["paths"][t]["get"]["responses"] for t in twins)
