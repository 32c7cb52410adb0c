"""German alphabetical order (case and umlauts ignored) in every kind of list a user sees:
choices in selects, the planner pages (network, gaps, duplicates, profile, controlling,
measures), the maintenance dashboard and the API.

Planted names sort wrongly byte by byte: "Älterer Ortskern" after every Sozialraum,
"ökumenischer Arbeitskreis" after every gremium, "übergangsberatung am Abend" after
every offer; in German order each belongs between the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graph.collation import german_key
from graph.driver import Graph
from graph.recommendations import by_sozialraum, list_recommendations
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, login

pytestmark = pytest.mark.integration

SOZIALRAUM, GREMIUM, OFFER = "Älterer Ortskern", "ökumenischer Arbeitskreis", \
    "übergangsberatung am Abend"
BRIDGE, ISOLATED = "ärztliche Beratungsstelle", "Ölmühle e. V."

PLANT = """
MATCH (b:Bezirk)<-[:IN]-(:Sozialraum {id: 'osterfeld'})<-[:IN]-(st:Stadtteil)
WITH b, st LIMIT 1
MATCH (osterfeld:Sozialraum {id: 'osterfeld'}), (sr:Gremium {id: $gremium})
MATCH (tg:TargetGroup {id: 'kinder'}), (topic:Topic) WITH * LIMIT 1
CREATE (s:Sozialraum {id: 'zz-ortskern', name: $sozialraum})-[:IN]->(b)
CREATE (:Stadtteil {id: 'zz-ortskern-mitte', name: 'Ortskern-Mitte'})-[:IN]->(s)
CREATE (g:Gremium {id: 'zz-arbeitskreis', name: $gremium_name, kind: 'Arbeitskreis',
                   version: 1})-[:COVERS]->(osterfeld)
CREATE (g)-[:COVERS]->(s)
CREATE (i:Institution {id: 'zz-beratung', name: $bridge, version: 1})-[:LOCATED_IN]->(st)
CREATE (i)-[:MEMBER_OF {role: 'Mitglied'}]->(g), (i)-[:MEMBER_OF {role: 'Mitglied'}]->(sr)
CREATE (:Institution {id: 'zz-oelmuehle', name: $isolated, version: 1})-[:LOCATED_IN]->(st)
CREATE (o:Offer {id: 'zz-uebergang', title: $offer, status: 'aktiv', citywide: false,
                 measure_status: 'laufend', version: 1})-[:OFFERED_BY]->(i)
CREATE (o)-[:AVAILABLE_IN]->(osterfeld), (o)-[:AVAILABLE_IN]->(s), (o)-[:LOCATED_IN]->(st)
CREATE (o)-[:FOR]->(tg), (o)-[:ABOUT]->(topic)
WITH s
MATCH (r:Recommendation) WITH s, r ORDER BY r.id LIMIT 1
CREATE (r)-[:CONCERNS]->(s)
"""


@pytest.fixture(scope="module")
def planted(seeded_state) -> Iterator[Graph]:
    graph = seeded_state.graph
    graph.write(PLANT, gremium="sozialraumgremium-osterfeld", sozialraum=SOZIALRAUM,
                gremium_name=GREMIUM, bridge=BRIDGE, isolated=ISOLATED, offer=OFFER)
    for role in ("planner", "admin"):
        create_user(graph, f"{role}@example.org", PASSWORD, role)
    yield graph
    seeded_state.restore()


@pytest.fixture
def as_role(client, planted):
    def log_in(role: str):
        login(client, f"{role}@example.org")
        return client
    return log_in


def in_german_order(names: list[str], planted_name: str) -> bool:
    assert planted_name in names, names  # the list holds the name that sorts wrongly
    return names == sorted(names, key=german_key)


def texts(html: str, start: str, end: str, pattern: str) -> list[str]:
    """The matches of `pattern` between the first `start` and the next `end`."""
    section = html.split(start, 1)[1].split(end, 1)[0]
    return [m.replace("&amp;", "&") for m in re.findall(pattern, section)]


LINK = r'<a href="/[^"]*">([^<]+)</a>'
OPTION = r'<option [^>]*value="[^"]+"[^>]*>([^<]+)</option>'


@pytest.mark.parametrize("path, select, planted_name", [
    ("/planung/netzwerk", 'id="sozialraum-filter"', SOZIALRAUM),
    ("/planung/doppelstrukturen", 'id="sozialraum-filter"', SOZIALRAUM),
    ("/karte", 'id="f-sozialraum"', SOZIALRAUM),
    ("/angebote", 'id="f-sozialraum"', SOZIALRAUM),
    ("/planung/bekanntheit/veranstaltung", '<select id="sozialraum"', SOZIALRAUM),
    ("/planung/bekanntheit/veranstaltung", '<datalist id="offer-options">', OFFER),
    ("/verwalten/angebote/zz-uebergang", '<select id="sozialraeume"', SOZIALRAUM),
])
def test_choices_are_in_german_order(as_role, path, select, planted_name):
    response = as_role("admin").get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    if select.startswith("<datalist"):  # an offer is chosen by its name, suggested in order
        titles = texts(html, select, "</datalist>", r'<option value="([^"]+)">')
        names = [title.rsplit(" – ", 1)[0] for title in titles]
    else:
        names = texts(html, select, "</select>", OPTION)
    assert in_german_order(names, planted_name)


def test_network_page_lists_are_in_german_order(as_role):
    html = as_role("planner").get("/planung/netzwerk").get_data(as_text=True)
    osterfeld = html.split('sozialraum=osterfeld">Osterfeld</a>', 1)[1].split("</ul>\n  </li>")[0]
    gremien = re.findall(r"<summary>([^<]+) – \d+ Mitglieder</summary>", osterfeld)
    assert in_german_order(gremien, GREMIUM)
    members = texts(html, f"<summary>{SOZIALRAUM_GREMIUM} –", "</details>", LINK)[1:]
    assert in_german_order(members, BRIDGE)
    isolated = texts(html, "Einrichtungen in keinem Gremium", "</details>", LINK)
    assert in_german_order(isolated, ISOLATED)
    bridge_gremien = re.search(rf"{BRIDGE}</a>: ([^<]+)</li>", html).group(1).split(", ")
    assert in_german_order(bridge_gremien, GREMIUM)
    places = re.findall(r'<li><strong><a href="/planung/netzwerk\?sozialraum=[^"]+">([^<]+)',
                        html)
    assert in_german_order(places, SOZIALRAUM)


SOZIALRAUM_GREMIUM = "Sozialraumgremium Osterfeld"


def test_gap_matrix_and_cell_are_in_german_order(as_role):
    client = as_role("planner")
    html = client.get("/planung/luecken").get_data(as_text=True)
    rows = texts(html, "<thead>", "</thead>", r'<a href="/planung/sozialraeume/[^"]+">([^<]+)</a>')
    assert in_german_order(rows, SOZIALRAUM)
    cell = client.get("/planung/luecken/zelle?sozialraum=osterfeld&spalte=kinder")
    offers = re.findall(r'<li><a href="/angebote/[^"]+">([^<]+)</a> –', cell.get_data(as_text=True))
    local = offers[:offers.index(OFFER) + 1]  # local offers first, then city-wide ones
    assert in_german_order(local, OFFER)


def test_planning_instruments_are_in_german_order(as_role, planted):
    html = as_role("planner").get("/planung/massnahmen").get_data(as_text=True)
    measures = re.findall(r'<th scope="row"><a href="/planung/massnahmen/[^"]+">([^<]+)</a>',
                          html)
    assert in_german_order(measures, OFFER)
    groups = [name for name, _ in by_sozialraum(list_recommendations(planted))]
    assert in_german_order(groups[:-1] if groups[-1] == "stadtweit" else groups, SOZIALRAUM)


def test_dashboard_lists_are_in_german_order(as_role):
    html = as_role("admin").get("/verwalten/").get_data(as_text=True)
    gremien = re.findall(r'<li><a href="/verwalten/gremien/[^"]+">([^<]+)</a>', html)
    assert in_german_order(gremien, GREMIUM)
    institutions = re.findall(r'<li><a href="/verwalten/einrichtungen/[^"]+">([^<]+)</a>', html)
    assert in_german_order(institutions, BRIDGE)


def test_api_lists_are_in_german_order(client, planted):
    sozialraeume = [s["name"] for s in client.get("/api/v1/sozialraeume").get_json()["items"]]
    assert in_german_order(sozialraeume, SOZIALRAUM)
    groups = client.get("/api/v1/offers?limit=100").get_json()["items"]
    named = [o["target_groups"] for o in groups if len(o["target_groups"]) > 2]
    assert all(names == sorted(names, key=german_key) for names in named)
    assert any(names != sorted(names) for names in named)  # byte order would differ
