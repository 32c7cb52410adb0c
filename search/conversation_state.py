"""The shape of a chat's conversation state, checked when a token is read.

A token's signature proves that this app wrote it, not that it has today's format: a
token from before a format change must be refused like an expired one, never reach
the dialogue as a half-valid state.
"""

from __future__ import annotations

from typing import Any

# "found": the offers the conversation's need has been answered with so far.
STRING_LISTS = ("target_groups", "topics", "residual", "flags", "required", "languages",
                "found")


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _place(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 4
            and all(isinstance(item, str) for item in value[:3]) and _strings(value[3]))


def problem(state: dict[str, Any]) -> str | None:
    """What is wrong with the state (English, for the log), or None when it is usable."""
    if not isinstance(state.get("need", ""), str):
        return "need is not a string"
    turns = state.get("turns", 0)
    if not isinstance(turns, int) or isinstance(turns, bool) or not 0 <= turns < 10_000:
        return "turns is not a small whole number"
    for key in STRING_LISTS:
        if key in state and not _strings(state[key]):
            return f"{key} is not a list of strings"
    places = state.get("places", [])
    if not isinstance(places, list) or not all(_place(p) for p in places):
        return "places are malformed"
    history = state.get("history", [])
    if not isinstance(history, list) or not all(_strings(turn) and len(turn) == 2
                                                for turn in history):
        return "history is malformed"
    entity = state.get("entity")
    if entity is not None and not (_strings(entity) and len(entity) == 2):
        return "entity is malformed"
    return None
