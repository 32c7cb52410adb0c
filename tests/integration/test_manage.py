"""The maintenance pages through the real app: access rules, CSRF, stale saves, audit, undo."""

from __future__ import annotations

import re

import pytest

from graph.editing import current_state
from tests.support import create_accounts

pytestmark = pytest.mark.integration

PASSWORD = "ein-langes-passwort-123"
GREMIUM_A = "sozialraumgremium-osterfeld"


def csrf(client, path="/login"):
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def login(client, email):
    response = client.post("/login", data={"email": email, "password": PASSWORD,
                                           "csrf_token": csrf(client)})
    assert response.status_code == 302, response.get_data(as_text=True)


def form_fields(html):
    """Hidden and visible values of the first edit form on a page."""
    return dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', html))


@pytest.fixture
def people(seeded_graph):
    other = seeded_graph.read("MATCH (g:Gremium) WHERE g.id <> $id RETURN g.id AS id LIMIT 1",
                              id=GREMIUM_A)[0]["id"]
    row = create_accounts(seeded_graph, PASSWORD, GREMIUM_A,
                          coordinator="koordination@example.org",
                          editor="einrichtung@example.org", admin="planung@example.org")
    return {"other_gremium": other, **row}


def test_anonymous_users_are_sent_to_login_everywhere(app, client, people):
    token = csrf(client)
    urls = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/verwalten")]
    assert len(urls) >= 10
    for rule in urls:
        path = re.sub(r"<[^>]+>", "x", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 302, (method, path)
            assert "/login" in response.headers["Location"], (method, path)


def test_a_coordinator_may_edit_only_their_own_gremium(client, people):
    login(client, "koordination@example.org")
    assert client.get(f"/verwalten/gremien/{GREMIUM_A}").status_code == 200
    assert client.get(f"/verwalten/gremien/{people['other_gremium']}").status_code == 403
    assert client.get(f"/verwalten/einrichtungen/{people['institution']}").status_code == 403
    assert client.get(f"/verwalten/angebote/{people['offer']}").status_code == 403
    assert client.get("/verwalten/angebote/geloescht").status_code == 403
    token = csrf(client, f"/verwalten/gremien/{GREMIUM_A}")
    response = client.post(f"/verwalten/gremien/{people['other_gremium']}/mitglieder",
                           data={"csrf_token": token, "institution": people["institution"],
                                 "role": "Mitglied", "version": "1"})
    assert response.status_code == 403


def test_post_without_csrf_token_is_refused_and_writes_nothing(client, people, seeded_graph):
    login(client, "koordination@example.org")
    before = current_state(seeded_graph, "gremium", GREMIUM_A)
    response = client.post(f"/verwalten/gremien/{GREMIUM_A}",
                           data={"contact": "ohne Token", "version": before["version"]})
    assert response.status_code == 400
    assert current_state(seeded_graph, "gremium", GREMIUM_A) == before


def test_concurrent_edits_second_gets_stale_message_first_survives(client, app, people,
                                                                    seeded_graph):
    login(client, "koordination@example.org")
    other = app.test_client()
    login(other, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM_A}"
    first_form = form_fields(client.get(page).get_data(as_text=True))
    second_form = form_fields(other.get(page).get_data(as_text=True))
    assert first_form["version"] == second_form["version"]

    saved = client.post(page, data={**first_form, "contact": "Erste Fassung"})
    assert saved.status_code == 302
    refused = other.post(page, data={**second_form, "contact": "Zweite Fassung"})
    assert refused.status_code == 409
    html = refused.get_data(as_text=True)
    assert "Nicht gespeichert" in html and "koordination@example.org" in html
    assert "Kontakt" in html  # what changed meanwhile
    assert current_state(seeded_graph, "gremium", GREMIUM_A)["contact"] == "Erste Fassung"


def test_add_member_shows_on_public_page_with_one_audit_record(client, people, seeded_graph):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM_A}"
    version = form_fields(client.get(page).get_data(as_text=True))["version"]
    newcomer = seeded_graph.read(
        "MATCH (i:Institution) WHERE NOT (i)-[:MEMBER_OF]->(:Gremium {id: $g}) "
        "RETURN i.id AS id, i.name AS name LIMIT 1", g=GREMIUM_A)[0]
    response = client.post(page + "/mitglieder", data={
        "csrf_token": csrf(client, page), "version": version, "institution": newcomer["id"],
        "role": "Mitglied", "since": "2026-11-01"})
    assert response.status_code == 302
    public = client.get(f"/gremien/{GREMIUM_A}").get_data(as_text=True)
    assert newcomer["name"].replace("&", "&amp;") in public
    changes = seeded_graph.read("MATCH (c:Change)-[:ON]->(:Gremium {id: $g}) "
                                "RETURN c.before_json AS b, c.after_json AS a", g=GREMIUM_A)
    assert len(changes) == 1
    assert newcomer["id"] not in changes[0]["b"] and newcomer["id"] in changes[0]["a"]


def test_unknown_institution_cannot_be_added(client, people):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM_A}"
    version = form_fields(client.get(page).get_data(as_text=True))["version"]
    response = client.post(page + "/mitglieder", data={
        "csrf_token": csrf(client, page), "version": version, "institution": "gibt-es-nicht",
        "role": "Mitglied"})
    assert response.status_code == 400
    assert "Keine Einrichtung dieses Namens" in response.get_data(as_text=True)


def test_editor_creates_an_offer_that_search_finds_at_once(client, people, seeded_graph):
    login(client, "einrichtung@example.org")
    page = f"/verwalten/einrichtungen/{people['institution']}/angebote/neu"
    response = client.post(page, data={
        "csrf_token": csrf(client, page), "version": "1",
        "title": "Repair-Café für Kinderwagen",
        "description": "Ehrenamtliche reparieren Kinderwagen und Buggys kostenlos.",
        "target_groups": ["familien"], "topics": ["ehrenamt"], "citywide": "y",
        "status": "aktiv", "free": "ja"})
    assert response.status_code == 302, response.get_data(as_text=True)
    found = client.get("/api/v1/search",
                       query_string={"q": "Repair-Café für Kinderwagen", "mode": "vector"})
    titles = [r["title"] for r in found.get_json()["results"]]
    assert titles[0] == "Repair-Café für Kinderwagen", titles
    offer_id = response.headers["Location"].rsplit("/", 1)[1]
    assert seeded_graph.read("MATCH (o:Offer {id: $id}) RETURN o.embedding IS NOT NULL AS e",
                             id=offer_id)[0]["e"]


def test_end_delete_and_restore_an_offer(client, app, people, seeded_graph):
    login(client, "einrichtung@example.org")
    offer = people["offer"]
    page = f"/verwalten/angebote/{offer}"
    version = current_state(seeded_graph, "offer", offer)["version"]
    token = csrf(client, page)
    assert client.post(page + "/geprueft", data={"csrf_token": token,
                                                 "version": version}).status_code == 302
    assert current_state(seeded_graph, "offer", offer)["last_verified"]
    assert client.post(page + "/loeschen", data={"csrf_token": token,
                                                 "version": version + 1}).status_code == 302
    assert client.get(f"/angebote/{offer}").status_code == 404

    admin = app.test_client()
    login(admin, "planung@example.org")
    deleted = admin.get("/verwalten/angebote/geloescht").get_data(as_text=True)
    assert current_state(seeded_graph, "offer", offer)["title"].split()[0] in deleted
    response = admin.post(f"/verwalten/angebote/{offer}/wiederherstellen", data={
        "csrf_token": csrf(admin, "/verwalten/angebote/geloescht"), "version": version + 2})
    assert response.status_code == 302
    assert client.get(f"/angebote/{offer}").status_code == 200


def test_admin_undo_restores_previous_values(client, app, people, seeded_graph):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM_A}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    original = current_state(seeded_graph, "gremium", GREMIUM_A).get("contact")
    client.post(page, data={**fields, "contact": "Versehentlich überschrieben"})

    admin = app.test_client()
    login(admin, "planung@example.org")
    trail = admin.get("/verwalten/aenderungen").get_data(as_text=True)
    assert "Versehentlich überschrieben" in trail
    change_id = seeded_graph.read("MATCH (c:Change)-[:ON]->(:Gremium {id: $g}) RETURN c.id AS id",
                                  g=GREMIUM_A)[0]["id"]
    response = admin.post(f"/verwalten/aenderungen/{change_id}/rueckgaengig",
                          data={"csrf_token": csrf(admin, "/verwalten/aenderungen")})
    assert response.status_code == 302
    assert current_state(seeded_graph, "gremium", GREMIUM_A).get("contact") == original
    # the coordinator sees the trail of their gremium but cannot undo
    assert client.get("/verwalten/aenderungen").status_code == 200
    assert client.post(f"/verwalten/aenderungen/{change_id}/rueckgaengig",
                       data={"csrf_token": csrf(client, page)}).status_code == 403


def test_dashboard_lists_unverified_member_offers(client, people):
    login(client, "koordination@example.org")
    html = client.get("/verwalten/").get_data(as_text=True)
    assert "Seit über einem Jahr nicht geprüft" in html
    assert "Sozialraumgremium Osterfeld" in html


def test_no_page_with_several_forms_repeats_an_id(client, people):
    login(client, "planung@example.org")
    for path in ("/verwalten/", f"/verwalten/gremien/{GREMIUM_A}",
                 f"/verwalten/angebote/{people['offer']}", "/verwalten/konten",
                 "/verwalten/aenderungen"):
        html = client.get(path).get_data(as_text=True)
        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (path, sorted({i for i in ids if ids.count(i) > 1}))
