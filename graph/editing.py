"""Versioned edits with an audit trail: nothing lost, nothing overwritten by accident.

Every editable node carries a `version`. A save names the version it was based
on; when the node has moved on meanwhile, the save is refused (`StaleVersion`,
with the changes made since) instead of silently overwriting them. Each save is
one transaction that updates the node, its relationships and writes one
`Change` (who, when, what, before and after) linked to the node. Undo applies a
change's "before" as a new, audited change.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import neo4j

from graph.driver import Graph
from graph.errors import GraphError, NotFound
from graph.queries import editing as q

MEMBERS = "members"  # a Gremium's memberships, edited like a field of the Gremium
SINGLE_RELATIONS = frozenset({"department"})  # at most one target


@dataclass(frozen=True)
class Actor:
    """Who makes a change (recorded in the audit trail)."""

    id: str
    email: str


class StaleVersion(GraphError):
    """The node changed since the editor loaded it; `changes` lists what happened."""

    def __init__(self, kind: str, node_id: str, current: int, changes: list[dict[str, Any]]):
        super().__init__(f"{kind} {node_id!r} is at version {current}, the edit was based on an "
                         "older one")
        self.current_version = current
        self.changes = changes


class UndoNotPossible(GraphError):
    """The change cannot be undone (already undone, or the node changed since)."""


@dataclass(frozen=True)
class Saved:
    version: int
    change_id: str | None  # None when nothing differed


def update(graph: Graph, kind: str, node_id: str, expected_version: int,
           changes: dict[str, Any], actor: Actor, action: str = "update") -> Saved:
    """Apply `changes` (fields and relations) if the node is still at `expected_version`."""
    spec = _spec(kind)
    unknown = set(changes) - spec.fields - set(spec.relations) - (
        {MEMBERS} if kind == "gremium" else set())
    if unknown:
        raise ValueError(f"fields not editable on {kind}: {', '.join(sorted(unknown))}")
    return graph.write_tx(
        lambda tx: update_tx(tx, kind, node_id, expected_version, changes, actor, action)
    )


def update_tx(tx: neo4j.ManagedTransaction, kind: str, node_id: str, expected: int,
               changes: dict[str, Any], actor: Actor, action: str) -> Saved:
    if tx.run(q.LOCK[kind], id=node_id).single()["found"] == 0:
        raise NotFound(kind, node_id)
    current = read_state_tx(tx, kind, node_id)
    version = int(current.get("version") or 1)
    if version != expected:
        since = [r["change"] for r in tx.run(q.CHANGES_SINCE[kind], id=node_id,
                                             version=expected)]
        raise StaleVersion(kind, node_id, version, since)
    # Only what differs is written and recorded: a form sends every field, and the trail
    # (and the notice on a stale save) must name only the fields somebody changed.
    after = {key: _normalise(value) for key, value in changes.items()
             if _normalise(value) != _normalise(current.get(key))}
    before = {key: _normalise(current.get(key)) for key in after}
    if not after:
        tx.run(q.UPDATE[kind], id=node_id, props={}, version=version)
        return Saved(version, None)
    _write(tx, kind, node_id, after, version + 1)
    change_id = record_change(tx, kind, node_id, actor, action, version, version + 1, before, after)
    return Saved(version + 1, change_id)


def new_id(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex[:12]}"


def create(graph: Graph, kind: str, values: dict[str, Any], actor: Actor,
           offered_by: str | None = None) -> tuple[str, str]:
    """Create a node of `kind` (an offer needs `offered_by`); returns (id, change id)."""
    _spec(kind)
    node_id = new_id(kind)
    return node_id, graph.write_tx(
        lambda tx: create_tx(tx, kind, node_id, values, actor, offered_by=offered_by))


def create_tx(tx: neo4j.ManagedTransaction, kind: str, node_id: str, values: dict[str, Any],
              actor: Actor, offered_by: str | None = None, action: str = "create") -> str:
    """The creation with its audit record, inside the caller's transaction (change id)."""
    spec = _spec(kind)
    props = {k: _normalise(v) for k, v in values.items() if k in spec.fields}
    relations = {k: _normalise(v) for k, v in values.items() if k in spec.relations}
    tx.run(q.CREATE[kind], id=node_id, props=props).consume()
    if offered_by is not None:
        tx.run(q.LINK_OFFER_TO_INSTITUTION, offer=node_id, institution=offered_by).consume()
    _write(tx, kind, node_id, relations, None)
    return record_change(tx, kind, node_id, actor, action, 0, 1, {}, {**props, **relations})


def propose_member(graph: Graph, gremium_id: str, expected_version: int,
                   institution: dict[str, Any], membership: dict[str, Any],
                   actor: Actor) -> str:
    """A coordinator's new member institution, not yet in the graph: created as a proposal
    (`proposed: true`, for the social planning to confirm) and made a member of the gremium,
    in one transaction with one audit record for each of the two changes."""
    node_id = new_id("institution")
    values = {**institution, "proposed": True, "proposed_by": actor.email}

    def work(tx: neo4j.ManagedTransaction) -> str:
        if tx.run(q.LOCK["gremium"], id=gremium_id).single()["found"] == 0:
            raise NotFound("gremium", gremium_id)
        members = read_state_tx(tx, "gremium", gremium_id)[MEMBERS]
        create_tx(tx, "institution", node_id, values, actor, action="propose")
        update_tx(tx, "gremium", gremium_id, expected_version,
                  {MEMBERS: [*members, {**membership, "institution": node_id}]}, actor,
                  "update")
        return node_id

    return graph.write_tx(work)


def undo(graph: Graph, change_id: str, actor: Actor) -> Saved:
    """Restore the values a change replaced, as a new audited change."""
    records = graph.read(q.GET_CHANGE, id=change_id)
    if not records:
        raise NotFound("change", change_id)
    change = records[0]["change"]
    if change.get("undone"):
        raise UndoNotPossible("this change was already undone")
    if change["action"] in ("create", "propose"):
        raise UndoNotPossible("a creation is undone by ending or deleting the record")
    before = json.loads(change["before_json"])

    def work(tx: neo4j.ManagedTransaction) -> Saved:
        # One transaction: the restored values, their Change and the link to the original
        # (which marks it undone) are written together or not at all.
        saved = update_tx(tx, change["kind"], change["target_id"], change["version_after"],
                          before, actor, "undo")
        if saved.change_id:
            tx.run(q.LINK_UNDO, undo=saved.change_id, original=change_id).consume()
        return saved

    try:
        return graph.write_tx(work)
    except StaleVersion as exc:
        raise UndoNotPossible("the record was changed again after this change") from exc


def current_state(graph: Graph, kind: str, node_id: str) -> dict[str, Any]:
    """Fields, relations (and memberships) of a node, as an editor sees them."""
    return graph.read_tx(lambda tx: read_state_tx(tx, kind, node_id))


def list_changes(graph: Graph, gremien: list[str] | None = None,
                 limit: int = 200) -> list[dict[str, Any]]:
    """The audit trail, newest first; `gremien` limits it to what concerns those gremien."""
    return [_decoded(r["change"]) for r in graph.read(q.LIST_CHANGES, gremien=gremien,
                                                      limit=limit)]


def _decoded(change: dict[str, Any]) -> dict[str, Any]:
    return {**change, "before": json.loads(change["before_json"]),
            "after": json.loads(change["after_json"])}


def _spec(kind: str) -> q.EditableKind:
    if kind not in q.EDITABLE:
        raise ValueError(f"not an editable kind: {kind!r}")
    return q.EDITABLE[kind]


def read_state_tx(tx: neo4j.ManagedTransaction, kind: str, node_id: str) -> dict[str, Any]:
    record = tx.run(q.READ[kind], id=node_id).single()
    if record is None:
        raise NotFound(kind, node_id)
    # Every editable field is named, unset ones as None: a value that was removed (or never
    # set) reads the same whichever record an editor opens.
    props = dict.fromkeys(q.EDITABLE[kind].fields) | {
        k: v for k, v in record["props"].items()
        if k not in ("embedding", "embedding_hash", "_lock")}
    for name in q.EDITABLE[kind].relations:
        ids = [r["id"] for r in tx.run(q.READ_RELATION[(kind, name)], id=node_id)]
        if name in SINGLE_RELATIONS:
            props[name] = ids[0] if ids else None
        else:
            props[name] = ids
    if kind == "gremium":
        props[MEMBERS] = [r.data() for r in tx.run(q.READ_MEMBERS, id=node_id)]
    return props


def _write(tx: neo4j.ManagedTransaction, kind: str, node_id: str, values: dict[str, Any],
           version: int | None) -> None:
    spec = q.EDITABLE[kind]
    props = {k: v for k, v in values.items() if k in spec.fields}
    if version is not None:
        tx.run(q.UPDATE[kind], id=node_id, props=props, version=version).consume()
    for name in spec.relations:
        if name in values:
            value = values[name]
            targets = value if isinstance(value, list) else ([value] if value else [])
            linked = tx.run(q.REPLACE_RELATION[(kind, name)], id=node_id,
                            targets=targets).single()
            if linked is not None and targets and linked["linked"] != len(set(targets)):
                raise GraphError(f"{kind} {node_id}: unknown {name} in {targets}")
    if kind == "gremium" and MEMBERS in values:
        tx.run(q.REPLACE_MEMBERS, id=node_id, members=values[MEMBERS]).consume()


def record_change(tx: neo4j.ManagedTransaction, kind: str, node_id: str, actor: Actor,
                  action: str, version_before: int, version_after: int,
                  before: dict[str, Any], after: dict[str, Any]) -> str:
    """Write one `Change` (the audit record) on the node, inside the caller's transaction."""
    return tx.run(
        q.CREATE_CHANGE[kind], target_id=node_id, action=action,
        kind=kind, actor_id=actor.id, actor_email=actor.email, version_before=version_before,
        version_after=version_after, before_json=json.dumps(before, ensure_ascii=False,
                                                            default=str),
        after_json=json.dumps(after, ensure_ascii=False, default=str),
    ).single()["id"]


def _normalise(value: Any) -> Any:
    """Empty strings become None (the property is removed); lists are sorted for comparison."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(v for v in value if v)
    if isinstance(value, list):
        return sorted(value, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    return value
