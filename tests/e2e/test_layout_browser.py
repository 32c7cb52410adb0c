"""Public pages at a desktop and a phone width: nothing wider than the screen, no serious
or critical axe-core violation, and the chat's focus after an answer. Screenshots of each
page land in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.axe import violations

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PUBLIC_PAGES = ["/", "/suche?q=Beratung+für+Alleinerziehende+in+Osterfeld", "/angebote",
                "/einrichtungen", "/gremien", "/sozialraeume", "/sozialraeume/osterfeld",
                "/karte", "/login"]
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _name(path: str) -> str:
    return path.strip("/").split("?")[0].replace("/", "-") or "start"


@pytest.fixture
def checked_page(browser, live_server) -> Iterator[object]:
    """A page whose CSP lets the test inject axe-core (Lotse allows only its own scripts)."""
    context = browser.new_context(locale="de-DE", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_public_pages_fit_the_screen_and_pass_axe(checked_page, live_server, artifacts, width):
    page = checked_page
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    wide, failing = {}, {}
    for path in PUBLIC_PAGES:
        page.goto(live_server + path)
        page.screenshot(path=str(artifacts / f"page-{_name(path)}-{width}.png"), full_page=True)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            wide[path] = overflow
        found = violations(page)
        if found:
            failing[path] = found
    assert (wide, failing) == ({}, {})


def test_search_filters_stay_in_the_column(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/suche")
    column = page.locator("main").bounding_box()
    for control in (page.get_by_label("nur kostenlose"), page.get_by_label("Thema")):
        box = control.bounding_box()
        assert box["x"] + box["width"] <= column["x"] + column["width"]


def test_after_an_answer_focus_is_on_its_heading_and_more_results_are_linked(
        page, live_server, artifacts):
    page.goto(live_server + "/")
    page.get_by_label("Ihre Frage").fill("Familienzentrum in Osterfeld")
    page.get_by_role("button", name="Fragen").click()
    turn = page.locator(".turn").first
    turn.wait_for()
    page.wait_for_function("document.activeElement.classList.contains('turn-title')")
    assert page.locator("#chat-status").inner_text() == turn.locator(".bot-answer").inner_text()
    assert page.locator("[aria-live]").count() == 1
    assert turn.locator(".card.result").count() == 5
    more = turn.get_by_role("link", name="Treffer anzeigen")
    assert more.inner_text().startswith("alle ")
    page.screenshot(path=str(artifacts / "chat-answer-phone.png"), full_page=True)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "message"
    more.click()
    page.wait_for_url("**/suche?*")
    assert page.locator(".card.result").count() > 5


def test_a_failed_login_puts_the_focus_on_its_message(page, live_server):
    page.goto(live_server + "/login")
    page.get_by_label("E-Mail").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsches-passwort-123")
    page.get_by_role("button", name="Anmelden").click()
    page.locator("#login-error").wait_for()
    page.wait_for_function("document.activeElement.id === 'login-error'")
