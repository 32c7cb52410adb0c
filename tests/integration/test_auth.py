"""Accounts and login through the real app and a real Neo4j: hygiene, limits, roles, CLI."""

from __future__ import annotations

import logging
import re
import socket
import time
from urllib.parse import quote

import pytest

from graph.users import (
    Account,
    UserError,
    create_user,
    find_by_email,
    get_account,
    list_accounts,
    set_active,
    set_password,
    verify_login,
)
from tests.conftest import make_app
from tests.support import Connection, close_app
from webapp.auth import LOGIN_FAILED, CurrentUser, default_target, roles_required, safe_next

pytestmark = pytest.mark.integration

PASSWORD = "ein-langes-passwort-123"
GREMIUM = "sozialraumgremium-osterfeld"
EMAIL = "koordination@example.org"


def csrf(client, path="/login", **kwargs):
    html = client.get(path, **kwargs).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def post_login(client, email, password, path="/login", address="127.0.0.1"):
    environ = {"REMOTE_ADDR": address}
    token = csrf(client, environ_base=environ)
    return client.post(path, data={"email": email, "password": password, "csrf_token": token},
                       environ_base=environ)


def password_hash(graph, email):
    return graph.read("MATCH (u:User {email: $email}) RETURN u.password_hash AS h",
                      email=email)[0]["h"]


@pytest.fixture
def coordinator(seeded_graph) -> Account:
    return create_user(seeded_graph, EMAIL, PASSWORD, "coordinator", gremien=[GREMIUM])


# --- repository ----------------------------------------------------------------------


def test_accounts_are_stored_lower_cased_with_links_and_without_the_hash(seeded_graph):
    account = create_user(seeded_graph, "  Koordination@Example.ORG ", PASSWORD, "coordinator",
                          gremien=[GREMIUM, GREMIUM])
    assert account.email == EMAIL and account.gremien == (GREMIUM,) and account.active
    assert get_account(seeded_graph, account.id) == account
    assert find_by_email(seeded_graph, "KOORDINATION@example.org") == account
    assert not hasattr(account, "password_hash")
    stored = password_hash(seeded_graph, EMAIL)
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert verify_login(seeded_graph, " Koordination@example.org", PASSWORD) == account
    assert [a.email for a in list_accounts(seeded_graph)] == [EMAIL]


@pytest.mark.parametrize(("email", "password", "role", "links", "english"), [
    ("kein-at-zeichen", PASSWORD, "admin", {}, "not a valid email"),
    ("a@example.org", "zu-kurz", "admin", {}, "at least 12 characters"),
    ("a@example.org", PASSWORD, "superuser", {}, "unknown role"),
    ("a@example.org", PASSWORD, "coordinator", {}, "at least one gremium"),
    ("a@example.org", PASSWORD, "coordinator", {"gremien": ["gibt-es-nicht"]},
     "no gremium with id gibt-es-nicht"),
    ("a@example.org", PASSWORD, "editor", {"institutions": ["gibt-es-nicht"]},
     "no institution with id gibt-es-nicht"),
    ("a@example.org", PASSWORD, "planner", {"gremien": [GREMIUM]}, "only coordinators"),
])
def test_invalid_accounts_are_refused_and_nothing_is_written(seeded_graph, email, password,
                                                             role, links, english):
    with pytest.raises(UserError) as refused:
        create_user(seeded_graph, email, password, role, **links)
    assert english in refused.value.english and refused.value.german
    assert list_accounts(seeded_graph) == []


def test_a_second_account_with_the_same_email_is_refused(seeded_graph, coordinator):
    with pytest.raises(UserError, match="exists already"):
        create_user(seeded_graph, EMAIL.upper(), PASSWORD, "admin")
    assert len(list_accounts(seeded_graph)) == 1


# --- login and logout ----------------------------------------------------------------


def test_login_rotates_the_session_and_records_the_login(app, client, seeded_graph,
                                                         coordinator):
    with client.session_transaction() as session:
        session["planted"] = "vor der Anmeldung"
    csrf(client)
    before = client.get_cookie("session").value
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD,
                                           "csrf_token": csrf(client)})
    assert response.status_code == 302
    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session and "csrf_token" not in session
        assert session["_user_id"] == f"{coordinator.id}~0"
    assert get_account(seeded_graph, coordinator.id).last_login is not None
    page = client.get("/gremien").get_data(as_text=True)
    assert EMAIL in page and "Abmelden" in page
    assert (">Verwalten</a>" in page) == ("manage.dashboard" in app.view_functions)


def test_wrong_password_unknown_email_and_disabled_account_look_the_same(client, seeded_graph,
                                                                         coordinator):
    create_user(seeded_graph, "gesperrt@example.org", PASSWORD, "admin")
    set_active(seeded_graph, "gesperrt@example.org", False)
    answers = [post_login(client, EMAIL, "falsches-passwort-123"),
               post_login(client, "niemand@example.org", PASSWORD),
               post_login(client, "gesperrt@example.org", PASSWORD)]
    for response in answers:
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert LOGIN_FAILED in html and 'role="alert"' in html
        assert html.count(LOGIN_FAILED) == 1
    with client.session_transaction() as session:
        assert "_user_id" not in session


def test_an_incomplete_form_shows_field_errors(client):
    response = post_login(client, "", "")
    html = response.get_data(as_text=True)
    assert "Bitte geben Sie Ihre E-Mail-Adresse ein." in html
    assert "Bitte geben Sie Ihr Passwort ein." in html
    assert LOGIN_FAILED not in html


def test_login_page_is_accessible_german(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<label for="email">E-Mail</label>' in html
    assert '<label for="password">Passwort</label>' in html
    assert 'autocomplete="username"' in html and 'autocomplete="current-password"' in html
    assert 'type="password"' in html and "Anmelden" in html


def test_failed_logins_are_limited_per_address(client, coordinator):
    for number in range(5):
        response = post_login(client, f"person{number}@example.org", "falsches-passwort-1",
                              address="10.1.0.1")
        assert response.status_code == 200
    limited = post_login(client, EMAIL, PASSWORD, address="10.1.0.1")
    assert limited.status_code == 429
    assert "Zu viele Versuche" in limited.get_data(as_text=True)
    assert post_login(client, EMAIL, PASSWORD, address="10.1.0.2").status_code == 302


def test_failed_logins_are_limited_per_email_across_addresses(client, coordinator):
    for number in range(10):
        response = post_login(client, EMAIL.upper(), "falsches-passwort-1",
                              address=f"10.2.0.{number + 1}")
        assert response.status_code == 200
    limited = post_login(client, EMAIL, PASSWORD, address="10.2.1.1")
    assert limited.status_code == 429
    assert "Zu viele Versuche" in limited.get_data(as_text=True)


def test_successful_logins_do_not_use_up_the_limit(app, coordinator):
    for _ in range(7):
        assert post_login(app.test_client(), EMAIL, PASSWORD).status_code == 302


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/x",
                                    "/\\evil.example", "javascript:alert(1)", "gremien"])
def test_login_ignores_a_foreign_next(app, client, coordinator, target):
    response = post_login(client, EMAIL, PASSWORD, path=f"/login?next={quote(target, safe='')}")
    assert response.status_code == 302
    with app.test_request_context():
        assert response.headers["Location"] == default_target()


def test_login_follows_a_next_on_this_site(client, coordinator):
    response = post_login(client, EMAIL, PASSWORD, path="/login?next=%2Fgremien")
    assert response.status_code == 302
    assert response.headers["Location"] == "/gremien"


def test_safe_next_accepts_only_paths_on_this_site():
    assert safe_next("/gremien?seite=2") == "/gremien?seite=2"
    for target in (None, "", "//evil.example/x", "https://evil.example", "/\\evil.example",
                   "\\\\evil.example", "http:/evil.example", "/ok\x00", " //evil.example",
                   "evil.example"):
        assert safe_next(target) is None, target


def test_logout_needs_a_post_with_csrf_token(client, coordinator):
    assert post_login(client, EMAIL, PASSWORD).status_code == 302
    assert client.get("/logout").status_code == 405
    refused = client.post("/logout")
    assert refused.status_code == 400
    with client.session_transaction() as session:
        assert "_user_id" in session
    token = csrf(client, "/gremien")  # the logout form in the page header
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session
    assert "Anmelden" in client.get("/gremien").get_data(as_text=True)


def test_the_password_hash_never_reaches_a_page(client, seeded_graph, coordinator):
    stored = password_hash(seeded_graph, EMAIL)
    secret_part = stored.rsplit("$", 1)[1]
    pages = [client.get("/login"), post_login(client, EMAIL, "falsches-passwort-1"),
             post_login(client, EMAIL, PASSWORD), client.get("/gremien"), client.get("/")]
    for page in pages:
        html = page.get_data(as_text=True)
        assert secret_part not in html and stored not in html
        assert PASSWORD not in html and "falsches-passwort-1" not in html


def test_passwords_and_hashes_are_never_logged(app, client, seeded_graph, caplog):
    caplog.set_level(logging.DEBUG)
    create_user(seeded_graph, EMAIL, PASSWORD, "coordinator", gremien=[GREMIUM])
    first_hash = password_hash(seeded_graph, EMAIL)
    post_login(client, EMAIL, "falsches-passwort-1")
    post_login(client, EMAIL, PASSWORD)
    set_password(seeded_graph, EMAIL, "ein-neues-passwort-456")
    second_hash = password_hash(seeded_graph, EMAIL)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "C: RUN" in logged  # the driver's parameter log was on
    for secret in (PASSWORD, "falsches-passwort-1", "ein-neues-passwort-456", first_hash,
                   second_hash, first_hash.rsplit("$", 1)[1], second_hash.rsplit("$", 1)[1]):
        assert secret not in logged
        assert secret not in caplog.text


# --- sessions and roles --------------------------------------------------------------


def test_disabling_an_account_ends_its_session(app, client, seeded_graph, coordinator):
    app.add_url_rule("/test/planung", "planning", roles_required("planner")(lambda: "ok"))
    assert post_login(client, EMAIL, PASSWORD).status_code == 302
    assert EMAIL in client.get("/gremien").get_data(as_text=True)
    set_active(seeded_graph, EMAIL, False)
    assert EMAIL not in client.get("/gremien").get_data(as_text=True)
    response = client.get("/test/planung")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_roles_required_sends_anonymous_users_to_login_and_others_away(app, client,
                                                                      seeded_graph,
                                                                      coordinator):
    app.add_url_rule("/test/planung", "planning", roles_required("planner")(lambda: "ok"))
    app.add_url_rule("/test/gremien", "coordination",
                     roles_required("coordinator")(lambda: "ok"))
    anonymous = client.get("/test/planung")
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"].startswith("/login?next=%2Ftest%2Fplanung")
    assert "Bitte melden Sie sich an." in client.get(anonymous.headers["Location"]).get_data(
        as_text=True)
    post_login(client, EMAIL, PASSWORD)
    forbidden = client.get("/test/planung")
    assert forbidden.status_code == 403
    assert "Berechtigung" in forbidden.get_data(as_text=True)
    assert client.get("/test/gremien").status_code == 200
    create_user(seeded_graph, "planung@example.org", PASSWORD, "admin")
    admin = app.test_client()
    post_login(admin, "planung@example.org", PASSWORD)
    assert admin.get("/test/planung").status_code == 200


def test_a_session_during_a_database_outage_gets_503_not_the_login():
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = make_app(Connection(f"bolt://127.0.0.1:{port}", "neo4j", "x"))
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "someone~0"
    try:
        started = time.monotonic()
        page = client.get("/verwalten/")
        api = client.get("/api/v1/planning/gaps")
        again = client.get("/verwalten/")  # the circuit is open: no second wait
        elapsed = time.monotonic() - started
    finally:
        close_app(app)
    assert page.status_code == 503 and "Datenbank" in page.get_data(as_text=True)
    assert api.status_code == 503 and api.get_json()["error"]["status"] == 503
    assert again.status_code == 503
    assert elapsed < 5, elapsed  # one wait for the driver, then the breaker answers
    with client.session_transaction() as session:
        assert session["_user_id"] == "someone~0"  # logged in again once Neo4j is back


def copy_session(app, client):
    """A second browser with a copy of `client`'s session cookie (a stolen cookie)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copied_session_cookie_stops_working_after_logout(app, client, coordinator):
    post_login(client, EMAIL, PASSWORD)
    thief = copy_session(app, client)
    assert thief.get("/verwalten/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client, "/gremien")})
    response = thief.get("/verwalten/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_new_password_ends_the_other_sessions_but_not_this_one(app, client, coordinator):
    post_login(client, EMAIL, PASSWORD)
    other = app.test_client()
    post_login(other, EMAIL, PASSWORD)
    response = client.post("/verwalten/passwort", data={
        "csrf_token": csrf(client, "/verwalten/passwort"), "current": PASSWORD,
        "new": "ein-neues-passwort-456", "repeat": "ein-neues-passwort-456"})
    assert response.status_code == 302
    assert client.get("/verwalten/").status_code == 200
    assert other.get("/verwalten/").status_code == 302


def test_disabling_an_account_ends_a_copied_session_too(app, client, seeded_graph, coordinator):
    post_login(client, EMAIL, PASSWORD)
    thief = copy_session(app, client)
    set_active(seeded_graph, EMAIL, False)
    set_active(seeded_graph, EMAIL, True)  # enabling again does not revive old sessions
    assert thief.get("/verwalten/").status_code == 302
    assert client.get("/verwalten/").status_code == 302


def test_permissions_follow_role_and_links():
    def user(role, gremien=(), institutions=()):
        return CurrentUser(Account("u", "u@example.org", role, True, gremien, institutions))

    admin, planner = user("admin"), user("planner")
    coordinator, editor = user("coordinator", gremien=("g1",)), user("editor",
                                                                     institutions=("i1",))
    assert admin.is_admin and admin.can_edit_gremium("g9") and admin.can_edit_institution("i9")
    assert admin.can_see_planning() and planner.can_see_planning()
    assert not planner.can_edit_gremium("g1") and not planner.can_edit_institution("i1")
    assert coordinator.can_edit_gremium("g1") and not coordinator.can_edit_gremium("g2")
    assert not coordinator.can_edit_institution("i1") and not coordinator.can_see_planning()
    assert editor.can_edit_institution("i1") and not editor.can_edit_institution("i2")
    assert not editor.can_edit_gremium("g1") and not editor.is_admin
    assert coordinator.get_id() == "u~0" and coordinator.role == "coordinator"
    with pytest.raises(ValueError, match="unknown role"):
        roles_required("chef")


def test_anonymous_visitors_need_no_login_for_public_pages_and_search(client):
    for path in ("/", "/suche?q=Kita", "/gremien", "/angebote", "/api/v1/search?q=Kita"):
        response = client.get(path)
        assert response.status_code == 200, path


# --- CLI -------------------------------------------------------------------------------


def test_cli_creates_lists_changes_and_disables_accounts(runner, seeded_graph):
    env = {"LOTSE_NEW_PASSWORD": PASSWORD}
    created = runner.invoke(args=["users", "create", "--email", "Koordination@example.org",
                                  "--role", "coordinator", "--gremium", GREMIUM], env=env)
    assert created.exit_code == 0, created.output
    assert "Created coordinator koordination@example.org" in created.output
    assert PASSWORD not in created.output
    listed = runner.invoke(args=["users", "list"])
    assert listed.exit_code == 0, listed.output
    assert EMAIL in listed.output and "coordinator" in listed.output
    assert GREMIUM in listed.output and "active" in listed.output and "never" in listed.output

    new = {"LOTSE_NEW_PASSWORD": "ein-neues-passwort-456"}
    changed = runner.invoke(args=["users", "set-password", "--email", EMAIL], env=new)
    assert changed.exit_code == 0, changed.output
    assert verify_login(seeded_graph, EMAIL, PASSWORD) is None
    assert verify_login(seeded_graph, EMAIL, "ein-neues-passwort-456") is not None

    disabled = runner.invoke(args=["users", "disable", "--email", EMAIL])
    assert disabled.exit_code == 0, disabled.output
    assert verify_login(seeded_graph, EMAIL, "ein-neues-passwort-456") is None
    assert "disabled" in runner.invoke(args=["users", "list"]).output


def test_cli_asks_for_the_password_twice_without_echo(runner, seeded_graph):
    result = runner.invoke(args=["users", "create", "--email", "planung@example.org",
                                 "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert verify_login(seeded_graph, "planung@example.org", PASSWORD) is not None


@pytest.mark.parametrize(("args", "password", "message"), [
    (["create", "--email", "a@example.org", "--role", "admin"], "zu-kurz",
     "the password must be at least 12 characters long"),
    (["create", "--email", "a@example.org", "--role", "chef"], PASSWORD, "unknown role 'chef'"),
    (["create", "--email", "a@example.org", "--role", "coordinator", "--gremium", "nix"],
     PASSWORD, "no gremium with id nix"),
    (["set-password", "--email", "niemand@example.org"], PASSWORD,
     "no account for niemand@example.org"),
    (["disable", "--email", "niemand@example.org"], PASSWORD,
     "no account for niemand@example.org"),
])
def test_cli_refusals_are_one_clear_line(runner, seeded_graph, args, password, message):
    result = runner.invoke(args=["users", *args], env={"LOTSE_NEW_PASSWORD": password})
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {message}"), result.output
    assert "Traceback" not in result.output
    assert list_accounts(seeded_graph) == []
