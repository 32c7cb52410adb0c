"""Account pages, password change and member proposals through the real app and Neo4j."""

from __future__ import annotations

import pytest

from graph.editing import current_state
from graph.users import create_user, find_by_email, verify_login
from tests.integration.test_manage import GREMIUM_A, PASSWORD, csrf, form_fields, login

pytestmark = pytest.mark.integration


@pytest.fixture
def accounts(seeded_graph):
    create_user(seeded_graph, "planung@example.org", PASSWORD, "admin")
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM_A])


def test_admin_creates_locks_and_unlocks_an_account(client, accounts, seeded_graph):
    login(client, "planung@example.org")
    page = client.get("/verwalten/konten").get_data(as_text=True)
    assert "koordination@example.org" in page and "password_hash" not in page
    response = client.post("/verwalten/konten", data={
        "csrf_token": csrf(client, "/verwalten/konten"), "email": "Neu@Example.org",
        "role": "editor", "institutions": ["gesundheitsamt"], "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    account = find_by_email(seeded_graph, "neu@example.org")
    assert account.role == "editor" and account.institutions == ("gesundheitsamt",)

    token = csrf(client, "/verwalten/konten")
    assert client.post(f"/verwalten/konten/{account.id}/sperren",
                       data={"csrf_token": token}).status_code == 302
    assert verify_login(seeded_graph, "neu@example.org", PASSWORD) is None
    assert client.post(f"/verwalten/konten/{account.id}/entsperren",
                       data={"csrf_token": token}).status_code == 302
    assert verify_login(seeded_graph, "neu@example.org", PASSWORD) is not None


def test_account_form_refuses_role_without_links_in_german(client, accounts, seeded_graph):
    login(client, "planung@example.org")
    response = client.post("/verwalten/konten", data={
        "csrf_token": csrf(client, "/verwalten/konten"), "email": "ohne@example.org",
        "role": "coordinator", "password": PASSWORD})
    assert response.status_code == 400
    assert "mindestens ein Gremium" in response.get_data(as_text=True)
    assert find_by_email(seeded_graph, "ohne@example.org") is None


def test_only_admins_manage_accounts(client, accounts):
    login(client, "koordination@example.org")
    assert client.get("/verwalten/konten").status_code == 403
    response = client.post("/verwalten/konten", data={
        "csrf_token": csrf(client, "/verwalten/"), "email": "x@example.org",
        "role": "admin", "password": PASSWORD})
    assert response.status_code == 403


def test_a_user_changes_their_own_password(client, accounts, seeded_graph):
    login(client, "koordination@example.org")
    token = csrf(client, "/verwalten/passwort")
    wrong = client.post("/verwalten/passwort", data={
        "csrf_token": token, "current": "falsch-falsch-falsch", "new": "neues-passwort-456",
        "repeat": "neues-passwort-456"})
    assert "Das bisherige Passwort stimmt nicht" in wrong.get_data(as_text=True)
    response = client.post("/verwalten/passwort", data={
        "csrf_token": token, "current": PASSWORD, "new": "neues-passwort-456",
        "repeat": "neues-passwort-456"})
    assert response.status_code == 302
    assert verify_login(seeded_graph, "koordination@example.org", "neues-passwort-456")


def test_coordinator_proposes_a_new_member_that_an_admin_confirms(client, app, accounts,
                                                                  seeded_graph):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM_A}"
    html = client.get(page).get_data(as_text=True)
    version = form_fields(html)["version"]
    response = client.post(page + "/vorschlag", data={
        "vorschlag-csrf_token": csrf(client, page), "vorschlag-version": version,
        "vorschlag-name": "Nachbarschaftsverein Rothebusch",
        "vorschlag-category": "sonstige Einrichtungen", "vorschlag-role": "Mitglied"})
    assert response.status_code == 302, response.get_data(as_text=True)
    members = current_state(seeded_graph, "gremium", GREMIUM_A)["members"]
    new_id = seeded_graph.read("MATCH (i:Institution {name: 'Nachbarschaftsverein Rothebusch'}) "
                               "RETURN i.id AS id, i.proposed AS p")[0]
    assert new_id["p"] is True
    assert new_id["id"] in [m["institution"] for m in members]
    changes = seeded_graph.read("MATCH (c:Change) RETURN c.action AS action ORDER BY action")
    assert [c["action"] for c in changes] == ["propose", "update"]

    admin = app.test_client()
    login(admin, "planung@example.org")
    dashboard = admin.get("/verwalten/").get_data(as_text=True)
    assert "Nachbarschaftsverein Rothebusch" in dashboard
    response = admin.post(f"/verwalten/einrichtungen/{new_id['id']}/bestaetigen", data={
        "csrf_token": csrf(admin, "/verwalten/"), "version": "1"})
    assert response.status_code == 302
    assert current_state(seeded_graph, "institution", new_id["id"])["proposed"] is False
