"""The map page in a real headless Chromium, with no tile server reachable."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import make_app
from tests.e2e.conftest import serving

pytestmark = pytest.mark.e2e

UNREACHABLE_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"

# Markers drawn one by one plus the numbers on the clusters: every institution once.
DRAWN_INSTITUTIONS = """() => {
  const single = document.querySelectorAll('.leaflet-marker-icon.map-marker').length;
  const clustered = [...document.querySelectorAll('.marker-cluster span')]
    .reduce((sum, span) => sum + Number(span.textContent), 0);
  return single + clustered;
}"""


@pytest.fixture
def map_server(neo4j_connection, seeded_state) -> Iterator[str]:
    with serving(make_app(neo4j_connection, LOTSE_TILE_URL=UNREACHABLE_TILES)) as url:
        yield url


@pytest.fixture
def desktop(browser) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def wait_until_drawn(page, expected: int) -> None:
    page.wait_for_function(
        f"() => document.querySelectorAll('#map-list .map-item').length === {expected}"
        f" && ({DRAWN_INSTITUTIONS})() === {expected}")


def test_filter_changes_markers_and_list_without_tiles(desktop, map_server, artifacts):
    page = desktop
    csp_violations: list[str] = []
    page.on("console", lambda m: csp_violations.append(m.text)
            if "Content Security Policy" in m.text else None)
    everything = page.request.get(map_server + "/api/v1/map").json()["institutions"]
    osterfeld = page.request.get(map_server + "/api/v1/map?sozialraum=osterfeld").json()
    assert 0 < len(osterfeld["institutions"]) < len(everything)

    page.goto(map_server + "/karte")
    wait_until_drawn(page, len(everything))
    page.get_by_text("Hintergrundkarte nicht verfügbar").wait_for()
    assert page.locator(".stadtteil-label").count() >= 20
    assert page.locator(".stadtteil-label", has_text="Osterfeld").count() >= 1

    page.get_by_label("Sozialraum").select_option("osterfeld")
    page.wait_for_url("**/karte?sozialraum=osterfeld")
    wait_until_drawn(page, len(osterfeld["institutions"]))
    listed = page.locator("#map-list .map-item h3 a").all_inner_texts()
    assert listed == [i["name"] for i in osterfeld["institutions"]]
    assert "einschließlich stadtweiter Angebote" in page.locator("#map-count").inner_text()
    assert page.locator("#map-notice").is_visible()
    page.screenshot(path=str(artifacts / "map-osterfeld-no-tiles.png"), full_page=True)

    first = osterfeld["institutions"][0]
    page.get_by_role("button", name=f"{first['name']} auf der Karte zeigen").click()
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert first["name"] in popup.inner_text()
    assert page.locator(f"#einrichtung-{first['id']}.is-focused").count() == 1
    assert not csp_violations


def test_link_to_the_map_position_opens_the_marker(desktop, map_server, artifacts):
    page = desktop
    page.goto(map_server + "/angebote")
    page.locator(".card h3 a").first.click()
    page.get_by_role("link", name="Auf der Karte zeigen").click()
    page.wait_for_url("**/karte?institution=*")
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    focused = page.locator("#map-list .map-item.is-focused h3 a").inner_text()
    assert focused in popup.inner_text()
    assert "Lage" in popup.inner_text()  # seeded institutions have no own coordinates
    page.wait_for_function(  # the map, not the list item of the #fragment, is in view
        "() => { const r = document.getElementById('karte').getBoundingClientRect();"
        " return r.top > -2 && r.bottom < window.innerHeight + 2; }")
    page.screenshot(path=str(artifacts / "map-focused-institution.png"))


def test_map_page_without_javascript_lists_and_filters(browser, map_server):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(map_server + "/karte")
        assert not page.locator("#karte").is_visible()
        assert "braucht JavaScript" in page.content()
        before = page.locator("#map-list .map-item").count()
        page.get_by_label("Sozialraum").select_option("osterfeld")
        page.get_by_role("button", name="Filtern").click()
        page.wait_for_url("**/karte?sozialraum=osterfeld*")
        assert 0 < page.locator("#map-list .map-item").count() < before
    finally:
        context.close()


def test_map_on_a_phone_stacks_map_legend_and_list(browser, map_server, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(map_server + "/karte?sozialraum=osterfeld&kostenlos=1")
        expected = page.request.get(
            map_server + "/api/v1/map?sozialraum=osterfeld&kostenlos=1").json()["institutions"]
        wait_until_drawn(page, len(expected))
        map_box = page.locator("#karte").bounding_box()
        list_box = page.locator("#map-list").bounding_box()
        assert map_box["width"] <= 390 and list_box["y"] > map_box["y"] + map_box["height"]
        page.screenshot(path=str(artifacts / "map-phone.png"), full_page=False)
    finally:
        context.close()
