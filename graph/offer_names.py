"""An offer as a person names it ("Schuldnerberatung Diakonie"): its id from its title and
provider, umlauts and case ignored, or the candidates when the name is not unique."""

from __future__ import annotations

import re
from typing import Any

from graph.collation import german_key

MIN_STEM = 5


def offer_label(offer: dict[str, Any]) -> str:
    """How an offer is offered for choosing: "Title – Provider"."""
    return f"{offer['title']} – {offer['provider']}" if offer.get("provider") else offer["title"]


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", german_key(text)[0])


def _fits(wanted: list[str], words: list[str]) -> bool:
    """Every wanted word begins a word of the label, or begins with one ("Schuldnerberatung"
    fits "Schuldner- und …beratung"; short words such as "und" do not count that way)."""
    return all(any(word.startswith(w) or (len(word) >= MIN_STEM and w.startswith(word))
                   for word in words) for w in wanted)


def resolve_offer(text: str, offers: list[dict[str, Any]]) -> tuple[str | None, list[str]]:
    """(id, []) for an id, a label, a title or words that fit exactly one offer;
    else (None, the labels that fit, at most five)."""
    text = text.strip()
    folded = german_key(text)[0]
    for offer in offers:
        if text == offer["id"] or folded in (german_key(offer_label(offer))[0],
                                             german_key(offer["title"])[0]):
            return offer["id"], []
    wanted = _words(text)
    fitting = [o for o in offers if wanted and _fits(wanted, _words(offer_label(o)))]
    if len(fitting) == 1:
        return fitting[0]["id"], []
    return None, [offer_label(o) for o in fitting[:5]]
