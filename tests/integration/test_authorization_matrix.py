"""The authorization matrix, generated from the app's URL map: every route and method ×
anonymous, editor, coordinator, planner and admin, against the rule written here.

A route without a rule fails the test, so a new view cannot ship without someone
deciding who may use it. Outcomes: A allowed (anything but the four below, never a 5xx),
L sent to the login, U 401 (the JSON API), F 403. POSTs carry a valid CSRF token and no
other data, so they reach the permission check; the admin goes last and logout at the
very end, since both change what the others would see.
"""

from __future__ import annotations

import re

import pytest

from graph.users import create_user
from tests.integration.test_manage import GREMIUM_A, PASSWORD, csrf, login

pytestmark = pytest.mark.integration

ROLES = ("anonymous", "editor", "coordinator", "planner", "admin")
# Expected outcome per role, in the order of ROLES.
POLICIES = {
    "public": "AAAAA",
    "logged_in": "LAAAA",
    "coordinator": "LFAFA",  # the coordinator of that gremium, and admins
    "editor": "LAFFA",  # the editor of that institution, and admins
    "planning": "LFFAA",
    "planning_api": "UFFAA",
    "admin": "LFFFA",
}
RULES = {
    "public": """search.chat_page search.chat_post search.search_page directory.offers
        directory.offer directory.department directory.institutions directory.institution
        directory.gremien directory.gremium directory.sozialraeume directory.sozialraum
        map.map_page map.map_api api.offers api.sozialraeume api_search.search
        api_search.chat api_search.openapi health.healthz static auth.login auth.logout
        metrics.metrics""",  # the test client is on loopback; other callers: test_operations
    "logged_in": "manage.dashboard manage.search_institutions manage_users.change_password",
    "coordinator": """manage.gremium manage.add_member manage.remove_member
        manage.confirm_remove_member manage.change_member_role manage.mark_for_meeting
        manage.propose_institution manage.changes""",
    "editor": """manage_offers.offer manage_offers.end_offer manage_offers.verify_offer
        manage_offers.delete_offer manage_offers.institution manage_offers.new_offer""",
    "planning": """planning.index planning.duplicate_structures planning.mark_intended
        planning.duplicate_entries planning.gap_view planning.gap_export planning.gap_cell
        planning.network_view planning.profile planning_awareness.overview
        planning_awareness.import_events planning_awareness.new_event planning_awareness.event
        measures.controlling measures.measures measures.measure measures.edit_measure
        measures.sozialraum_measures recommendations.recommendations
        recommendations.recommendation recommendations.change_status
        recommendations.new_recommendation recommendation_import.upload""",
    "planning_api": """api_planning.awareness_figures api_planning.duplicate_entries
        api_planning.duplicate_structures api_planning.gap_matrix api_planning.network_data""",
    "admin": """manage_admin.undo_change manage_admin.restore manage_admin.deleted
        manage_admin.confirm_institution planning.merge manage_users.users
        manage_users.create_account manage_users.unlock_account manage_users.lock_account""",
}
POLICY_OF = {endpoint: policy for policy, names in RULES.items() for endpoint in names.split()}


@pytest.fixture
def world(seeded_graph):
    offer = seeded_graph.read(
        "MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution) RETURN o.id AS offer, "
        "i.id AS institution ORDER BY o.id LIMIT 1")[0]
    ids = {
        "offer_id": offer["offer"], "institution_id": offer["institution"],
        "gremium_id": GREMIUM_A, "sozialraum_id": "osterfeld",
        "department_id": seeded_graph.read("MATCH (d:Department) RETURN d.id AS id "
                                           "ORDER BY d.id LIMIT 1")[0]["id"],
        "recommendation_id": seeded_graph.read("MATCH (r:Recommendation) RETURN r.id AS id "
                                               "ORDER BY r.id LIMIT 1")[0]["id"],
        "event_id": "keine-veranstaltung", "change_id": "keine-aenderung",
        "filename": "css/lotse.css", "extension": "csv",
    }
    create_user(seeded_graph, "editor@example.org", PASSWORD, "editor",
                institutions=[offer["institution"]])
    create_user(seeded_graph, "coordinator@example.org", PASSWORD, "coordinator",
                gremien=[GREMIUM_A])
    create_user(seeded_graph, "planner@example.org", PASSWORD, "planner")
    create_user(seeded_graph, "admin@example.org", PASSWORD, "admin")
    ids["user_id"] = create_user(seeded_graph, "gesperrt@example.org", PASSWORD, "planner").id
    return ids


def outcome(response) -> str:
    location = response.headers.get("Location", "")
    if response.status_code in (301, 302, 303) and "/login" in location:
        return "L"
    status = response.status_code
    assert status < 500, response.get_data(as_text=True)[:500]
    return {401: "U", 403: "F"}.get(status, "A")


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(POLICY_OF) == set(), "routes without a rule in the matrix"
    assert set(POLICY_OF) - endpoints == set(), "rules for routes that are gone"


def test_every_route_answers_every_role_as_its_rule_says(app, world):
    requests = sorted(((rule.endpoint, rule.rule, method) for rule in app.url_map.iter_rules()
                       for method in rule.methods - {"HEAD", "OPTIONS"}),
                      key=lambda r: (r[0] == "auth.logout", r[1], r[2]))
    wrong = []
    for index, role in enumerate(ROLES):
        client = app.test_client()
        if role != "anonymous":
            login(client, f"{role}@example.org")
        token = csrf(client, "/login" if role == "anonymous" else "/verwalten/")
        for endpoint, rule, method in requests:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: world[m.group(1)], rule)
            response = client.open(path, method=method, data={"csrf_token": token},
                                   environ_base={"REMOTE_ADDR": f"10.0.0.{index}"})
            expected = POLICIES[POLICY_OF[endpoint]][index]
            got = outcome(response)
            response.close()  # a static file is streamed from an open file
            if got != expected:
                wrong.append(f"{role} {method} {path}: expected {expected}, got {got} "
                             f"({response.status_code})")
    assert wrong == []
