"""Awareness (Bekanntheit): what the Expert*innendialoge learn about offers.

At a dialogue, offers are presented and participants answer "Kennen Sie das
Angebot? Ja/Nein" with green and red dots, and write cards: "Wie kann das Angebot
bekannter gemacht werden?" and "Woher kennen Sie uns?". An `Event` in a Sozialraum
holds the dots as `PRESENTED {known_yes, known_no}` per offer; each card is a
`DialogCard` AT the event ABOUT an offer. Figures are sums over the events, so they
add up by construction. The least-known offers are ranked by the share of "no"
weighted with their potential users: how often the search log asked for their
target groups.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import neo4j

from graph.collation import german_key
from graph.driver import Graph
from graph.editing import Actor
from graph.errors import Refused
from graph.queries import MISSING_IDS
from graph.queries import planning as q

EVENT_KIND = "Expert*innendialog"
QUESTIONS = {
    "bekannter": "Wie kann das Angebot bekannter gemacht werden?",
    "woher": "Woher kennen Sie uns?",
}
CHANNELS = ("Kolleg*innen", "Gremium oder Netzwerk", "Internet", "Soziale Medien",
            "Flyer oder Broschüre", "Presse", "Veranstaltung", "Klient*innen", "Sonstiges")
MAX_VOTES = 10_000  # dots per offer and event; more is a typing error


@dataclass(frozen=True)
class Vote:
    offer: str
    yes: int
    no: int


@dataclass(frozen=True)
class DialogueEvent:
    """A dialogue as recorded: where, when, what, and the dots per presented offer."""

    sozialraum: str
    on: date
    title: str
    votes: tuple[Vote, ...]
    source: str | None = None


def record_events(graph: Graph, events: list[DialogueEvent], actor: Actor) -> list[str]:
    """Dialogues with their dots per offer, all in one transaction; returns the event ids."""
    for event in events:
        _check_votes(list(event.votes))
    ids = [f"event-{uuid.uuid4().hex[:12]}" for _ in events]

    def work(tx: neo4j.ManagedTransaction) -> list[str]:
        for event_id, event in zip(ids, events, strict=True):
            _require(tx, event.sozialraum, [v.offer for v in event.votes])
            tx.run(q.CREATE_EVENT, id=event_id, kind=EVENT_KIND, title=event.title.strip(),
                   date=event.on.isoformat(), source=event.source, sozialraum=event.sozialraum,
                   votes=[{"offer": v.offer, "yes": v.yes, "no": v.no} for v in event.votes],
                   actor_email=actor.email).consume()
        return ids

    return graph.write_tx(work)


def _check_votes(votes: list[Vote]) -> None:
    offers = [v.offer for v in votes]
    if len(set(offers)) != len(offers):
        raise Refused("Jedes Angebot darf je Veranstaltung nur einmal vorkommen.",
                      "an offer appears twice in one event")
    for vote in votes:
        if not (0 <= vote.yes <= MAX_VOTES and 0 <= vote.no <= MAX_VOTES):
            raise Refused(f"Die Zahl der Punkte für „{vote.offer}“ ist ungültig.",
                          f"vote counts out of range for offer {vote.offer}")


def _require(tx: neo4j.ManagedTransaction, sozialraum: str, offers: list[str]) -> None:
    if not tx.run(q.SOZIALRAUM_EXISTS, id=sozialraum).single()["found"]:
        raise Refused("Diesen Sozialraum gibt es nicht.", f"no Sozialraum {sozialraum!r}")
    missing = tx.run(MISSING_IDS["Offer"], ids=offers).single()["missing"]
    if missing:
        raise Refused(f"Unbekannte Angebote: {', '.join(missing)}",
                      f"no offer with id {', '.join(missing)}")


def record_card(graph: Graph, event_id: str, offer_id: str, question: str, text: str,
                channel: str | None, actor: Actor) -> str:
    if question not in QUESTIONS:
        raise Refused("Diese Frage gibt es auf den Karten nicht.", f"unknown question {question!r}")
    if channel is not None and channel not in CHANNELS:
        raise Refused("Diesen Weg gibt es in der Auswahl nicht.", f"unknown channel {channel!r}")
    records = graph.write(q.CREATE_CARD, event=event_id, offer=offer_id, question=question,
                          text=text.strip(), channel=channel, actor_email=actor.email)
    if not records:
        raise Refused("Veranstaltung oder Angebot gibt es nicht.",
                      f"no event {event_id!r} or offer {offer_id!r}")
    return records[0]["id"]


def offer_options(graph: Graph) -> list[dict[str, Any]]:
    """The public offers (id, title, provider) a dialogue can have presented."""
    return [r["offer"] for r in graph.read(q.OFFER_OPTIONS)]


def sozialraum_ids(graph: Graph) -> set[str]:
    return set(graph.read(q.SOZIALRAUM_IDS)[0]["ids"])


def list_events(graph: Graph, sozialraum: str | None = None) -> list[dict[str, Any]]:
    return [r["event"] for r in graph.read(q.LIST_EVENTS, sozialraum=sozialraum)]


def get_event(graph: Graph, event_id: str) -> dict[str, Any] | None:
    records = graph.read(q.GET_EVENT, id=event_id)
    return records[0]["event"] if records else None


def share_known(yes: int, no: int) -> float | None:
    return yes / (yes + no) if yes + no else None


def awareness_by_offer(graph: Graph, sozialraum: str | None = None) -> list[dict[str, Any]]:
    """Per presented offer: dots, share known, events, demand; least known first."""
    rows = []
    for r in graph.read(q.AWARENESS_BY_OFFER, sozialraum=sozialraum):
        share = share_known(r["yes"], r["no"])
        unknown = 1 - share if share is not None else 0
        rows.append({**r["offer"], "yes": r["yes"], "no": r["no"], "events": r["events"],
                     "share_known": share, "demand": r["demand"],
                     "priority": round(unknown * math.log2(2 + r["demand"]), 3)})
    return sorted(rows, key=lambda row: (-row["priority"], german_key(row["title"])))


def awareness_by_sozialraum(graph: Graph) -> list[dict[str, Any]]:
    return [{**r.data(), "share_known": share_known(r["yes"], r["no"])}
            for r in graph.read(q.AWARENESS_BY_SOZIALRAUM)]


def cards_by_offer(graph: Graph, sozialraum: str | None = None, offer: str | None = None,
                   event: str | None = None) -> list[dict[str, Any]]:
    """The written cards per offer, grouped by question, with the most frequent channels."""
    result = []
    for r in graph.read(q.CARDS_BY_OFFER, sozialraum=sozialraum, offer=offer, event=event):
        cards = r["cards"]
        channels = Counter(c["channel"] for c in cards if c["channel"])
        result.append({**r["offer"], "channels": channels.most_common(),
                       "by_question": {key: [c for c in cards if c["question"] == key]
                                       for key in QUESTIONS}})
    return result
