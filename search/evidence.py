"""Evidence: how much of what a question asks one offer covers, and the German 'why'.

Each *need* of the question (see `search.understanding.Need`) is one unit, however
many concepts it stands for: "Seniorin" means a target group and a topic but is one
thing said. A unit weighs more the more specific its concepts are; the question's other
telling words are units weighted by idf, nouns more than verbs and adjectives. In a
question that asks how to apply for something ("Kindergeld beantragen") an offer must
name the thing itself: an offer that is merely about money is not the office.
The share is one signal of the learned ranking (`search.ranking`), not a gate.
"""

from __future__ import annotations

import math
from typing import Any

from search.budget import exhausted
from search.lexicon import Concept, Lexicon, Stems
from search.text import stem
from search.understanding import MINOR_WORD, Need, Understanding
from search.wording import LANGUAGES

MIN_PREFIX = 5
# Constraint flag of the understanding, the offer field that answers it, its German label.
FLAG_LABELS = (("kostenlos", "free", "kostenlos"), ("anonym", "anonymous", "anonym"),
               ("ohne_termin", "walk_in", "ohne Termin"),
               ("barrierefrei", "barrier_free", "barrierefrei"))
MODIFIER_WEIGHT = 0.5  # a concept named only by a compound's first part
# A compound's first part must fit when it is a word of its own ("Reise" in
# "Reiseimpfung"); shorter ones ("Gas") are too ambiguous as stems to check.
MIN_CHECKED_MODIFIER = 5


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


def coverage(word: str, text_stems: Stems) -> float:
    """1 when the offer's text has the word (or a compound built on it: "Sucht" in
    "Suchtberatung"); 0.5 when it has only the word's first part, because a German
    compound is about its last part ("Geburtsurkunde" is a document, not a birth)."""
    word_stem = stem(word)
    if word_stem in text_stems:
        return 1.0
    if len(word_stem) < MIN_PREFIX:
        return 0.0
    if text_stems.any_starting_with(word_stem):
        return 1.0
    if any(word_stem[:end] in text_stems for end in range(MIN_PREFIX, len(word_stem))):
        return 0.5
    return 0.0


def _need_weight(need: Need, lexicon: Lexicon) -> float:
    topical = any(c.kind == "topic" for c in need.concepts)
    weight = 0.5 + (1.0 if topical else 0.5) * max(lexicon.specificity(c) for c in need.concepts)
    return weight * (MODIFIER_WEIGHT if need.kind == "modifier" else 1.0)


def lineage(concept: Concept, lexicon: Lexicon) -> set[str]:
    """A target group with its broader groups (an offer for Kinder suits Kleinkinder)."""
    return _lineage_of(concept.id, lexicon)


def _lineage_of(group_id: str, lexicon: Lexicon) -> set[str]:
    ids: set[str] = set()
    current: str | None = group_id
    while current and current not in ids:
        ids.add(current)
        parent = lexicon.concept(current, "target_group")
        current = parent.broader if parent else None
    return ids


def _concept_covered(concept: Concept, offer: dict[str, Any], lexicon: Lexicon,
                     text_stems: Stems) -> bool:
    if concept.kind == "target_group":
        return (concept.id in offer["target_group_lineage"]
                or bool(lineage(concept, lexicon) & set(offer["target_group_ids"])))
    return concept.id in offer["topic_ids"] or coverage(concept.name, text_stems) == 1.0


def need_units(u: Understanding, offer: dict[str, Any], lexicon: Lexicon,
               text_stems: Stems) -> list[tuple[float, float, Need]]:
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
               text_stems: Stems) -> list[tuple[float, float, str]]:
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


def evidence(offer: dict[str, Any], u: Understanding, lexicon: Lexicon) -> tuple[float, list[str]]:
    """(weighted share of the question's needs and telling words the offer covers, the
    telling words its text has). Nothing once the search's CPU budget is spent."""
    if exhausted():
        return 0.0, []
    text_stems = lexicon.stems_of(offer)
    words = word_units(u, lexicon, text_stems)
    share = _share(need_units(u, offer, lexicon, text_stems), words)
    return share, [word for _, covered, word in words if covered == 1.0]


def explain(offer: dict[str, Any], u: Understanding, lexicon: Lexicon, asked_groups: set[str],
            matched: list[str]) -> list[str]:
    """The German 'why' of a result: only what the offer's record really says."""
    why = _why_needs(u, offer, asked_groups, lexicon)
    if matched:
        why.append("Stichwort: " + ", ".join(matched))
    local = is_local(offer, u)
    return why + _why_place_and_flags(u, offer, lexicon, local)


def is_local(offer: dict[str, Any], u: Understanding) -> bool:
    """Whether the offer lies in one of the asked Sozialräume."""
    return bool(set(u.sozialraeume) & set(offer["sozialraeume"]))


def covers_group(offer: dict[str, Any], u: Understanding, asked_groups: set[str]) -> bool:
    """The offer is for an asked group, a narrower one, or one an asked group belongs to."""
    return (bool({c.id for c in u.target_groups} & set(offer["target_group_lineage"]))
            or bool(asked_groups & set(offer["target_group_ids"])))


def covers_topic(offer: dict[str, Any], u: Understanding) -> bool:
    return bool({c.id for c in u.topics} & set(offer["topic_ids"]))


def _share(needs: list[tuple[float, float, Need]],
           words: list[tuple[float, float, str]]) -> float:
    total = sum(w for w, _, _ in needs) + sum(w for w, _, _ in words)
    covered = sum(w * s for w, s, _ in needs) + sum(w * s for w, s, _ in words)
    return covered / total if total else 0.0


def _why_needs(u: Understanding, offer: dict[str, Any], asked_groups: set[str],
               lexicon: Lexicon) -> list[str]:
    why = []
    # Name the offer's own groups only: an offer for Eltern is no offer for
    # Alleinerziehende, even though it suits them; one for Kleinkinder is named so when
    # Kinder were asked for.
    asked = {c.id for c in u.target_groups}
    groups = [name for gid, name in offer["target_group_names"]
              if gid in asked_groups
              or asked & _lineage_of(gid, lexicon)]
    if groups:
        why.append("Zielgruppe: " + ", ".join(dict.fromkeys(groups)))
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
    for flag, field_name, label in FLAG_LABELS:
        if flag in u.flags:
            value = offer.get(field_name)
            if value is True:
                why.append(label)
            elif value is None:
                why.append(f"{label}: nicht angegeben")
    return why


def constraints_met(offer: dict[str, Any], u: Understanding, lexicon: Lexicon) -> float:
    """Share of the asked constraints (flags, languages) the offer's record meets; an open
    field counts half. 1 when nothing is asked."""
    met = [{True: 1.0, None: 0.5}.get(offer.get(field_name), 0.0)
           for flag, field_name, _ in FLAG_LABELS if flag in u.flags]
    if u.languages:
        met.append(float(speaks(offer, u.languages, lexicon)))
    return sum(met) / len(met) if met else 1.0


def meets(offer: dict[str, Any], flags: list[str]) -> bool:
    """Whether the offer's record says yes to every one of these flags."""
    return all(offer.get(field_name) is True
               for flag, field_name, _ in FLAG_LABELS if flag in flags)


def speaks(offer: dict[str, Any], codes: list[str], lexicon: Lexicon) -> bool:
    """Whether the offer is available in one of the languages: listed in its languages,
    or named in its text ("Medien auch auf Türkisch, Arabisch, Persisch")."""
    if not codes or set(codes) & set(offer.get("languages") or []):
        return True
    text_stems = lexicon.stems_of(offer)
    if "ls" in codes and {"leicht", "sprach"} <= text_stems:
        return True
    return any(code in codes for word in text_stems for name, code in LANGUAGES.items()
               if word.startswith(name[:-1]))
