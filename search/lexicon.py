"""What query understanding knows: places and controlled vocabularies, read from the graph.

The lexicon is derived, read-only data. Each process keeps one copy for a short
time (`search.cache.TimedCache`), so an edit in the graph shows up within the TTL on every
worker without any cross-process coordination.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from graph import queries as q
from graph.driver import Graph
from search.text import stems, tokens


class Stems(frozenset):
    """The word stems of a text, also in sorted order (to find the stems a prefix starts)."""

    @cached_property
    def ordered(self) -> tuple[str, ...]:
        return tuple(sorted(self))

    def any_starting_with(self, prefix: str) -> bool:
        ordered = self.ordered
        at = bisect_left(ordered, prefix)
        return at < len(ordered) and ordered[at].startswith(prefix)


@dataclass(frozen=True)
class Place:
    type: str  # "bezirk" | "sozialraum" | "stadtteil"
    id: str
    name: str
    names: tuple[str, ...]  # name and aliases
    plz: tuple[str, ...]
    sozialraeume: tuple[str, ...]  # what the place means for filtering


@dataclass(frozen=True)
class Concept:
    kind: str  # "target_group" | "topic"
    id: str
    name: str
    synonyms: tuple[str, ...]
    age_min: int | None = None
    age_max: int | None = None
    broader: str | None = None
    offers: int = 0  # how many offers carry it: a concept most offers carry says little


@dataclass(frozen=True)
class Lexicon:
    places: tuple[Place, ...]
    concepts: tuple[Concept, ...]
    sozialraum_names: dict[str, str] = field(default_factory=dict)
    # In how many public offers each word stem occurs: how telling a word is.
    doc_freq: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    # The word stems of each public offer's texts (see `offer_stems`), by offer id.
    stems_by_offer: dict[str, Stems] = field(default_factory=dict)

    def idf(self, word_stem: str) -> float:
        """Inverse document frequency; a word no offer uses is the most telling."""
        df = self.doc_freq.get(word_stem, 0)
        return math.log((self.documents + 1) / (df + 0.5))

    def specificity(self, concept: Concept) -> float:
        """0..1: how much naming this concept narrows the directory (1 = a handful of offers)."""
        share = (concept.offers + 0.5) / (self.documents + 1)
        return min(1.0, max(0.0, -math.log(share) / -math.log(3.5 / (self.documents + 1))))

    @property
    def max_idf(self) -> float:
        """The idf of a word that no offer uses."""
        return math.log((self.documents + 1) / 0.5)

    @property
    def target_groups(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.kind == "target_group")

    @property
    def topics(self) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if c.kind == "topic")

    @cached_property
    def place_words(self) -> frozenset[str]:
        """Every folded word of a place name or alias."""
        return frozenset(t for p in self.places for n in p.names for t in tokens(n))

    def stems_of(self, offer: dict) -> Stems:
        """The offer's word stems; computed when the offer is newer than the lexicon."""
        known = self.stems_by_offer.get(offer["id"])
        return known if known is not None else Stems(offer_stems(offer))

    def concept(self, concept_id: str, kind: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id and c.kind == kind), None)


def load_lexicon(graph: Graph) -> Lexicon:
    places = tuple(
        Place(
            type=r["type"], id=r["id"], name=r["name"],
            names=(r["name"], *r["aliases"]), plz=tuple(r["plz"]),
            sozialraeume=tuple(sorted(r["sozialraeume"])),
        )
        for r in graph.read(q.LEXICON_PLACES)
    )
    concepts = tuple(
        Concept(
            kind=r["kind"], id=r["id"], name=r["name"], synonyms=tuple(r["synonyms"]),
            age_min=r["age_min"], age_max=r["age_max"], broader=r["broader"],
            offers=r["offers"],
        )
        for r in graph.read(q.LEXICON_VOCABULARY)
    )
    names = {p.id: p.name for p in places if p.type == "sozialraum"}
    doc_freq: dict[str, int] = {}
    texts = graph.read(q.OFFER_TEXTS)
    stems_by_offer = {r["id"]: Stems(offer_stems(r.data())) for r in texts}
    for offer_stem_set in stems_by_offer.values():
        for word_stem in offer_stem_set:
            doc_freq[word_stem] = doc_freq.get(word_stem, 0) + 1
    return Lexicon(places=places, concepts=concepts, sozialraum_names=names,
                   doc_freq=doc_freq, documents=len(texts), stems_by_offer=stems_by_offer)


def offer_stems(offer: dict) -> set[str]:
    """The word stems of an offer's title, description, keywords, Beispielfragen, target
    groups and topics."""
    parts = [offer.get("title") or "", offer.get("description") or "",
             *offer.get("keywords", []), *offer.get("example_questions", []),
             *offer.get("target_groups", []),
             *offer.get("topics", [])]
    return set(stems(" ".join(parts)))
