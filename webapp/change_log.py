"""The audit trail as a person reads it: names instead of ids, only the fields that
changed, memberships as "hinzugefügt: … / entfernt: …", dates in German."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from graph.editing import MEMBERS
from graph.meetings import meeting_de
from graph.queries.editing import EDITABLE
from webapp.formatting import date_de
from webapp.manage_common import FIELD_LABELS

# Fields that hold ids of other records: the editable relations of every kind and a
# gremium's agenda (offer ids).
RELATIONS = frozenset(name for kind in EDITABLE.values() for name in kind.relations) | {
    "agenda"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Line:
    label: str
    text: str


def mentioned_ids(changes: list[dict[str, Any]]) -> list[str]:
    """Every id the changes name in memberships or relations (to look their names up)."""
    ids: list[str] = []
    for change in changes:
        for side in (change["before"], change["after"]):
            ids += [m["institution"] for m in side.get(MEMBERS) or []]
            for key in RELATIONS & side.keys():
                value = side[key]
                ids += value if isinstance(value, list) else [value] if value else []
    return ids


def readable(change: dict[str, Any], names: dict[str, str]) -> list[Line]:
    """What one change did, a line per field that really changed."""
    before, after = change["before"], change["after"]
    lines = []
    for key, new in after.items():
        old = before.get(key)
        if _same(old, new):
            continue
        label = FIELD_LABELS.get(key, key)
        if key == MEMBERS:
            lines.append(Line(label, _members(old or [], new or [], names)))
        elif key in RELATIONS:
            lines.append(Line(label, _added_removed(_ids(old), _ids(new), names)))
        else:
            lines.append(Line(label, f"{_value(key, old)} → {_value(key, new)}"))
    return lines


def _same(old: Any, new: Any) -> bool:
    return old == new or (old in (None, "", []) and new in (None, "", []))


def _ids(value: Any) -> list[str]:
    return list(value) if isinstance(value, list) else [value] if value else []


def _added_removed(old: list[str], new: list[str], names: dict[str, str]) -> str:
    added = [names.get(i, i) for i in new if i not in old]
    removed = [names.get(i, i) for i in old if i not in new]
    parts = ([f"hinzugefügt: {', '.join(added)}"] if added else []) + (
        [f"entfernt: {', '.join(removed)}"] if removed else [])
    return " / ".join(parts)


def _members(old: list[dict[str, Any]], new: list[dict[str, Any]],
             names: dict[str, str]) -> str:
    before = {m["institution"]: m for m in old}
    after = {m["institution"]: m for m in new}
    parts = []
    added = [_member(after[i], names) for i in after if i not in before]
    removed = [names.get(i, i) for i in before if i not in after]
    changed = [f"{names.get(i, i)}: {before[i].get('role') or 'Mitglied'} → "
               f"{after[i].get('role') or 'Mitglied'}"
               for i in after if i in before and before[i].get("role") != after[i].get("role")]
    if added:
        parts.append("hinzugefügt: " + "; ".join(added))
    if removed:
        parts.append("entfernt: " + "; ".join(removed))
    if changed:
        parts.append("Rolle geändert: " + "; ".join(changed))
    return " / ".join(parts) or "Angaben zur Mitgliedschaft geändert"


def _member(membership: dict[str, Any], names: dict[str, str]) -> str:
    name = names.get(membership["institution"], membership["institution"])
    details = [membership.get("role") or "Mitglied"]
    if membership.get("since"):
        details.append("seit " + date_de(membership["since"]))
    return f"{name} ({', '.join(details)})"


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        return ", ".join(_value(key, v) for v in value)
    if key in ("next_meetings", "status_history"):  # "ISO date|text" entries
        return meeting_de(str(value))
    if isinstance(value, str) and _ISO_DATE.match(value[:10]) and len(value) in (10, 19, 20):
        return date_de(value)
    return str(value)
