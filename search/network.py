"""Questions about the network itself: gremien, institutions, departments and places.

"Wann tagt das Sozialraumgremium Osterfeld?", "Wie erreiche ich die AWO?", "Welcher
Bereich ist für Frühe Hilfen zuständig?", "Was gibt es in Holten?" are answered from
the graph's records, never from generated facts. `NetworkReader.read` recognises
such a question by its cue words (`search/data/wording.json`, "network") and the names
it mentions (matched tolerantly: abbreviations such as "FZ" or "KoBS", small typos,
"das Gremium in Osterfeld"); a question that names no entity and asks no network
question is left to the offer search.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from graph.driver import Graph
from graph.queries import network as q
from search.text import STOPWORDS, fold, stem, tokens
from search.wording import ABBREVIATIONS, NETWORK_CUES, NETWORK_GENERIC_NAME_WORDS

FUZZY_NAME_SCORE = 86.0
MIN_FUZZY_LENGTH = 5
# Share of an entity name's telling weight the question must contain; a question that asks
# for a gremium may name it loosely ("das Netzwerk für Alleinerziehende").
MIN_NAME_SHARE = 0.6
LOOSE_NAME_SHARE = 0.3
_CODE = re.compile(r"\b\d-\d+(?:-\d+)?\b")  # a department's number: 3-1, 3-2-10
GREMIUM, INSTITUTION, DEPARTMENT, SOZIALRAUM = "gremium", "institution", "department", "sozialraum"
OFFER = "offer"


@dataclass(frozen=True)
class Entity:
    type: str
    id: str
    name: str
    variants: tuple[tuple[str, ...], ...]  # telling name tokens of each name form
    sozialraeume: tuple[str, ...] = ()
    words: frozenset[str] = frozenset()  # stems of its names' tokens, abbreviations spelt out

    def names_all(self, words: tuple[str, ...]) -> bool:
        """Whether these question words are all part of the entity's name ("FZ
        Schatzkiste": the Familienzentrum a topic was read from is the name itself)."""
        return all(stem(w) in self.words for w in question_words(" ".join(words)))


@dataclass(frozen=True)
class Match:
    entity: Entity
    share: float  # of the name's telling weight found in the question
    weight: float


@dataclass(frozen=True)
class NetworkIndex:
    entities: tuple[Entity, ...]
    idf: dict[str, float] = field(default_factory=dict)
    codes: dict[str, Entity] = field(default_factory=dict)  # "3-1" -> its department

    def by_code(self, question: str) -> list[Match]:
        """Departments named by their number ("Bereich 3-1")."""
        return [Match(self.codes[code], 1.0, 10.0) for code in _CODE.findall(question)
                if code in self.codes]

    def unknown_codes(self, question: str) -> list[str]:
        """Department numbers in the question that no department has ("Bereich 5-2")."""
        return [code for code in _CODE.findall(question) if code not in self.codes]

    def find(self, words: list[str], place_words: frozenset[str],
             min_share: float = MIN_NAME_SHARE) -> list[Match]:
        """Entities whose telling name words the question contains, best first. A place
        alone names no entity ("Osterfeld" is no "Caritas-Beratungsstelle (Osterfeld)")."""
        present = set(words)
        long_words = [w for w in present if len(w) >= MIN_FUZZY_LENGTH]
        matches = []
        for entity in self.entities:
            best: Match | None = None
            for variant in entity.variants:
                found_tokens = [t for t in variant if t in present or _near(t, long_words)]
                total = sum(self.idf.get(t, 1.0) for t in variant)
                found = sum(self.idf.get(t, 1.0) for t in found_tokens)
                if not any(t not in place_words for t in found_tokens):
                    continue
                if total and found / total >= min_share:
                    candidate = Match(entity, found / total, found)
                    if best is None or (candidate.share, candidate.weight) > (best.share,
                                                                              best.weight):
                        best = candidate
            if best is not None:
                matches.append(best)
        matches.sort(key=lambda m: (-m.share, -m.weight, m.entity.name))
        return matches


def _near(token: str, words: list[str]) -> bool:
    """A question word names the token with a small typo ("Marienschle")."""
    return len(token) >= MIN_FUZZY_LENGTH and any(
        abs(len(w) - len(token)) <= 2 and fuzz.ratio(w, token) >= FUZZY_NAME_SCORE
        for w in words)


def name_variants(*names: str | None) -> tuple[tuple[str, ...], ...]:
    """Telling tokens of each name form: the name, its part in brackets, and the name
    without that part ("Bündnis Seelische Gesundheit Oberhausen (BSGO)")."""
    forms: list[str] = []
    for name in names:
        if not name:
            continue
        name = name.replace("*", "").replace(":innen", "innen")  # Expert*innen, one word
        forms.append(name)
        for dash in (" – ", " - "):  # "Lore – Beratungsstelle für Frauen in Wohnungsnot"
            if dash in name:
                forms.append(name.split(dash, 1)[0])
        if "(" in name and ")" in name:
            inner = name[name.index("(") + 1 : name.index(")")]
            forms += [inner, name[: name.index("(")]]
    variants = []
    for form in forms:
        telling = tuple(t for t in tokens(form)
                        if t not in STOPWORDS and t not in NETWORK_GENERIC_NAME_WORDS
                        and not t.isdigit())
        if telling and telling not in variants:
            variants.append(telling)
    return tuple(variants)


def load_network_index(graph: Graph) -> NetworkIndex:
    records = graph.read(q.NETWORK_ENTITIES)
    entities = [
        Entity(r["type"], r["id"], r["name"], name_variants(r["name"], *r["aliases"]),
               tuple(r["sozialraeume"]),
               frozenset(stem(w) for name in (r["name"], *r["aliases"]) if name
                         for w in question_words(name)))
        for r in records
    ]
    counts: dict[str, int] = {}
    for entity in entities:
        for token in {t for v in entity.variants for t in v}:
            counts[token] = counts.get(token, 0) + 1
    idf = {t: math.log((len(entities) + 1) / (n + 0.5)) for t, n in counts.items()}
    codes = {alias: entity for entity, record in zip(entities, records, strict=True)
             for alias in record["aliases"] if _CODE.fullmatch(alias)}
    return NetworkIndex(tuple(entities), idf, codes)


@dataclass(frozen=True)
class NetworkQuestion:
    """What a question asks about the network: cue kinds and the entities it names."""

    cues: frozenset[str]  # keys of NETWORK_CUES found: gremium, members, meeting, ...
    matches: tuple[Match, ...]
    loose: tuple[Match, ...] = ()  # names matched loosely, for a question about a gremium

    def named(self, kind: str, sozialraeume: list[str] | None = None) -> list[Entity]:
        """The named entities of a kind; those in the asked Sozialräume first."""
        found = [m.entity for m in self.matches if m.entity.type == kind]
        return sorted(found, key=lambda e: not set(e.sozialraeume) & set(sozialraeume or []))


def question_words(question: str) -> list[str]:
    """Folded tokens with abbreviations spelled out ("FZ" -> "familienzentrum")."""
    words: list[str] = []
    for word in tokens(question.replace("*", "").replace(":innen", "innen")):
        words += ABBREVIATIONS.get(word, word).split()
    return words


def read_question(question: str, index: NetworkIndex,
                  place_words: frozenset[str]) -> NetworkQuestion:
    words = question_words(question)
    folded = " " + " ".join(words) + " "
    cues = frozenset(kind for kind, phrases in NETWORK_CUES.items()
                     if any(_has_cue(folded, words, phrase) for phrase in phrases))
    loose = index.find(words, place_words, LOOSE_NAME_SHARE) if "gremium" in cues else []
    named = index.by_code(question) + index.find(words, place_words)
    return NetworkQuestion(cues, tuple(named), tuple(loose))


def _has_cue(folded: str, words: list[str], phrase: str) -> bool:
    phrase = fold(phrase)
    if phrase.endswith("*"):
        return any(w.startswith(phrase[:-1]) for w in words)
    return f" {phrase} " in folded
