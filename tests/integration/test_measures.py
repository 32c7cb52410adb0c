"""Maßnahmensteckbriefe through the real app and Neo4j: planning fields (audited), the
printable profile, the Sozialraum annex, measures ending soon, seed idempotence."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph import queries as q
from graph.editing import current_state
from graph.measures import ending_measures
from graph.users import create_user
from ingest.seed import seed
from tests.integration.test_manage import PASSWORD, csrf, form_fields, login

pytestmark = pytest.mark.integration

SOON = "streetwork-osterfeld-mitte"
LATER = "tafel-ausgabestelle-osterfeld"


def months_ahead(months: int, today: date | None = None) -> date:
    today = today or date.today()
    month = today.month - 1 + months
    return date(today.year + month // 12, month % 12 + 1, min(today.day, 28))


@pytest.fixture
def planner(client, seeded_graph):
    create_user(seeded_graph, "planer@example.org", PASSWORD, "planner")
    login(client, "planer@example.org")
    return client


def _save_measure(client, offer_id, **values):
    page = f"/planung/massnahmen/{offer_id}/bearbeiten"
    fields = form_fields(client.get(page).get_data(as_text=True))
    return client.post(page, data={"csrf_token": csrf(client, page),
                                   "version": fields["version"], **values})


def test_temporary_measures_ending_within_six_months_are_listed_not_later_ones(
        planner, seeded_graph):
    soon, later = months_ahead(5), months_ahead(8)
    for offer_id, until in ((SOON, soon), (LATER, later)):
        response = _save_measure(planner, offer_id, measure_status="befristet",
                                 temporary_until=until.isoformat(),
                                 funding_period="01.2024 – 12.2026", department="bereich-3-1",
                                 recommendations=["beispiel-empfehlung-02"])
        assert response.status_code == 302, response.get_data(as_text=True)
    assert [m["id"] for m in ending_measures(seeded_graph)] == [SOON]

    html = planner.get("/planung/controlling").get_data(as_text=True)
    section = html.split('id="befristet"')[1].split("</section>")[0]
    assert f"/planung/massnahmen/{SOON}" in section and soon.strftime("%d.%m.%Y") in section
    assert f"/planung/massnahmen/{LATER}" not in section
    without = html.split('id="ohne-massnahme"')[1].split("</section>")[0]
    assert "/planung/empfehlungen/beispiel-empfehlung-02" not in without  # it has measures now


def test_planning_fields_are_audited_and_link_the_recommendation(planner, seeded_graph):
    response = _save_measure(planner, SOON, measure_status="geplant", contact="Frau Beispiel",
                             recommendations=["beispiel-empfehlung-02"])
    assert response.status_code == 302
    changes = seeded_graph.read("MATCH (c:Change)-[:ON]->(:Offer {id: $id}) "
                                "RETURN c.before_json AS b, c.after_json AS a", id=SOON)
    assert len(changes) == 1
    before, after = json.loads(changes[0]["b"]), json.loads(changes[0]["a"])
    assert (before["measure_status"], after["measure_status"]) == (None, "geplant")
    assert (before["recommendations"], after["recommendations"]) == (
        [], ["beispiel-empfehlung-02"])
    page = planner.get("/planung/empfehlungen/beispiel-empfehlung-02").get_data(as_text=True)
    assert f"/planung/massnahmen/{SOON}" in page


def test_a_temporary_measure_needs_its_end_date(planner, seeded_graph):
    before = current_state(seeded_graph, "offer", SOON)
    response = _save_measure(planner, SOON, measure_status="befristet", temporary_until="")
    assert "Eine befristete Maßnahme braucht ein Enddatum." in response.get_data(as_text=True)
    assert current_state(seeded_graph, "offer", SOON) == before


def test_profile_prints_and_the_sozialraum_annex_lists_measures(planner):
    html = planner.get("/planung/massnahmen/gemeinsam-gesund").get_data(as_text=True)
    assert 'href="/static/css/print.css" media="print"' in html
    assert "Maßnahmensteckbrief" in html and "B-01 Gesundheitsangebote" in html
    annex = planner.get("/planung/sozialraeume/mitte-styrum/massnahmen").get_data(as_text=True)
    local = annex.split("<h2>Im Sozialraum</h2>")[1].split("<h2>Stadtweit</h2>")[0]
    assert "/planung/massnahmen/gemeinsam-gesund" in local
    assert "/planung/massnahmen/mojo-mobile-jugendarbeit" not in local  # city-wide
    assert planner.get("/planung/sozialraeume/atlantis/massnahmen").status_code == 404


def test_seed_twice_keeps_recommendations_and_their_measures(empty_graph, seeded_state):
    seed(empty_graph, seeded_state.dataset)
    counts = (empty_graph.read(q.COUNT_NODES)[0]["count"],
              empty_graph.read(q.COUNT_RELATIONSHIPS)[0]["count"])
    seed(empty_graph, seeded_state.dataset)
    assert (empty_graph.read(q.COUNT_NODES)[0]["count"],
            empty_graph.read(q.COUNT_RELATIONSHIPS)[0]["count"]) == counts
    rows = empty_graph.read("MATCH (r:Recommendation) RETURN r.status AS status, "
                            "r.source AS source, COUNT { (:Offer)-[:IMPLEMENTS]->(r) } AS m")
    assert len(rows) == len(seeded_state.dataset.recommendations) >= 5
    assert {r["source"] for r in rows} == {"Beispieldatensatz (nicht belegt)"}
    assert sum(r["m"] for r in rows) == 4
