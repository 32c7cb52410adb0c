"""Planner views against the real Neo4j, with planted cases: duplicate structures and
records, the merge, gaps, awareness."""

from __future__ import annotations

from datetime import date

import pytest

from graph import awareness, duplicate_records, duplicates, gaps
from graph.awareness import DialogueEvent, Vote
from graph.editing import Actor, create, update
from graph.errors import Refused
from ingest.embeddings import refresh_embeddings

pytestmark = pytest.mark.integration

PLANNER = Actor(id="test-planner", email="planung@example.org")
TEXT = ("Offener Treff für Alleinerziehende mit Kinderbetreuung: Austausch, Beratung zu "
        "Unterhalt und Kita-Platz, gemeinsames Frühstück jeden Dienstag.")
TEXT_VARIANT = ("Offener Treffpunkt für Alleinerziehende mit Kinderbetreuung: Austausch, "
                "Beratung zu Unterhalt und Kitaplatz, gemeinsames Frühstück am Dienstag.")


def plant_offer(graph, title, text, sozialraum, provider_name, hours="Di 9–11 Uhr"):
    institution, _ = create(graph, "institution", {"name": provider_name,
                                                   "category": "Anlauf- und Beratungsstellen"},
                            PLANNER)
    offer, _ = create(graph, "offer", {
        "title": title, "description": text, "status": "aktiv", "hours": hours,
        "citywide": False, "target_groups": ["alleinerziehende"], "topics": ["beratung"],
        "sozialraeume": [sozialraum]}, PLANNER, offered_by=institution)
    return offer, institution


def clusters_with(graph, *offer_ids):
    return [c for c in duplicates.duplicate_clusters(graph) if set(offer_ids) <= set(c.offer_ids)]


def test_near_identical_offers_of_two_providers_in_one_sozialraum_form_a_cluster(
        seeded_graph, embedder, second_embedder):
    a, _ = plant_offer(seeded_graph, "Alleinerziehenden-Treff Vondern", TEXT, "osterfeld",
                       "Familienverein Vondern")
    b, _ = plant_offer(seeded_graph, "Treff für Alleinerziehende Vondern", TEXT_VARIANT,
                       "osterfeld", "Nachbarschaftshilfe Vondern", hours="Di 9–12 Uhr")
    refresh_embeddings(seeded_graph, embedder, second=second_embedder, only=[a, b])
    [cluster] = clusters_with(seeded_graph, a, b)
    assert cluster.places == ["osterfeld"]
    assert "alleinerziehende" in cluster.target_groups
    assert cluster.similarity >= duplicates.DEFAULT_THRESHOLD
    assert set(cluster.differences) == {"hours"}
    assert sorted(cluster.differences["hours"]) == ["Di 9–11 Uhr", "Di 9–12 Uhr"]
    providers = {o["provider"] for o in cluster.offers}
    assert {"Familienverein Vondern", "Nachbarschaftshilfe Vondern"} <= providers
    focused = duplicates.duplicate_clusters(seeded_graph, sozialraum="osterfeld")
    assert cluster.id in {c.id for c in focused}
    assert all("osterfeld" in c.places for c in focused)
    assert cluster.id not in {c.id for c in duplicates.duplicate_clusters(
        seeded_graph, sozialraum="sterkrade-nord")}


def test_the_same_two_offers_in_different_sozialraeume_are_no_cluster(
        seeded_graph, embedder, second_embedder):
    a, _ = plant_offer(seeded_graph, "Alleinerziehenden-Treff Vondern", TEXT, "osterfeld",
                       "Familienverein Vondern")
    b, _ = plant_offer(seeded_graph, "Treff für Alleinerziehende Schmachtendorf",
                       TEXT_VARIANT, "sterkrade-nord", "Nachbarschaftshilfe Schmachtendorf")
    refresh_embeddings(seeded_graph, embedder, second=second_embedder, only=[a, b])
    assert clusters_with(seeded_graph, a, b) == []
    pair_ids = {(p.a, p.b) for p in duplicates.candidate_pairs(seeded_graph)}
    assert (min(a, b), max(a, b)) not in pair_ids


def test_a_cluster_marked_intended_stops_showing(seeded_graph, embedder, second_embedder):
    a, _ = plant_offer(seeded_graph, "Alleinerziehenden-Treff Vondern", TEXT, "osterfeld",
                       "Familienverein Vondern")
    b, _ = plant_offer(seeded_graph, "Treff für Alleinerziehende Vondern", TEXT_VARIANT,
                       "osterfeld", "Nachbarschaftshilfe Vondern")
    refresh_embeddings(seeded_graph, embedder, second=second_embedder, only=[a, b])
    [cluster] = clusters_with(seeded_graph, a, b)
    duplicates.mark_intended(seeded_graph, cluster.offer_ids, PLANNER, "zwei Zielgruppen")
    assert clusters_with(seeded_graph, a, b) == []
    shown = duplicates.duplicate_clusters(seeded_graph, include_intended=True)
    assert cluster.id in {c.id for c in shown}


def plant_duplicate_institution(graph):
    keep, _ = create(graph, "institution", {
        "name": "Caritas-Beratungsstelle Sterkrade", "category": "Anlauf- und Beratungsstellen",
        "street": "Steinbrinkstraße 12", "postal_code": "46145"}, PLANNER)
    twin, _ = create(graph, "institution", {
        "name": "Caritasberatungsstelle Sterkrade", "category": "Anlauf- und Beratungsstellen",
        "street": "Steinbrinkstr. 12", "postal_code": "46145", "phone": "0208 123456"}, PLANNER)
    return keep, twin


def relationship_summary(graph, institution_id):
    return sorted((r["type"], r["direction"], r["other"]) for r in graph.read(
        "MATCH (i:Institution {id: $id})-[r]-(x) "
        "RETURN type(r) AS type, CASE WHEN startNode(r) = i THEN 'out' ELSE 'in' END AS "
        "direction, coalesce(x.id, labels(x)[0]) AS other", id=institution_id))


def test_a_planted_duplicate_institution_is_found_and_merged_with_every_relationship(
        seeded_graph):
    keep, twin = plant_duplicate_institution(seeded_graph)
    pairs = duplicate_records.duplicate_institutions(seeded_graph)
    assert {(p.keep["id"], p.duplicate["id"]) for p in pairs} & {(keep, twin), (twin, keep)}
    offer, _ = create(seeded_graph, "offer", {
        "title": "Schuldnerberatung", "description": "Beratung bei Schulden.", "status": "aktiv",
        "citywide": True, "target_groups": ["familien"], "topics": ["beratung"]}, PLANNER,
        offered_by=twin)
    seeded_graph.write(
        "MATCH (i:Institution {id: $id}), (g:Gremium {id: 'sozialraumgremium-osterfeld'}), "
        "(t:Stadtteil {id: 'schmachtendorf'}) "
        "CREATE (i)-[:MEMBER_OF {role: 'Mitglied', since: '2024-01-01'}]->(g), "
        "(i)-[:LOCATED_IN]->(t)", id=twin)
    before = relationship_summary(seeded_graph, twin)
    kept_before = relationship_summary(seeded_graph, keep)

    duplicate_records.merge_records(seeded_graph, "institution", keep, twin, PLANNER)

    assert not seeded_graph.read("MATCH (i:Institution {id: $id}) RETURN i", id=twin)
    after = relationship_summary(seeded_graph, keep)
    moved = [r for r in before if r[0] != "ON"]
    assert all(r in after for r in moved)  # offer, membership, place
    assert ("OFFERED_BY", "in", offer) in after
    # both creation records and the merge record are now on the kept institution
    changes = seeded_graph.read("MATCH (c:Change)-[:ON]->(:Institution {id: $id}) "
                                "RETURN c.action AS action, c.after_json AS after", id=keep)
    assert sorted(c["action"] for c in changes) == ["create", "create", "merge"]
    assert len([r for r in after if r[0] == "ON"]) == len(
        [r for r in kept_before + before if r[0] == "ON"]) + 1
    kept = seeded_graph.read("MATCH (i:Institution {id: $id}) RETURN i.phone AS phone, "
                             "i.name AS name", id=keep)[0]
    assert kept["phone"] == "0208 123456" and kept["name"] == "Caritas-Beratungsstelle Sterkrade"


def test_a_merge_with_an_unknown_relationship_is_refused_and_changes_nothing(seeded_graph):
    keep, twin = plant_duplicate_institution(seeded_graph)
    seeded_graph.write("MATCH (i:Institution {id: $id}), (g:Gremium) WITH i, g LIMIT 1 "
                       "CREATE (i)-[:SPONSORS]->(g)", id=twin)
    before = relationship_summary(seeded_graph, twin)
    with pytest.raises(Refused, match="SPONSORS"):
        duplicate_records.merge_records(seeded_graph, "institution", keep, twin, PLANNER)
    assert relationship_summary(seeded_graph, twin) == before


def test_a_target_group_without_offer_in_a_sozialraum_is_a_gap(seeded_graph):
    seeded_graph.write("CREATE (:TargetGroup {id: 'testgruppe', name: 'Testgruppe'})")
    offer, _ = create(seeded_graph, "offer", {
        "title": "Nur in Osterfeld", "description": "Ein Angebot nur in Osterfeld.",
        "status": "aktiv", "citywide": False, "target_groups": ["testgruppe"],
        "topics": ["beratung"], "sozialraeume": ["osterfeld"]}, PLANNER,
        offered_by="gesundheitsamt")
    matrix = gaps.gap_matrix(seeded_graph, "target_groups")
    assert matrix.cell("osterfeld", "testgruppe").local == 1
    assert not matrix.cell("osterfeld", "testgruppe").gap
    assert matrix.cell("sterkrade-nord", "testgruppe").gap
    assert matrix.cell("sterkrade-nord", "testgruppe").open_gap
    assert ("sterkrade-nord", "testgruppe") in matrix.gaps()
    assert [o["id"] for o in gaps.cell_offers(seeded_graph, "target_groups", "osterfeld",
                                              "testgruppe")] == [offer]
    # a city-wide offer fills no local gap but is counted beside it
    create(seeded_graph, "offer", {
        "title": "Stadtweit", "description": "Für die ganze Stadt.", "status": "aktiv",
        "citywide": True, "target_groups": ["testgruppe"], "topics": ["beratung"]}, PLANNER,
        offered_by="gesundheitsamt")
    cell = gaps.gap_matrix(seeded_graph, "target_groups").cell("sterkrade-nord", "testgruppe")
    assert (cell.local, cell.citywide, cell.gap, cell.open_gap) == (0, 1, True, False)


def test_unanswered_searches_are_counted_in_their_cell(seeded_graph):
    seeded_graph.write(
        "CREATE (:SearchEvent {id: 'e1', sozialraeume: ['osterfeld'], "
        "target_groups: ['alleinerziehende'], topics: [], good_match: false}), "
        "(:SearchEvent {id: 'e2', sozialraeume: ['osterfeld'], "
        "target_groups: ['alleinerziehende'], topics: [], good_match: true})")
    matrix = gaps.gap_matrix(seeded_graph, "target_groups")
    assert matrix.cell("osterfeld", "alleinerziehende").unanswered == 1


def test_awareness_figures_add_up_from_the_recorded_events(seeded_graph):
    offers = [r["id"] for r in seeded_graph.read(
        "MATCH (o:Offer) WHERE NOT coalesce(o.citywide, false) RETURN o.id AS id "
        "ORDER BY id LIMIT 2")]
    first = DialogueEvent("osterfeld", date(2023, 10, 26), "Expert*innendialog Osterfeld",
                          (Vote(offers[0], 12, 8), Vote(offers[1], 3, 17)))
    second = DialogueEvent("oberhausen-ost", date(2024, 3, 5), "Expert*innendialog Ost",
                           (Vote(offers[0], 5, 5),))
    awareness.record_events(seeded_graph, [first, second], PLANNER)
    by_offer = {row["id"]: row for row in awareness.awareness_by_offer(seeded_graph)}
    assert (by_offer[offers[0]]["yes"], by_offer[offers[0]]["no"]) == (17, 13)
    assert by_offer[offers[0]]["events"] == 2
    assert by_offer[offers[0]]["share_known"] == pytest.approx(17 / 30)
    assert (by_offer[offers[1]]["yes"], by_offer[offers[1]]["no"]) == (3, 17)
    by_sozialraum = {row["id"]: row for row in awareness.awareness_by_sozialraum(seeded_graph)}
    assert (by_sozialraum["osterfeld"]["yes"], by_sozialraum["osterfeld"]["no"]) == (15, 25)
    only_ost = {row["id"]: row for row in awareness.awareness_by_offer(seeded_graph,
                                                                       "oberhausen-ost")}
    assert set(only_ost) == {offers[0]} and only_ost[offers[0]]["yes"] == 5
    # the least known offer comes first
    assert awareness.awareness_by_offer(seeded_graph)[0]["id"] == offers[1]
    # potential users: searches asking for one of the offer's target groups
    group = seeded_graph.read("MATCH (:Offer {id: $id})-[:FOR]->(t) RETURN t.id AS id LIMIT 1",
                              id=offers[0])[0]["id"]
    seeded_graph.write("CREATE (:SearchEvent {id: 'q1', target_groups: [$g], topics: [], "
                       "sozialraeume: [], good_match: true}), (:SearchEvent {id: 'q2', "
                       "target_groups: ['gibt-es-nicht'], topics: [], sozialraeume: [], "
                       "good_match: false})", g=group)
    demand = {row["id"]: row["demand"] for row in awareness.awareness_by_offer(seeded_graph)}
    assert demand[offers[0]] == 1


def test_an_event_with_an_unknown_offer_writes_nothing(seeded_graph):
    event = DialogueEvent("osterfeld", date(2024, 1, 1), "Dialog",
                          (Vote("gibt-es-nicht", 1, 1),))
    with pytest.raises(Refused, match="gibt-es-nicht"):
        awareness.record_events(seeded_graph, [event], PLANNER)
    assert seeded_graph.read("MATCH (e:Event) RETURN count(e) AS n")[0]["n"] == 0


def test_cards_are_grouped_per_offer_with_the_most_frequent_channels(seeded_graph):
    offer = seeded_graph.read("MATCH (o:Offer) RETURN o.id AS id ORDER BY id LIMIT 1")[0]["id"]
    [event_id] = awareness.record_events(seeded_graph, [DialogueEvent(
        "osterfeld", date(2024, 1, 1), "Dialog", (Vote(offer, 1, 1),))], PLANNER)
    for text, channel in (("über eine Kollegin", "Kolleg*innen"),
                          ("Kollege im Jobcenter", "Kolleg*innen"), ("Flyer in der Kita",
                                                                      "Flyer oder Broschüre")):
        awareness.record_card(seeded_graph, event_id, offer, "woher", text, channel, PLANNER)
    awareness.record_card(seeded_graph, event_id, offer, "bekannter", "Aushang im Supermarkt",
                          None, PLANNER)
    [entry] = awareness.cards_by_offer(seeded_graph, offer=offer)
    assert entry["channels"][0] == ("Kolleg*innen", 2)
    assert len(entry["by_question"]["woher"]) == 3
    assert [c["text"] for c in entry["by_question"]["bekannter"]] == ["Aushang im Supermarkt"]
    with pytest.raises(Refused):
        awareness.record_card(seeded_graph, event_id, offer, "woher", "x", "Brieftaube", PLANNER)


def test_updating_a_planted_offer_keeps_it_out_of_clusters_once_ended(
        seeded_graph, embedder, second_embedder):
    a, _ = plant_offer(seeded_graph, "Alleinerziehenden-Treff Vondern", TEXT, "osterfeld",
                       "Familienverein Vondern")
    b, _ = plant_offer(seeded_graph, "Treff für Alleinerziehende Vondern", TEXT_VARIANT,
                       "osterfeld", "Nachbarschaftshilfe Vondern")
    refresh_embeddings(seeded_graph, embedder, second=second_embedder, only=[a, b])
    update(seeded_graph, "offer", b, 1, {"status": "beendet"}, PLANNER)
    assert clusters_with(seeded_graph, a, b) == []


def test_gap_cells_name_the_recommendations_that_answer_them(reader_graph):
    expected = {(r["sozialraum"], r["id"]) for r in reader_graph.read(
        "MATCH (r:Recommendation)-[:ABOUT]->(:Topic {id: 'jugendarbeit'}) "
        "MATCH (s:Sozialraum) WHERE r.citywide OR (r)-[:CONCERNS]->(s) "
        "RETURN s.id AS sozialraum, r.id AS id")}
    assert ("sterkrade-nord" in {place for place, _ in expected}), "seeded example"
    topics = gaps.gap_matrix(reader_graph, "topics")
    found = {(row, rec) for (row, col), cell in topics.cells.items() if col == "jugendarbeit"
             for rec in cell.recommendations}
    assert found == expected
