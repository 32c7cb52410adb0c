"""Handlungsempfehlungen through the real app and Neo4j: access, CSRF, audit, controlling,
gaps and the CSV/Excel import (all rows or none)."""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from openpyxl import Workbook

from graph.editing import Actor, current_state, undo
from graph.recommendations import recommendations_by_cell
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, csrf, form_fields, login

pytestmark = pytest.mark.integration

WITH_MEASURE = "beispiel-empfehlung-01"
WITHOUT_MEASURE = "beispiel-empfehlung-02"
CITYWIDE = "beispiel-empfehlung-05"
HEADER = "Nummer;Titel;Text;Sozialräume;Bereiche;Zielgruppen;Themen;Datum;Status;Status seit"
GOOD_ROWS = [
    "N-1;Begegnungscafé für Ältere;Ein offener Treff für ältere Menschen.;Osterfeld;"
    "3-2 Soziales;Seniorinnen und Senioren;;01.03.2025;offen;",
    'N-2;Stadtweite Sprachmittlung;Dolmetschpool für Beratungen.;stadtweit;'
    '"bereich-2-6; 3-4 Gesundheit";zugewanderte;integration;2025-04-01;in Umsetzung;01.06.2025',
]
COUNT_RECOMMENDATIONS = "MATCH (r:Recommendation) RETURN count(r) AS n"
COUNT_CHANGES = "MATCH (c:Change) RETURN count(c) AS n"


@pytest.fixture
def accounts(seeded_graph):
    institution = seeded_graph.read("MATCH (i:Institution) RETURN i.id AS id LIMIT 1")[0]["id"]
    create_user(seeded_graph, "planer@example.org", PASSWORD, "planner")
    create_user(seeded_graph, "admin@example.org", PASSWORD, "admin")
    create_user(seeded_graph, "koordination@example.org", PASSWORD, "coordinator",
                gremien=["sozialraumgremium-osterfeld"])
    create_user(seeded_graph, "einrichtung@example.org", PASSWORD, "editor",
                institutions=[institution])


def _planning_paths(app):
    """Every GET page of the planning instruments, with real ids."""
    ids = {"recommendation_id": WITH_MEASURE, "offer_id": "gemeinsam-gesund",
           "sozialraum_id": "osterfeld"}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in ("recommendations", "measures",
                                           "recommendation_import"):
            path = rule.rule
            for name, value in ids.items():
                path = path.replace(f"<{name}>", value)
            yield rule, path


def _count(graph, statement):
    return graph.read(statement)[0]["n"]


def test_access_anonymous_to_login_others_403_planners_and_admins_200(app, accounts):
    rules = list(_planning_paths(app))
    assert {path for _, path in rules} >= {"/planung/empfehlungen", "/planung/controlling",
                                           f"/planung/empfehlungen/{WITH_MEASURE}"}
    anonymous = app.test_client()
    token = csrf(anonymous)
    for rule, path in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = anonymous.open(path, method=method, data={"csrf_token": token})
            assert response.status_code == 302 and "/login" in response.headers["Location"]
    for email, expected in (("koordination@example.org", 403), ("einrichtung@example.org", 403),
                            ("planer@example.org", 200), ("admin@example.org", 200)):
        client = app.test_client()
        login(client, email)
        for rule, path in rules:
            if "GET" in rule.methods:
                assert client.get(path).status_code == expected, (email, path)


def test_every_post_without_csrf_token_is_400_and_writes_nothing(app, client, accounts,
                                                                 seeded_graph):
    login(client, "admin@example.org")
    changes = _count(seeded_graph, COUNT_CHANGES)
    posts = [path for rule, path in _planning_paths(app) if "POST" in rule.methods]
    assert len(posts) >= 5
    for path in posts:
        response = client.post(path, data={"version": "1", "status": "umgesetzt",
                                           "since": "2026-01-01", "title": "x"})
        assert response.status_code == 400, path
    assert _count(seeded_graph, COUNT_CHANGES) == changes


def test_status_change_is_audited_once_and_shown_in_controlling(client, accounts,
                                                               seeded_graph):
    login(client, "planer@example.org")
    page = f"/planung/empfehlungen/{WITHOUT_MEASURE}"
    html = client.get(page).get_data(as_text=True)
    response = client.post(page + "/status", data={
        "csrf_token": csrf(client, page), "version": form_fields(html)["version"],
        "status": "in Umsetzung", "since": "2026-01-15"})
    assert response.status_code == 302, response.get_data(as_text=True)

    changes = seeded_graph.read(
        "MATCH (c:Change)-[:ON]->(:Recommendation {id: $id}) RETURN properties(c) AS c",
        id=WITHOUT_MEASURE)
    assert len(changes) == 1
    before, after = (json.loads(changes[0]["c"][k]) for k in ("before_json", "after_json"))
    assert (before["status"], after["status"]) == ("offen", "in Umsetzung")
    assert (before["status_since"], after["status_since"]) == ("2022-11-15", "2026-01-15")
    assert after["status_history"] == ["2022-11-15|offen", "2026-01-15|in Umsetzung"]

    controlling = client.get("/planung/controlling").get_data(as_text=True)
    row = re.search(r"<td>B-02</td>.*?</tr>", controlling, re.S).group(0)
    assert "in Umsetzung" in row and "15.01.2026" in row

    undo(seeded_graph, changes[0]["c"]["id"], Actor("test", "test@example.org"))
    assert current_state(seeded_graph, "recommendation", WITHOUT_MEASURE)["status"] == "offen"


def test_status_date_before_the_last_change_is_refused(client, accounts, seeded_graph):
    login(client, "planer@example.org")
    page = f"/planung/empfehlungen/{WITH_MEASURE}"
    response = client.post(page + "/status", data={
        "csrf_token": csrf(client, page), "version": "1", "status": "umgesetzt",
        "since": "2020-01-01"})
    assert response.status_code == 400
    assert "vor dem letzten Statuswechsel" in response.get_data(as_text=True)
    assert current_state(seeded_graph, "recommendation", WITH_MEASURE)["status"] == "in Umsetzung"


def test_controlling_lists_recommendations_without_measure(client, accounts):
    login(client, "admin@example.org")
    html = client.get("/planung/controlling").get_data(as_text=True)
    section = html.split('id="ohne-massnahme"')[1].split("</section>")[0]
    assert f"/planung/empfehlungen/{WITHOUT_MEASURE}" in section
    assert f"/planung/empfehlungen/{CITYWIDE}" in section
    assert f"/planung/empfehlungen/{WITH_MEASURE}" not in section


def test_new_recommendation_is_created_with_one_audit_record(client, accounts, seeded_graph):
    login(client, "planer@example.org")
    page = "/planung/empfehlungen/neu"
    response = client.post(page, data={
        "csrf_token": csrf(client, page), "version": "1", "number": "N-9",
        "title": "Neue Empfehlung", "text": "Begründung", "sozialraeume": ["osterfeld"],
        "departments": ["bereich-3-2"], "target_groups": ["familien"], "date": "2026-02-01",
        "status": "offen"})
    assert response.status_code == 302, response.get_data(as_text=True)
    node_id = response.headers["Location"].rsplit("/", 1)[-1]
    state = current_state(seeded_graph, "recommendation", node_id)
    assert (state["status"], state["status_since"], state["sozialraeume"]) == (
        "offen", "2026-02-01", ["osterfeld"])
    assert _count(seeded_graph, "MATCH (c:Change {action: 'create'})-[:ON]->(:Recommendation)"
                                " RETURN count(c) AS n") == 1
    duplicate = client.post(page, data={
        "csrf_token": csrf(client, page), "version": "1", "number": "B-01", "title": "x",
        "text": "y", "citywide": "y", "departments": ["bereich-3-2"], "date": "2026-02-01",
        "status": "offen"})
    assert "Diese Nummer hat schon eine andere Empfehlung" in duplicate.get_data(as_text=True)


def test_recommendations_by_cell_gives_the_gaps_they_answer(reader_graph):
    cells = recommendations_by_cell(reader_graph)
    assert cells[("osterfeld", "ueberschuldete")] == [WITHOUT_MEASURE]
    citywide = {s for (s, tg), ids in cells.items() if CITYWIDE in ids}
    assert len(citywide) == 6
    assert ("sterkrade-nord", "jugendarbeit") in recommendations_by_cell(reader_graph, "topics")


def _upload(client, name, data):
    page = "/planung/empfehlungen/import"
    return client.post(page, data={"csrf_token": csrf(client, page),
                                   "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def test_import_with_bad_rows_is_rejected_whole_with_german_messages(client, accounts,
                                                                      seeded_graph):
    login(client, "planer@example.org")
    before = (_count(seeded_graph, COUNT_RECOMMENDATIONS), _count(seeded_graph, COUNT_CHANGES))
    bad = "\n".join([HEADER, *GOOD_ROWS,
                     "N-3;;Text;Atlantis;3-2 Soziales;;;31.02.2025;erledigt;",
                     "N-1;Doppelt;Text;Osterfeld;3-2 Soziales;;;01.01.2025;offen;"])
    response = _upload(client, "empfehlungen.csv", bad.encode())
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    for expected in ("Zeile 4, Spalte „Titel“: Darf nicht leer sein.",
                     "Zeile 4, Spalte „Sozialräume“: Sozialraum „Atlantis“ ist unbekannt.",
                     "Zeile 4, Spalte „Datum“: „31.02.2025“ ist kein Datum",
                     "Zeile 4, Spalte „Status“: „erledigt“ ist kein gültiger Status",
                     "Zeile 5, Spalte „Nummer“: Die Nummer „N-1“ steht schon in Zeile 2."):
        assert expected in html, expected
    assert "Zeile 2," not in html and "Zeile 3," not in html  # the good rows are fine
    after = (_count(seeded_graph, COUNT_RECOMMENDATIONS), _count(seeded_graph, COUNT_CHANGES))
    assert after == before


def test_import_rejects_unknown_columns_and_other_file_types(client, accounts, seeded_graph):
    login(client, "planer@example.org")
    html = _upload(client, "e.csv", (HEADER + ";Zielgrupen\n").encode()).get_data(as_text=True)
    assert "Zeile 1, Spalte „Zielgrupen“: Diese Spalte ist unbekannt" in html
    html = _upload(client, "e.txt", b"x").get_data(as_text=True)
    assert "Bitte eine CSV- oder Excel-Datei (.xlsx) hochladen." in html


def test_good_csv_imports_and_reimport_updates_only_what_changed(client, accounts,
                                                                 seeded_graph):
    login(client, "planer@example.org")
    count = _count(seeded_graph, COUNT_RECOMMENDATIONS)
    response = _upload(client, "empfehlungen.csv", "\n".join([HEADER, *GOOD_ROWS]).encode())
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _count(seeded_graph, COUNT_RECOMMENDATIONS) == count + 2
    rows = {r["number"]: r for r in seeded_graph.read(
        "MATCH (r:Recommendation) WHERE r.number STARTS WITH 'N-' RETURN r.number AS number, "
        "r.citywide AS citywide, r.status_since AS since, "
        "[(r)-[:ADDRESSED_TO]->(d) | d.id] AS departments, "
        "[(r)-[:CONCERNS]->(s) | s.id] AS sozialraeume")}
    assert rows["N-1"]["sozialraeume"] == ["osterfeld"] and rows["N-1"]["since"] == "2025-03-01"
    assert rows["N-2"]["citywide"] is True
    assert sorted(rows["N-2"]["departments"]) == ["bereich-2-6", "bereich-3-4"]

    changes = _count(seeded_graph, COUNT_CHANGES)
    changed = GOOD_ROWS[0].replace(";offen;", ";umgesetzt;01.01.2026")
    response = _upload(client, "e.csv", "\n".join([HEADER, changed, GOOD_ROWS[1]]).encode())
    assert response.status_code == 302
    assert _count(seeded_graph, COUNT_RECOMMENDATIONS) == count + 2
    assert _count(seeded_graph, COUNT_CHANGES) == changes + 1


def test_good_xlsx_imports(client, accounts, seeded_graph):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(";"))
    sheet.append([7, "Aus Excel", "Text", "Sterkrade-Nord; Osterfeld", "bereich-3-1",
                  "Jugendliche", "Jugendarbeit", date(2025, 5, 6), "offen", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    login(client, "admin@example.org")
    response = _upload(client, "liste.xlsx", buffer.getvalue())
    assert response.status_code == 302, response.get_data(as_text=True)
    record = seeded_graph.read(
        "MATCH (r:Recommendation {number: '7'}) RETURN r.date AS date, r.source AS source, "
        "[(r)-[:CONCERNS]->(s) | s.id] AS sozialraeume")[0]
    assert record["date"] == "2025-05-06" and "liste.xlsx" in record["source"]
    assert sorted(record["sozialraeume"]) == ["osterfeld", "sterkrade-nord"]


def test_cli_import_prints_english_lines_and_exits_1(runner, seeded_graph, tmp_path):
    count = _count(seeded_graph, COUNT_RECOMMENDATIONS)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, GOOD_ROWS[0], "N-3;T;Text;Osterfeld;niemand;;;"
                              "01.01.2025;fertig;"]), encoding="utf-8")
    result = runner.invoke(args=["import-recommendations", str(bad)])
    assert result.exit_code == 1
    assert "row 3, column 'Bereiche': unknown department 'niemand'" in result.output
    assert "row 3, column 'Status': 'fertig' is not one of" in result.output
    assert "bad.csv rejected, nothing was written: 2 problem(s)" in result.output
    assert _count(seeded_graph, COUNT_RECOMMENDATIONS) == count

    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *GOOD_ROWS]), encoding="utf-8")
    result = runner.invoke(args=["import-recommendations", str(good)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 updated, 0 unchanged" in result.output
    assert _count(seeded_graph, COUNT_RECOMMENDATIONS) == count + 2
