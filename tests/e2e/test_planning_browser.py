"""The planner views in a real headless Chromium: the network picture, the gap matrix and
the printed Sozialraum profile."""

from __future__ import annotations

import re

import pytest

from graph.users import create_user

pytestmark = pytest.mark.e2e

PASSWORD = "ein-langes-passwort-123"


@pytest.fixture
def planner(seeded_graph):
    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")


def log_in(page, live_server, path):
    page.goto(live_server + path)
    assert "/login" in page.url
    page.get_by_label("E-Mail").fill("planung@example.org")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**" + path.split("?")[0] + "*")


def test_network_view_draws_the_gremien_of_a_sozialraum(page, live_server, planner, artifacts):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "/planung/netzwerk?sozialraum=osterfeld")
    page.locator("#network[data-ready='true']").wait_for()
    assert page.locator("#network canvas").count() > 0
    status = page.locator("#network-status").inner_text()
    assert "Knoten" in status and "Verbindungen" in status
    assert page.get_by_role("heading", name="Einrichtungen in keinem Gremium").count() == 1
    page.screenshot(path=str(artifacts / "planning-network-osterfeld.png"), full_page=True)
    assert errors == [], errors


def test_gap_matrix_shows_shaded_cells_that_open_their_offers(page, live_server, planner,
                                                              artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "/planung/luecken")
    matrix = page.locator("#gap-matrix")
    assert matrix.locator("td.gap, td.open-gap").count() > 0
    assert matrix.locator("td.covered").count() > 0
    page.screenshot(path=str(artifacts / "planning-gap-matrix.png"), full_page=True)
    matrix.get_by_role("link", name="Alleinerziehende in Osterfeld").click()
    page.wait_for_url("**/planung/luecken/zelle*")
    assert page.get_by_role("heading", name="Alleinerziehende in Osterfeld").count() == 1


def test_sozialraum_profile_prints_on_two_a4_pages(page, live_server, planner, artifacts):
    log_in(page, live_server, "/planung/sozialraeume/osterfeld")
    pdf = page.pdf(format="A4")  # Chromium's print to PDF (CDP Page.printToPDF)
    (artifacts / "planning-profile-osterfeld.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 2
