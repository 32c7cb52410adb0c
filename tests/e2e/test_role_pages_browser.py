"""Every page of each role at a desktop and a phone width: nothing wider than the
screen, no serious or critical axe-core violation, a screenshot each; and the gap matrix
keeps its first column in view while it scrolls inside its box."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.axe import violations
from tests.e2e.test_layout_browser import OVERFLOW, WIDTHS
from tests.support import create_accounts

pytestmark = pytest.mark.e2e

PASSWORD = "ein-langes-passwort-123"
GREMIUM = "sozialraumgremium-osterfeld"
ROLE_PAGES = {
    "coordinator": ["/verwalten/", f"/verwalten/gremien/{GREMIUM}", "/verwalten/aenderungen"],
    "editor": ["/verwalten/", "/verwalten/einrichtungen/{institution}",
               "/verwalten/angebote/{offer}"],
    "planner": ["/planung/", "/planung/doppelstrukturen", "/planung/doppelte-eintraege",
                "/planung/luecken", "/planung/netzwerk", "/planung/sozialraeume/osterfeld",
                "/planung/bekanntheit/", "/planung/bekanntheit/veranstaltung",
                "/planung/empfehlungen", "/planung/massnahmen", "/planung/controlling"],
    "admin": ["/verwalten/", "/verwalten/konten", "/verwalten/angebote/geloescht",
              "/verwalten/passwort"],
}


@pytest.fixture
def accounts(seeded_graph) -> dict[str, str]:
    return create_accounts(seeded_graph, PASSWORD, GREMIUM,
                           coordinator="coordinator@example.org", editor="editor@example.org",
                           planner="planner@example.org", admin="admin@example.org")


@pytest.fixture
def checked_context(browser) -> Iterator[object]:
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    yield context
    context.close()


def _log_in(page, live_server, email):
    page.goto(live_server + "/login")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("role", ROLE_PAGES)
def test_each_roles_pages_fit_the_screen_and_pass_axe(checked_context, live_server, accounts,
                                                      artifacts, role):
    page = checked_context.new_page()
    page.set_default_timeout(30_000)
    _log_in(page, live_server, f"{role}@example.org")
    wide, failing = {}, {}
    for width, size in WIDTHS.items():
        page.set_viewport_size(dict(zip(("width", "height"), size, strict=True)))
        for path in ROLE_PAGES[role]:
            page.goto(live_server + path.format(**accounts))
            name = path.strip("/").replace("/", "-")
            page.screenshot(path=str(artifacts / f"{role}-{name}-{width}.png"), full_page=True)
            if (overflow := page.evaluate(OVERFLOW)) > 0:
                wide[(width, path)] = overflow
            if found := violations(page):
                failing[(width, path)] = found
    assert (wide, failing) == ({}, {})


def test_gap_matrix_scrolls_in_its_box_with_the_first_column_in_view(
        checked_context, live_server, accounts):
    page = checked_context.new_page()
    _log_in(page, live_server, "planner@example.org")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/planung/luecken")
    box = page.locator(".matrix-scroll")
    assert page.evaluate(OVERFLOW) <= 0
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    first = page.locator("#gap-matrix tbody th").first
    assert first.evaluate("e => getComputedStyle(e).position") == "sticky"
    assert first.bounding_box()["x"] >= box.bounding_box()["x"] - 1
    # Every Sozialraum's column can be reached (none is cut off after Osterfeld).
    last = page.locator("#gap-matrix thead th").last
    assert last.bounding_box()["x"] < box.bounding_box()["x"] + box.bounding_box()["width"]
