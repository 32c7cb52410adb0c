"""Evidence: how much of what a question asks one offer covers, and the German 'why'.

Each *need* of the question (see `search.understanding.Need`) is one unit, however
many concepts it stands for: "Seniorin" means a target group and a topic but is one
thing said. A unit weighs more the more specific its concepts are; the question's other
telling words are units weighted by idf, nouns more than verbs and adjectives. In a
question that asks how to apply for something ("Kindergeld beantragen") an offer must
name the thing itself: an offer that is merely about money is not the office.
A question with several needs ("Schulden, und der Vermieter will sie rauswerfen") is
answered need by need: an offer may cover one *what* need (a topic or a situation)
with the question's telling words and still be an answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from search.lexicon import Concept, Lexicon, offer_stems
from search.text import stem
from search.understanding import MINOR_WORD, Need, Understanding

MIN_PREFIX = 5
MODIFIER_WEIGHT = 0.5  # a concept named only by a compound's first part
# A compound's first part must fit when it is a word of its own ("Reise" in
# "Reiseimpfung"); shorter ones ("Gas") are too ambiguous as stems to check.
MIN_CHECKED_MODIFIER = 5
# Only a need this specific can be answered on its own in a question with several:
# "Beratung" is what most offers do.
SPECIFIC_NEED = 0.4
OTHER_NEED = 0.5
# Unseen wording mostly adds words no offer uses ("obdachlos *geworden*, heute *Nacht*"),
# which dilutes the share of an offer that does answer the question's main need. Such an
# offer still counts when the evidence comes close (ANCHORED_EVIDENCE) and the vector
# search, which reads the whole question, independently ranks it above its pool
# (ANCHORED_STANDOUT, well below the STANDOUT that vouches on its own).
ANCHORED_EVIDENCE = 0.5
ANCHORED_STANDOUT = 0.05


@dataclass
class Hit:
    offer: dict[str, Any]
    score: float
    evidence: float
    why: list[str] = field(default_factory=list)
    standout: float | None = None  # vector similarity above the candidate pool's median


def needs_of(u: Understanding) -> list[Need]:
    """The question's needs; concepts added outside the question (filters, a chat's
    earlier turn) count as one need per kind, as they were asked together."""
    needs = list(u.needs)
    known = {c for need in needs for c in need.concepts}
    for bucket in (u.target_groups, u.topics):
        rest = tuple(c for c in bucket if c not in known)
        if rest:
            needs.append(Need((), rest, "filter"))
    return needs


def coverage(word: str, text_stems: set[str]) -> float:
    """1 when the offer's text has the word (or a compound built on it: "Sucht" in
    "Suchtberatung"); 0.5 when it has only the word's first part, because a German
    compound is about its last part ("Geburtsurkunde" is a document, not a birth)."""
    word_stem = stem(word)
    if word_stem in text_stems:
        return 1.0
    if len(word_stem) < MIN_PREFIX:
        return 0.0
    long_stems = [s for s in text_stems if len(s) >= MIN_PREFIX]
    if any(s.startswith(word_stem) for s in long_stems):
        return 1.0
    if any(word_stem.startswith(s) for s in long_stems):
        return 0.5
    return 0.0


def _need_weight(need: Need, lexicon: Lexicon) -> float:
    topical = any(c.kind == "topic" for c in need.concepts)
    weight = 0.5 + (1.0 if topical else 0.5) * max(lexicon.specificity(c) for c in need.concepts)
    return weight * (MODIFIER_WEIGHT if need.kind == "modifier" else 1.0)


def lineage(concept: Concept, lexicon: Lexicon) -> set[str]:
    """A target group with its broader groups (an offer for Kinder suits Kleinkinder)."""
    ids: set[str] = set()
    current: str | None = concept.id
    while current and current not in ids:
        ids.add(current)
        parent = lexicon.concept(current, "target_group")
        current = parent.broader if parent else None
    return ids


def _concept_covered(concept: Concept, offer: dict[str, Any], lexicon: Lexicon,
                     text_stems: set[str]) -> bool:
    if concept.kind == "target_group":
        return (concept.id in offer["target_group_lineage"]
                or bool(lineage(concept, lexicon) & set(offer["target_group_ids"])))
    return concept.id in offer["topic_ids"] or coverage(concept.name, text_stems) == 1.0


def need_units(u: Understanding, offer: dict[str, Any], lexicon: Lexicon,
               text_stems: set[str]) -> list[tuple[float, float, Need]]:
    """(weight, share covered, need) for every need of the question."""
    units = []
    for need in needs_of(u):
        covered = any(_concept_covered(c, offer, lexicon, text_stems)
                      for c in need.concepts)
        if covered and u.procedure and need.words:
            covered = all(coverage(w, text_stems) == 1.0 for w in need.words)
        if covered and len(need.modifier) >= MIN_CHECKED_MODIFIER:
            covered = coverage(need.modifier, text_stems) > 0
        units.append((_need_weight(need, lexicon), float(covered), need))
    return units


def word_units(u: Understanding, lexicon: Lexicon,
               text_stems: set[str]) -> list[tuple[float, float, str]]:
    """(weight, share covered, word) for the question's other telling words."""
    # In a long, narrative question each leftover word carries less of the need than the
    # one key noun of a short question ("Reisepass beantragen").
    spread = 1.0 / math.sqrt(max(1, len(u.residual)))
    units = []
    for word in u.residual:
        weight = spread * min(1.0, max(0.3, lexicon.idf(stem(word)) / lexicon.max_idf))
        if word in u.minor:
            weight *= MINOR_WORD
        units.append((weight, coverage(word, text_stems), word))
    return units


def judge(offer: dict[str, Any], u: Understanding, lexicon: Lexicon, asked_groups: set[str],
          fused: float, standout: float | None, *, good: float, standout_bar: float) -> Hit:
    """Evidence, final score and the German 'why' of one candidate."""
    text_stems = offer_stems(offer)
    needs = need_units(u, offer, lexicon, text_stems)
    words = word_units(u, lexicon, text_stems)
    full = _share(needs, words)
    evidence = max([full] + [_share(_one_need(needs, unit, lexicon), words) for unit in needs
                             if len(needs) > 1 and _is_what(unit[2], lexicon)])
    why = _why_needs(u, offer, asked_groups)
    matched = [word for _, share, word in words if share == 1.0]
    if matched:
        why.append("Stichwort: " + ", ".join(matched))
    # Similarity cannot tell the office that issues a document from one about the topic.
    if standout is not None and standout >= standout_bar and not u.procedure:
        evidence = max(evidence, good)
        if not why:
            why.append("inhaltlich ähnlich")
    elif evidence >= ANCHORED_EVIDENCE and anchored(u, needs, lexicon, standout):
        evidence = max(evidence, good)
    local = bool(u.sozialraeume) and bool(set(u.sozialraeume) & set(offer["sozialraeume"]))
    why += _why_place_and_flags(u, offer, lexicon, local)
    group_match = any(s for _, s, n in needs if any(c.kind == "target_group" for c in n.concepts))
    topic_match = bool({c.id for c in u.topics} & set(offer["topic_ids"]))
    score = (fused + 0.02 * full + 0.006 * group_match + 0.008 * topic_match
             + 0.004 * local)
    return Hit(offer=offer, score=round(score, 5), evidence=round(evidence, 3), why=why,
               standout=standout)


def anchored(u: Understanding, needs: list[tuple[float, float, Need]], lexicon: Lexicon,
             standout: float | None) -> bool:
    """Whether an offer answers the question's main need and the vector search agrees.

    The main need is the heaviest one; it must be specific (not just "Beratung"), and an
    application question still needs the offer that names the thing itself (see judge).
    """
    if u.procedure or not needs or standout is None or standout < ANCHORED_STANDOUT:
        return False
    _, covered, need = max(needs, key=lambda unit: unit[0])
    specific = max(lexicon.specificity(c) for c in need.concepts) >= SPECIFIC_NEED
    return specific and covered == 1.0


def _share(needs: list[tuple[float, float, Need]],
           words: list[tuple[float, float, str]]) -> float:
    total = sum(w for w, _, _ in needs) + sum(w for w, _, _ in words)
    covered = sum(w * s for w, s, _ in needs) + sum(w * s for w, s, _ in words)
    return covered / total if total else 0.0


def _one_need(needs: list[tuple[float, float, Need]], chosen: tuple[float, float, Need],
              lexicon: Lexicon) -> list[tuple[float, float, Need]]:
    """The question read as asking for `chosen` alone: the other *what* needs still count,
    at half weight, so an offer must answer one need well rather than touch one."""
    return [chosen] + [(w * OTHER_NEED, s, n) for w, s, n in needs
                       if n is not chosen[2] and _is_what(n, lexicon)]


def _is_what(need: Need, lexicon: Lexicon) -> bool:
    """A specific need that says what is needed (not only who needs it)."""
    if max(lexicon.specificity(c) for c in need.concepts) < SPECIFIC_NEED:
        return False
    return need.kind in ("situation", "compound") or any(c.kind == "topic"
                                                         for c in need.concepts)


def _why_needs(u: Understanding, offer: dict[str, Any], asked_groups: set[str]) -> list[str]:
    why = []
    groups = [c for c in u.target_groups if c.id in offer["target_group_lineage"]
              or bool(asked_groups & set(offer["target_group_ids"]))]
    if groups:
        why.append("Zielgruppe: " + ", ".join(c.name for c in u.target_groups))
    topics = [c for c in u.topics if c.id in offer["topic_ids"]]
    if topics:
        why.append("Thema: " + ", ".join(c.name for c in topics))
    return why


def _why_place_and_flags(u: Understanding, offer: dict[str, Any], lexicon: Lexicon,
                         local: bool) -> list[str]:
    why = []
    if u.sozialraeume:
        if local:
            names = [lexicon.sozialraum_names.get(s, s) for s in offer["sozialraeume"]
                     if s in u.sozialraeume]
            why.append("Ort: " + ", ".join(names))
        elif offer["citywide"]:
            why.append("Ort: stadtweites Angebot")
    for flag, label in (("kostenlos", "kostenlos"), ("anonym", "anonym"),
                        ("ohne_termin", "ohne Termin"), ("barrierefrei", "barrierefrei")):
        if flag in u.flags:
            why.append(label)
    return why
