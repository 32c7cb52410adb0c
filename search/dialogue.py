"""The chat: one turn at a time, with context carried in a signed token.

The conversation state travels with the client (a signed, time-limited token),
so any worker on any host can answer the next turn. A turn that names only a
place or a constraint ("Und in Sterkrade?", "nur kostenlose") narrows the
previous need; so does a turn that refers back to it or names no new topic
("speziell für Frauen", "Geht das auch online?"): the search then reads the turns
together. A turn with a new topic is a new need, in the previous place unless it
names one, or more of the same case (see `_in_context`); a first turn with no need at
all is answered with a question back.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

from search import answer
from search.conversation_state import problem
from search.lexicon import Concept, Lexicon
from search.network import SOZIALRAUM
from search.network_answer import EntityResult, place_profile
from search.ranking import MAYBE, MAYBE_SHOWN, SURE
from search.retrieval import MAX_EMBEDDED_CHARS, Hit, Outcome
from search.service import SearchResult, SearchService
from search.text import tokens
from search.understanding import PlaceMatch, Understanding
from search.wording import asks, refers_back

TOKEN_SALT = "lotse-chat-v1"  # noqa: S105 - a namespace for signatures, not a secret
TOKEN_MAX_AGE = 4 * 3600
# The conversation's need as the search reads it: its turns, at most as long as the
# embedders read.
MAX_NEED_CHARS = MAX_EMBEDDED_CHARS
# A new topic is read with the conversation's need when that reading's best offer is
# among this many of the turn's own ranking.
CONTEXT_AGREEMENT = 10
# A topic carried by a quarter of the offers ("Beratung") names no new need on its own.
TELLING_TOPIC = 0.4


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
    unconfirmed: list[str] = field(default_factory=list)  # see SearchResult.unconfirmed


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


def merge(previous: Understanding, new: Understanding) -> Understanding:
    """A turn that names no need narrows the previous one: its place replaces the previous
    place, and its flags must hold ("nur kostenlose" asks for nothing else)."""
    return Understanding(
        places=new.places or previous.places,
        target_groups=previous.target_groups,
        topics=previous.topics,
        residual=previous.residual,
        flags=_union(previous.flags, new.flags),
        required=_union(previous.required, new.flags),
        languages=_union(previous.languages, new.languages),
        age_range=previous.age_range,
    )


def refines(previous: Understanding, new: Understanding, message: str,
            lexicon: Lexicon) -> bool:
    """Whether a turn with needs of its own narrows the conversation's need rather than
    asking a new one: it points back ("Geht das auch online?", "Kann man da hin?"),
    names no topic that says something ("speziell für Frauen", "und für Jugendliche?",
    "Ginge die Beratung auch telefonisch?") or shares one."""
    telling = [c for c in new.topics if lexicon.specificity(c) >= TELLING_TOPIC]
    return (refers_back(tokens(message)) or not telling
            or bool(set(new.topics) & set(previous.topics)))


def alone_reading(service: SearchService, message: str, new: Understanding,
                  previous: Understanding, limit: int) -> SearchResult | None:
    """A turn that names no concept of the vocabulary and does not point back may be a new
    need after all ("My wife and I also need German classes."; but not "und für meine
    Schwester, die in Holten wohnt?"): its search alone, in the conversation's place, to
    weigh against the turns read together. None for any other turn."""
    if new.target_groups or new.topics or refers_back(tokens(message)):
        return None
    return service.search(message, replace(new, places=new.places or previous.places),
                          limit=limit)


def sure(result: SearchResult | None) -> bool:
    return result is not None and result.outcome.confidence == SURE


def better_alone(alone: SearchResult, together: SearchResult, message: str) -> bool:
    """Whether a turn that asks for something is a new need after all: the directory
    answers it alone more likely than the turns read together."""
    return (alone.outcome.confidence is not None and asks(message, tokens(message))
            and alone.outcome.probability > together.outcome.probability)


def refined(service: SearchService, previous: Understanding, new: Understanding,
            need_text: str) -> Understanding:
    """The understanding of the conversation's need and a narrowing turn together: read
    from both texts, with this turn's place (or the previous one). Its flags must hold
    when it says nothing else ("am liebsten anonym und kostenlos")."""
    both = service.understand(need_text)
    both.places = new.places or previous.places
    both.flags = _union(previous.flags, both.flags)
    narrows_only = not (new.target_groups or new.topics)
    both.required = _union(previous.required, new.flags if narrows_only else [])
    both.languages = _union(previous.languages, both.languages)
    return both


def joined(need_text: str, message: str) -> str:
    """The conversation's need with a narrowing turn, one line each, at most MAX_NEED_CHARS
    (the first turns are cut, the new one kept whole)."""
    room = max(0, MAX_NEED_CHARS - len(message) - 1)
    return f"{need_text[:room]}\n{message}".strip()


def _in_context(service: SearchService, alone: tuple[SearchResult, Understanding, str],
                previous: Understanding, together: str, limit: int
                ) -> tuple[SearchResult, Understanding, str]:
    """A turn with a new topic, read alone or with the conversation's need. Alone when that
    has a sure answer, or when the turn asks something and together gives the same best
    offer; otherwise together when that reading has an answer and the turn alone has
    none, or the turn tells more of the case instead of asking something ("Sie spricht
    kaum Deutsch und hat Angst vor der Polizei."), or the best offer together is among
    those the turn alone finds (so the need does not crowd out what a new question asks)."""
    result, new, message = alone
    if sure(result):
        return alone
    u = refined(service, previous, new, together)
    other = service.search(together, u, limit=limit)
    if not other.outcome.hits or other.outcome.confidence not in (SURE, MAYBE):
        return alone
    best = other.outcome.hits[0].offer["id"]
    tells_more = not asks(message, tokens(message))
    if not tells_more and result.outcome.hits and result.outcome.hits[0].offer["id"] == best:
        return alone  # a question with the same answer alone: it stands on its own
    if (result.outcome.no_good_match or tells_more or best in {
            hit.offer["id"] for hit in result.outcome.ranked[:CONTEXT_AGREEMENT]}):
        return other, u, together
    return alone


def keep_found(outcome: Outcome, found: list[str]) -> Outcome:
    """A turn that only narrows the need ("I live in Osterfeld.") does not ask again
    whether the directory answers it: when the narrowed search finds no answer of its own,
    the offers the need was answered with that it still ranks (they lie in the new place
    or serve the whole city) are offered as a guess."""
    if not outcome.no_good_match or not found:
        return outcome
    kept = [hit for hit in outcome.ranked if hit.offer["id"] in found][:MAYBE_SHOWN]
    if kept:
        outcome.hits, outcome.no_good_match, outcome.confidence = kept, False, MAYBE
    return outcome


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [x for x in second if x not in first]


def chat_turn(service: SearchService, message: str, state: dict[str, Any] | None,
              *, limit: int = 5) -> ChatReply:
    """Answer one message in the context of `state` (None starts a conversation)."""
    lexicon = service.lexicon()
    new = service.understand(message)
    kept = (state["entity"][0], state["entity"][1]) if state and state.get("entity") else None
    previous = _understanding_of(state, lexicon) if state else None
    # After offers, "Wer koordiniert das Gremium dort?" asks about the conversation's place
    # (after a network answer, its entity is the context).
    in_context = (replace(new, places=previous.places)
                  if previous is not None and kept is None and not new.places else new)
    network = service.network(message, in_context, kept)
    if network is not None:
        return ChatReply(
            answer=network.answer, understanding=new, entities=network.results,
            no_good_match=not network.results, confidence="sicher" if network.results else None,
            follow_up=network.follow_up,
            state={**_state_of(new, message, int((state or {}).get("turns", 0)) + 1),
                   "entity": list(network.entity) if network.entity else None},
        )
    need_text, turns = message, 1
    # The offers the need was answered with, while a turn only narrows it.
    found: list[str] = []
    # A new topic after an offer answer may still belong to the conversation's need
    # ("Wer hilft mit Geld für die Erstausstattung?" after a pregnancy): the turns joined.
    together: str | None = None
    alone: SearchResult | None = None  # a narrowing turn read alone (see alone_reading)
    if state and previous is not None:
        turns = int(state.get("turns", 0)) + 1
        asks_need = has_need(new)
        narrows = not asks_need or (kept is None and refines(previous, new, message, lexicon))
        if narrows and asks_need:
            alone = alone_reading(service, message, new, previous, limit)
            narrows = not sure(alone)  # a sure answer of its own: a new need
        if not narrows:
            new.places = new.places or previous.places
            if kept is None:
                together = joined(state.get("need", ""), message)
        elif not asks_need:
            new, need_text = merge(previous, new), state.get("need", message)
        else:
            need_text = joined(state.get("need", ""), message)
            new = refined(service, previous, new, need_text)
        if narrows:
            found = list(state.get("found", []))

    if not (has_need(new) or new.flags or new.languages):
        # "Was gibt es in Holten?": the Sozialraum in short, then a question back. A
        # constraint alone ("nur kostenlose", "auf Türkisch") asks for the offers that
        # meet it.
        profile = (place_profile(service.graph, new.sozialraeume[0])
                   if len(new.sozialraeume) == 1 else None)
        return ChatReply(
            answer=" ".join([*([profile.answer] if profile else []),
                             answer.vague_sentence(new)]),
            understanding=new, vague=True, entities=profile.results if profile else [],
            follow_up=list(answer.FOLLOW_UP_GROUPS),
            state={**_state_of(new, need_text, turns),
                   "entity": [SOZIALRAUM, new.sozialraeume[0]]
                   if profile else None},
        )

    if sure(alone):
        result = alone
    else:
        result = service.search(need_text, new, limit=limit)
        if alone is not None and better_alone(alone, result, message):
            result, new, need_text, found = alone, alone.outcome.understanding, message, []
    if together is not None and previous is not None:
        result, new, need_text = _in_context(service, (result, new, need_text), previous,
                                             together, limit)
    outcome = keep_found(result.outcome, found)
    service.log_search("chat", new, outcome)
    new_state = {**_state_of(new, need_text, turns),
                 "found": _union(found, [hit.offer["id"] for hit in outcome.hits])}
    lines = [answer.understood_sentence(new)]
    follow_up: list[str] = []
    if outcome.no_good_match:
        lines.append(answer.no_match_sentence(new, result.alternatives, lexicon))
        follow_up = answer.alternative_follow_ups(result.alternatives, lexicon)
    else:
        lines.append(answer.results_sentence(outcome.hits, new, outcome.confidence))
        lines.append(answer.unconfirmed_sentence(outcome.hits, result.unconfirmed))
        if "kostenlos" not in new.flags:
            follow_up.append("nur kostenlose")
    return ChatReply(
        answer=" ".join(line for line in lines if line), understanding=new, hits=outcome.hits,
        alternatives=result.alternatives, no_good_match=outcome.no_good_match,
        confidence=outcome.confidence, follow_up=follow_up, state=new_state,
        unconfirmed=result.unconfirmed,
    )
