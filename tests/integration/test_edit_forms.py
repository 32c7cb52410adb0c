"""Every edit form as its users meet it: no conflict warning unless a save really was
stale, and no attribute rendered with the text "None" (axe-core: aria-valid-attr-value)."""

from __future__ import annotations

import re

import pytest

from tests.integration.test_manage import PASSWORD, csrf, form_fields, login
from tests.support import create_accounts

pytestmark = pytest.mark.integration

GREMIUM = "sozialraumgremium-osterfeld"
RECOMMENDATION = "beispiel-empfehlung-01"
STALE = "Nicht gespeichert"


@pytest.fixture
def forms(seeded_graph):
    """(account, form page) for each edit form, with the account that may use it."""
    row = create_accounts(seeded_graph, PASSWORD, GREMIUM,
                          coordinator="koordination@example.org",
                          editor="einrichtung@example.org", planner="planer@example.org")
    return [
        ("koordination@example.org", f"/verwalten/gremien/{GREMIUM}"),
        ("einrichtung@example.org", f"/verwalten/einrichtungen/{row['institution']}"),
        ("einrichtung@example.org", f"/verwalten/angebote/{row['offer']}"),
        ("planer@example.org", f"/planung/empfehlungen/{RECOMMENDATION}"),
        ("planer@example.org", f"/planung/massnahmen/{row['offer']}/bearbeiten"),
    ]


def test_no_conflict_warning_and_no_none_attribute_on_opened_forms(app, forms):
    for email, path in forms:
        client = app.test_client()
        login(client, email)
        html = client.get(path).get_data(as_text=True)
        assert 'name="version"' in html, path
        assert STALE not in html, path
        assert not re.search(r'="None"', html), path


def test_no_conflict_warning_under_the_success_message(client, forms):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    response = client.post(page, data={**fields, "csrf_token": csrf(client, page),
                                       "description": "Neu beschrieben."},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "gespeichert" in html
    assert STALE not in html


def test_a_real_conflict_is_still_explained(client, forms):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    token = csrf(client, page)
    first = client.post(page, data={**fields, "csrf_token": token, "description": "Eins."})
    assert first.status_code == 302
    second = client.post(page, data={**fields, "csrf_token": token, "description": "Zwei."})
    assert second.status_code == 409
    assert STALE in second.get_data(as_text=True)


def test_a_meeting_has_date_time_and_place(client, forms):
    login(client, "koordination@example.org")
    page = f"/verwalten/gremien/{GREMIUM}"
    fields = form_fields(client.get(page).get_data(as_text=True))
    response = client.post(page, data={**fields, "csrf_token": csrf(client, page),
                                       "next_meetings": "14.01.2027, 16:00, Stadtteilbüro"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "14.01.2027, 16:00, Stadtteilbüro" in client.get(page).get_data(as_text=True)
    public = client.get(f"/gremien/{GREMIUM}").get_data(as_text=True)
    assert "14.01.2027, 16:00, Stadtteilbüro" in public
