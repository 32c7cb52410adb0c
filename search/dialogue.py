"""The chat: one turn at a time, with context carried in a signed token.

The conversation state travels with the client (a signed, time-limited token),
so any worker on any host can answer the next turn. A turn that names only a
place or a constraint ("Und in Sterkrade?", "nur kostenlose") refines the
previous need; a turn with a new need keeps the previous place unless it names
one; a turn with no need at all is answered with a question back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from search import answer
from search.conversation_state import problem
from search.lexicon import Concept, Lexicon
from search.network import SOZIALRAUM
from search.network_answer import EntityResult, place_profile
from search.retrieval import Hit
from search.service import SearchService
from search.understanding import PlaceMatch, Understanding

TOKEN_SALT = "lotse-chat-v1"  # noqa: S105 - a namespace for signatures, not a secret
TOKEN_MAX_AGE = 4 * 3600


class ConversationExpired(Exception):
    """The conversation token is invalid or too old."""


@dataclass
class ChatReply:
    answer: str
    understanding: Understanding
    hits: list[Hit] = field(default_factory=list)
    # Gremien, institutions, departments or a place the answer is about (network answers).
    entities: list[EntityResult] = field(default_factory=list)
    alternatives: list[Hit] = field(default_factory=list)
    no_good_match: bool = False
    confidence: str | None = None  # "sicher" | "vielleicht" | None (see search.ranking)
    vague: bool = False
    follow_up: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


class ConversationCodec:
    """Signs and reads conversation state; tampered or stale tokens are rejected."""

    def __init__(self, secret_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(secret_key, salt=TOKEN_SALT)

    def dump(self, state: dict[str, Any]) -> str:
        return self._serializer.dumps(state)

    def load(self, token: str) -> dict[str, Any]:
        try:
            state = self._serializer.loads(token, max_age=TOKEN_MAX_AGE)
        except BadSignature as exc:  # includes SignatureExpired
            raise ConversationExpired(str(exc)) from exc
        if not isinstance(state, dict):
            raise ConversationExpired("conversation state is not an object")
        malformed = problem(state)
        if malformed:
            raise ConversationExpired(f"conversation state is malformed: {malformed}")
        return state


def has_need(u: Understanding) -> bool:
    return bool(u.target_groups or u.topics or u.residual)


def _state_of(u: Understanding, need_text: str, turns: int) -> dict[str, Any]:
    return {
        "need": need_text,
        "target_groups": [c.id for c in u.target_groups],
        "topics": [c.id for c in u.topics],
        "residual": u.residual,
        "places": [[p.type, p.id, p.name, list(p.sozialraeume)] for p in u.places],
        "flags": u.flags,
        "required": u.required,
        "languages": u.languages,
        "turns": turns,
    }


def _understanding_of(state: dict[str, Any], lexicon: Lexicon) -> Understanding:
    def concepts(ids: list[str], kind: str) -> list[Concept]:
        found = (lexicon.concept(i, kind) for i in ids)
        return [c for c in found if c is not None]

    return Understanding(
        places=[PlaceMatch(t, i, n, tuple(s)) for t, i, n, s in state.get("places", [])],
        target_groups=concepts(state.get("target_groups", []), "target_group"),
        topics=concepts(state.get("topics", []), "topic"),
        flags=list(state.get("flags", [])),
        required=list(state.get("required", [])),
        languages=list(state.get("languages", [])),
        residual=list(state.get("residual", [])),
    )


def merge(previous: Understanding, new: Understanding) -> tuple[Understanding, bool]:
    """The understanding of this turn in context; True when the previous need is kept."""
    if not has_need(new):
        merged = Understanding(
            places=new.places or previous.places,
            target_groups=previous.target_groups,
            topics=previous.topics,
            residual=previous.residual,
            flags=previous.flags + [f for f in new.flags if f not in previous.flags],
            # A turn that only narrows ("nur kostenlose") asks for nothing else.
            required=previous.required + [f for f in new.flags if f not in previous.required],
            languages=previous.languages + [x for x in new.languages
                                            if x not in previous.languages],
            age_range=previous.age_range,
        )
        return merged, True
    if not new.places:
        new.places = previous.places
    return new, False


def chat_turn(service: SearchService, message: str, state: dict[str, Any] | None,
              *, limit: int = 5) -> ChatReply:
    """Answer one message in the context of `state` (None starts a conversation)."""
    lexicon = service.lexicon()
    new = service.understand(message)
    kept = (state["entity"][0], state["entity"][1]) if state and state.get("entity") else None
    network = service.network(message, new, kept)
    if network is not None:
        return ChatReply(
            answer=network.answer, understanding=new, entities=network.results,
            no_good_match=not network.results, confidence="sicher" if network.results else None,
            follow_up=network.follow_up,
            state={**_state_of(new, message, int((state or {}).get("turns", 0)) + 1),
                   "entity": list(network.entity) if network.entity else None},
        )
    need_text = message
    turns = 1
    if state:
        previous = _understanding_of(state, lexicon)
        new, kept_need = merge(previous, new)
        if kept_need:
            need_text = state.get("need", message)
        turns = int(state.get("turns", 0)) + 1
    new_state = _state_of(new, need_text, turns)

    if not has_need(new):
        # "Was gibt es in Holten?": the Sozialraum in short, then a question back.
        profile = (place_profile(service.graph, new.sozialraeume[0])
                   if len(new.sozialraeume) == 1 else None)
        return ChatReply(
            answer=" ".join([*([profile.answer] if profile else []),
                             answer.vague_sentence(new)]),
            understanding=new, vague=True, entities=profile.results if profile else [],
            follow_up=list(answer.FOLLOW_UP_GROUPS),
            state={**new_state, "entity": [SOZIALRAUM, new.sozialraeume[0]]
                   if profile else None},
        )

    result = service.search(need_text, new, limit=limit, channel="chat")
    outcome = result.outcome
    lines = [answer.understood_sentence(new)]
    follow_up: list[str] = []
    if outcome.no_good_match:
        lines.append(answer.no_match_sentence(new, result.alternatives, lexicon))
        follow_up = answer.alternative_follow_ups(result.alternatives, lexicon)
    else:
        lines.append(answer.results_sentence(outcome.hits, new, outcome.confidence))
        if "kostenlos" not in new.flags:
            follow_up.append("nur kostenlose")
    return ChatReply(
        answer=" ".join(lines), understanding=new, hits=outcome.hits,
        alternatives=result.alternatives, no_good_match=outcome.no_good_match,
        confidence=outcome.confidence, follow_up=follow_up, state=new_state,
    )
