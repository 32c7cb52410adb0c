"""Cypher of versioned edits and the audit trail (see graph/editing.py).

Labels and relationship types come only from the allow-list `EDITABLE` below;
statements are built from it once, at import, never from input.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Relation:
    """An outgoing relationship edited as a list of target ids."""

    type: str
    target: str


@dataclass(frozen=True)
class EditableKind:
    label: str
    fields: frozenset[str]
    relations: dict[str, Relation] = field(default_factory=dict)


EDITABLE: dict[str, EditableKind] = {
    "gremium": EditableKind(
        "Gremium",
        # `agenda`: ids of member offers marked for the next meeting (to be confirmed there)
        frozenset({"description", "meeting_rhythm", "next_meetings", "contact", "agenda"}),
    ),
    "institution": EditableKind(
        "Institution",
        frozenset({"name", "category", "provider", "street", "postal_code", "phone", "email",
                   "website", "description", "proposed", "proposed_by"}),
    ),
    "offer": EditableKind(
        "Offer",
        frozenset({"title", "description", "keywords", "example_questions", "hours", "cost",
                   "free", "anonymous", "walk_in", "barrier_free", "languages", "url", "phone",
                   "email", "status", "valid_from", "valid_until", "last_verified", "citywide",
                   "deleted", "deleted_at",
                   # planning fields of a Maßnahmensteckbrief (measure profile)
                   "measure_status", "temporary_until", "funding_period", "contact"}),
        {
            "target_groups": Relation("FOR", "TargetGroup"),
            "topics": Relation("ABOUT", "Topic"),
            "sozialraeume": Relation("AVAILABLE_IN", "Sozialraum"),
            "department": Relation("RESPONSIBLE", "Department"),
            "recommendations": Relation("IMPLEMENTS", "Recommendation"),
        },
    ),
    # A Handlungsempfehlung; `status_history` holds "JJJJ-MM-TT|status" entries.
    "recommendation": EditableKind(
        "Recommendation",
        frozenset({"number", "title", "text", "citywide", "date", "status", "status_since",
                   "status_history", "source"}),
        {
            "sozialraeume": Relation("CONCERNS", "Sozialraum"),
            "departments": Relation("ADDRESSED_TO", "Department"),
            "target_groups": Relation("FOR", "TargetGroup"),
            "topics": Relation("ABOUT", "Topic"),
        },
    ),
}


def _per_kind(template: str) -> dict[str, str]:
    return {kind: template.format(label=spec.label) for kind, spec in EDITABLE.items()}


def _per_relation(template: str) -> dict[tuple[str, str], str]:
    return {
        (kind, name): template.format(label=spec.label, type=rel.type, target=rel.target)
        for kind, spec in EDITABLE.items()
        for name, rel in spec.relations.items()
    }


# Taking the node's write lock first makes the version check race-free: a concurrent
# editor waits here and then reads the committed version in the next statement.
LOCK = _per_kind("MATCH (n:{label} {{id: $id}}) SET n._lock = true RETURN count(n) AS found")
READ = _per_kind("MATCH (n:{label} {{id: $id}}) RETURN properties(n) AS props")
UPDATE = _per_kind(
    "MATCH (n:{label} {{id: $id}}) SET n += $props, n.version = $version, "
    "n.updated_at = datetime() REMOVE n._lock"
)
CREATE = _per_kind(
    "CREATE (n:{label} {{id: $id}}) SET n += $props, n.version = 1, n.updated_at = datetime()"
)
READ_RELATION = _per_relation(
    "MATCH (:{label} {{id: $id}})-[:{type}]->(t:{target}) RETURN t.id AS id ORDER BY id"
)
REPLACE_RELATION = _per_relation(
    """
    MATCH (n:{label} {{id: $id}})
    OPTIONAL MATCH (n)-[old:{type}]->(:{target})
    DELETE old
    WITH DISTINCT n
    UNWIND $targets AS target
    MATCH (t:{target} {{id: target}})
    MERGE (n)-[:{type}]->(t)
    RETURN count(t) AS linked
    """
)
LINK_OFFER_TO_INSTITUTION = """
MATCH (o:Offer {id: $offer}), (i:Institution {id: $institution})
MERGE (o)-[:OFFERED_BY]->(i)
"""

READ_MEMBERS = """
MATCH (i:Institution)-[m:MEMBER_OF]->(:Gremium {id: $id})
RETURN i.id AS institution, m.role AS role, m.since AS since ORDER BY institution
"""
REPLACE_MEMBERS = """
MATCH (g:Gremium {id: $id})
OPTIONAL MATCH (:Institution)-[old:MEMBER_OF]->(g)
DELETE old
WITH DISTINCT g
UNWIND $members AS member
MATCH (i:Institution {id: member.institution})
MERGE (i)-[m:MEMBER_OF]->(g)
SET m.role = member.role, m.since = member.since
RETURN count(m) AS linked
"""

CREATE_CHANGE = _per_kind(
    """
    MATCH (n:{label} {{id: $target_id}})
    CREATE (c:Change {{
      id: randomUUID(), at: datetime(), action: $action, kind: $kind, target_id: $target_id,
      target_name: coalesce(n.title, n.name, $target_id), actor_id: $actor_id,
      actor_email: $actor_email, version_before: $version_before,
      version_after: $version_after, before_json: $before_json, after_json: $after_json
    }})-[:ON]->(n)
    WITH c
    OPTIONAL MATCH (u:User {{id: $actor_id}})
    FOREACH (_ IN CASE WHEN u IS NULL THEN [] ELSE [1] END | CREATE (c)-[:BY]->(u))
    RETURN c.id AS id
    """
)
LINK_UNDO = """
MATCH (undo:Change {id: $undo}), (original:Change {id: $original})
CREATE (undo)-[:UNDOES]->(original)
SET original.undone = true
"""
GET_CHANGE = "MATCH (c:Change {id: $id}) RETURN properties(c) AS change"
CHANGES_SINCE = _per_kind(
    """
    MATCH (c:Change)-[:ON]->(:{label} {{id: $id}})
    WHERE c.version_after > $version
    RETURN properties(c) AS change ORDER BY c.at
    """
)
LIST_CHANGES = """
MATCH (c:Change)-[:ON]->(n)
WHERE $gremien IS NULL
   OR (n:Gremium AND n.id IN $gremien)
   OR EXISTS { (n)-[:OFFERED_BY|MEMBER_OF*1..2]->(g:Gremium) WHERE g.id IN $gremien }
RETURN properties(c) AS change ORDER BY c.at DESC LIMIT $limit
"""
