"""Versioned edits, the audit trail and undo, against the real Neo4j."""

from __future__ import annotations

import threading

import pytest

from graph import directory
from graph.editing import (
    Actor,
    StaleVersion,
    UndoNotPossible,
    create,
    current_state,
    list_changes,
    undo,
    update,
)
from graph.errors import GraphError

pytestmark = pytest.mark.integration

ALICE = Actor("user-alice", "alice@example.org")
BOB = Actor("user-bob", "bob@example.org")
GREMIUM = "sozialraumgremium-osterfeld"


def _changes_on(graph, node_id):
    return graph.read("MATCH (c:Change)-[:ON]->({id: $id}) RETURN properties(c) AS c "
                      "ORDER BY c.at", id=node_id)


def _a_gremium(graph):
    return graph.read("MATCH (g:Gremium) RETURN g.id AS id ORDER BY g.id LIMIT 1")[0]["id"]


def test_update_bumps_version_and_leaves_exactly_one_change(seeded_graph):
    gremium = _a_gremium(seeded_graph)
    state = current_state(seeded_graph, "gremium", gremium)
    saved = update(seeded_graph, "gremium", gremium, state["version"],
                   {"meeting_rhythm": "monatlich, erster Dienstag"}, ALICE)
    assert saved.version == state["version"] + 1
    changes = _changes_on(seeded_graph, gremium)
    assert len(changes) == 1
    change = changes[0]["c"]
    assert change["actor_email"] == "alice@example.org" and change["action"] == "update"
    assert '"meeting_rhythm"' in change["before_json"]
    assert "erster Dienstag" in change["after_json"]
    assert '"description"' not in change["after_json"]  # only what changed


def test_saving_unchanged_values_writes_no_change(seeded_graph):
    gremium = _a_gremium(seeded_graph)
    state = current_state(seeded_graph, "gremium", gremium)
    saved = update(seeded_graph, "gremium", gremium, state["version"],
                   {"contact": state.get("contact")}, ALICE)
    assert saved.change_id is None and saved.version == state["version"]
    assert _changes_on(seeded_graph, gremium) == []


def test_stale_version_is_refused_and_the_first_edit_survives(seeded_graph):
    gremium = _a_gremium(seeded_graph)
    loaded = current_state(seeded_graph, "gremium", gremium)["version"]
    update(seeded_graph, "gremium", gremium, loaded, {"contact": "Frau A, 0208 1"}, ALICE)
    with pytest.raises(StaleVersion) as excinfo:
        update(seeded_graph, "gremium", gremium, loaded, {"contact": "Herr B, 0208 2"}, BOB)
    assert [c["actor_email"] for c in excinfo.value.changes] == ["alice@example.org"]
    assert current_state(seeded_graph, "gremium", gremium)["contact"] == "Frau A, 0208 1"


def test_concurrent_saves_of_the_same_version_let_exactly_one_win(seeded_graph):
    gremium = _a_gremium(seeded_graph)
    loaded = current_state(seeded_graph, "gremium", gremium)["version"]
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def save(actor, text):
        barrier.wait()
        try:
            update(seeded_graph, "gremium", gremium, loaded, {"contact": text}, actor)
            outcomes.append("saved")
        except StaleVersion:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(actor, f"Kontakt {i}"))
               for i, actor in enumerate([ALICE, BOB, ALICE, BOB])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["saved", "stale", "stale", "stale"]
    assert len(_changes_on(seeded_graph, gremium)) == 1
    assert current_state(seeded_graph, "gremium", gremium)["version"] == loaded + 1


def test_undo_restores_fields_relations_and_memberships(seeded_graph):
    offer = seeded_graph.read(
        "MATCH (o:Offer)-[:FOR]->() RETURN o.id AS id ORDER BY o.id LIMIT 1")[0]["id"]
    before = current_state(seeded_graph, "offer", offer)
    saved = update(seeded_graph, "offer", offer, before["version"],
                   {"hours": "nur nach Vereinbarung", "target_groups": ["jugendliche"]}, ALICE)
    undone = undo(seeded_graph, saved.change_id, BOB)
    after = current_state(seeded_graph, "offer", offer)
    assert after["hours"] == before["hours"]
    assert after["target_groups"] == sorted(before["target_groups"])
    assert undone.version == saved.version + 1
    with pytest.raises(UndoNotPossible):
        undo(seeded_graph, saved.change_id, BOB)

    gremium = current_state(seeded_graph, "gremium", GREMIUM)
    fewer = gremium["members"][1:]
    saved = update(seeded_graph, "gremium", GREMIUM, gremium["version"], {"members": fewer}, ALICE)
    assert len(current_state(seeded_graph, "gremium", GREMIUM)["members"]) == len(fewer)
    undo(seeded_graph, saved.change_id, ALICE)
    restored = current_state(seeded_graph, "gremium", GREMIUM)["members"]
    assert sorted(m["institution"] for m in restored) == sorted(
        m["institution"] for m in gremium["members"])


def test_undo_after_a_later_change_is_refused(seeded_graph):
    gremium = _a_gremium(seeded_graph)
    version = current_state(seeded_graph, "gremium", gremium)["version"]
    first = update(seeded_graph, "gremium", gremium, version, {"contact": "eins"}, ALICE)
    update(seeded_graph, "gremium", gremium, first.version, {"contact": "zwei"}, BOB)
    with pytest.raises(UndoNotPossible):
        undo(seeded_graph, first.change_id, ALICE)


def test_a_failing_edit_writes_nothing(seeded_graph):
    offer = seeded_graph.read("MATCH (o:Offer) RETURN o.id AS id LIMIT 1")[0]["id"]
    before = current_state(seeded_graph, "offer", offer)
    with pytest.raises(GraphError):
        update(seeded_graph, "offer", offer, before["version"],
               {"hours": "geändert", "topics": ["gibt-es-nicht"]}, ALICE)
    assert current_state(seeded_graph, "offer", offer) == before
    assert _changes_on(seeded_graph, offer) == []


def test_create_offer_and_soft_delete_hide_it_everywhere(seeded_graph):
    institution = seeded_graph.read("MATCH (i:Institution) RETURN i.id AS id LIMIT 1")[0]["id"]
    offer, change = create(seeded_graph, "offer", {
        "title": "Nähcafé für Nachbarinnen", "description": "Gemeinsam nähen und reden.",
        "status": "aktiv", "citywide": True, "target_groups": ["frauen"],
        "topics": ["einsamkeit-begegnung"],
    }, ALICE, offered_by=institution)
    assert change
    total_before, _ = directory.list_offers(seeded_graph, directory.OfferFilters(), limit=1)
    state = current_state(seeded_graph, "offer", offer)
    assert state["version"] == 1 and state["target_groups"] == ["frauen"]
    assert directory.get_offer(seeded_graph, offer)["institution"]["id"] == institution

    update(seeded_graph, "offer", offer, 1, {"deleted": True}, ALICE, action="delete")
    total_after, _ = directory.list_offers(seeded_graph, directory.OfferFilters(), limit=1)
    assert total_after == total_before - 1
    assert [c["action"] for c in list_changes(seeded_graph)][:2] == ["delete", "create"]


def test_coordinators_see_the_trail_of_their_gremien_only(seeded_graph):
    gremium = current_state(seeded_graph, "gremium", GREMIUM)
    update(seeded_graph, "gremium", GREMIUM, gremium["version"], {"contact": "neu"}, ALICE)
    other = seeded_graph.read("MATCH (g:Gremium) WHERE g.id <> $id RETURN g.id AS id LIMIT 1",
                              id=GREMIUM)[0]["id"]
    version = current_state(seeded_graph, "gremium", other)["version"]
    update(seeded_graph, "gremium", other, version, {"contact": "anders"}, BOB)
    mine = list_changes(seeded_graph, gremien=[GREMIUM])
    assert [c["target_id"] for c in mine] == [GREMIUM]
    assert len(list_changes(seeded_graph)) == 2
