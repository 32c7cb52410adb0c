"""Query understanding: what place, target group, topic and constraints a question names.

Works on folded tokens (see `search.text`): places by name, alias, adjective and
genitive forms ("Sterkrader", "Osterfelds"), PLZ and small typos; needs by
narrative situations ("nichts mehr im Kühlschrank", see `search.situations`), by the
synonyms of target groups and topics, light stems, compounds ("Gasnachzahlung" is a
Nachzahlung, "Suchtberatung" is about Sucht) and age phrases ("15-Jähriger", "Kinder
unter 3"); flags such as kostenlos, anonym, barrierefrei, ohne Termin and a language
("auf Türkisch"). Every need keeps the words that said it, so the evidence counts each
thing the question says once (see `search.evidence`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from search.lexicon import Concept, Lexicon
from search.places import (
    CITY_WORDS,
    PlaceMatch,
    broadest,
    joined_names,
    place_index,
    plz_index,
)
from search.situations import SITUATION_STEMS, find_phrase, is_procedure
from search.text import STOPWORDS, fold, stem, tokens
from search.wording import (
    FLAG_PHRASES,
    FLAG_WORDS,
    GENERIC_WORDS,
    LANGUAGES,
    MAX_WORDS_BETWEEN_POSSESSIVE,
    OTHER_CITIES,
    OWN_POSSESSIVES,
    OWN_RELATIVES,
    PLACE_WORD_FORMS,
    RESIDENCE_AFTER_PLACE,
    RESIDENCE_BEFORE_PLACE,
    RESIDENCE_INFINITIVES,
    RESIDENCE_PRONOUNS,
    RESIDENCE_WORDS,
    is_english,
)

# Alone these words are too common to be a place; "in Mitte", "im Osten" still count.
AMBIGUOUS_PLACE_WORDS = frozenset({"mitte", "ost", "osten", "heide", "city", "altstadt", "nord"})
PLACE_PREPOSITIONS = frozenset({"in", "im", "aus", "nach", "bei", "um", "near", "around"})
# Before another city's name: asked for there ("aus Essen" is where someone comes from,
# "im Essen" is food); with those of origin or of a journey, the word names a city (a
# "Klassenfahrt nach Berlin" is paid for here).
ELSEWHERE_PREPOSITIONS = frozenset({"in", "near", "around"})
CITY_PREPOSITIONS = ELSEWHERE_PREPOSITIONS | {"aus", "von", "from", "nach"}
FUZZY_PLACE_SCORE = 85.0
FUZZY_CONCEPT_SCORE = 88.0
MIN_FUZZY_LENGTH = 6
MAX_NGRAM = 5
# Bounds on what one question can ask for, whatever its length: the evidence of every
# candidate offer is computed need by need and word by word (see search.evidence).
MAX_TOKENS = 300
MAX_NEEDS = 12
MAX_RESIDUAL = 40
# A word written in lower case in a question that capitalises its nouns is a verb or an
# adjective ("stolpert", "ständig"): it tells less about the need than a noun.
MINOR_WORD = 0.5
MIN_HEAD = 5  # shortest compound head that counts ("Nachzahlung" in "Gasnachzahlung")
MIN_MODIFIER = 3  # "Gas" in "Gasnachzahlung"
# Words that are also a verb form: a need only when written as a noun ("Sucht", not
# "einen Job sucht"), or, in an all-lower-case question, after a preposition.
HOMONYMS = frozenset({"sucht"})
NOUN_CUES = frozenset({"bei", "wegen", "gegen", "mit", "und", "oder", "von"})

# Ages in German and English, on folded text: "15-Jähriger", "Kinder unter 3", "my son is
# 9", "a 16-year-old", "meine Tochter ist 9 und …" (not "ist 9 Uhr", "seit 2 Monaten").
_NOT_AN_AGE = r"(?!\s*(?:uhr|euro|eur|prozent|monate|wochen|tage|stunden|minuten|kinder|%))"
_AGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b(\d{1,2})\s*(?:bis|-|to)\s*(\d{1,2})\s*(?:jahre|jaehrig|years?)"),
     "range"),
    (re.compile(r"\b(\d{1,2})\s*-?\s*jaehrig"), "exact"),
    (re.compile(r"\b(\d{1,2})\s*jahre?n?\s+alt"), "exact"),
    (re.compile(r"\b(\d{1,2})[\s-]*(?:years?|yrs?)[\s-]*old"), "exact"),
    (re.compile(r"\b(?:aged?)\s+(\d{1,2})\b"), "exact"),
    (re.compile(r"\b(?:unter|under)\s+(\d{1,2})\b"), "under"),
    (re.compile(r"\b(?:ab|ueber|over)\s+(\d{1,2})\b(?!\s*uhr)"), "over"),
    (re.compile(r"\b(?:ist|wird|is|turns|turned)\s+(?:jetzt\s+|gerade\s+|now\s+)?"
                r"(\d{1,2})\b" + _NOT_AN_AGE), "exact"),
)


@dataclass(frozen=True)
class Need:
    """One thing the question asks for: the words that said it and the concepts they mean.

    kind: "word" (a synonym), "situation", "compound" (the compound's head is the
    concept), "modifier" (only its first part is: "Geburtsurkunde" is no birth), "typo",
    "age", or "filter" (chosen outside the question)."""

    words: tuple[str, ...]
    concepts: tuple[Concept, ...]
    kind: str
    modifier: str = ""  # a compound's first part, which has to fit as well ("Reise")


@dataclass
class Understanding:
    """The structured reading of one question."""

    places: list[PlaceMatch] = field(default_factory=list)
    target_groups: list[Concept] = field(default_factory=list)
    topics: list[Concept] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    # Flags every result must meet: chosen in a form or as a chat's narrowing turn ("nur
    # kostenlose"). Flags in a question only rank the offers that meet them first.
    required: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    age_range: tuple[int, int] | None = None
    # Content words no place, concept or flag explained; compounds matched by prefix stay
    # here too, so "Jugendtreff" still asks for a Treff, not for any youth offer.
    residual: list[str] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    # Residual words that tell less than a noun (verbs, adjectives, compound modifiers).
    minor: set[str] = field(default_factory=set)
    procedure: bool = False  # asks how to apply for or register something
    # Another city the question asks for ("Tafel in Bottrop"): outside the directory.
    elsewhere: list[str] = field(default_factory=list)
    english: bool = False  # mostly English: its words say little to the German texts

    @property
    def sozialraeume(self) -> list[str]:
        """All Sozialräume the named places stand for (a Bezirk means all of its own)."""
        return sorted({s for p in self.places for s in p.sozialraeume})

    @property
    def is_empty(self) -> bool:
        return not (self.places or self.target_groups or self.topics or self.flags
                    or self.languages)

    def as_json(self) -> dict[str, Any]:
        return {
            "places": [{"type": p.type, "id": p.id, "name": p.name,
                        "sozialraeume": list(p.sozialraeume)} for p in self.places],
            "sozialraeume": self.sozialraeume,
            "target_groups": [{"id": c.id, "name": c.name} for c in self.target_groups],
            "topics": [{"id": c.id, "name": c.name} for c in self.topics],
            "flags": list(self.flags) + [f"sprache:{code}" for code in self.languages],
            "elsewhere": list(self.elsewhere),
        }


class Understander:
    """Reads questions against one lexicon; build once per lexicon, reuse for every question."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._place_index = place_index(lexicon.places)
        self._concept_index = _concept_index(lexicon.concepts)
        self._compound_prefixes = sorted(
            ((fold(s), c) for c in lexicon.concepts for s in (c.name, *c.synonyms)
             if " " not in s.strip() and len(fold(s)) >= 5),
            key=lambda pair: -len(pair[0]),
        )
        self._plz = plz_index(lexicon.places)
        self._fuzzy_places = {key[0]: places for key, places in self._place_index.items()
                              if len(key) == 1 and len(key[0]) >= MIN_FUZZY_LENGTH}
        joined = joined_names(lexicon.places)
        self._fuzzy_joined_places = {word: places for word, places in self._fuzzy_places.items()
                                     if word in joined}
        self._fuzzy_concepts = {key[0]: concepts for key, concepts in self._concept_index.items()
                                if len(key) == 1 and len(key[0]) >= MIN_FUZZY_LENGTH + 1}

    def understand(self, question: str) -> Understanding:
        words = tokens(question)[:MAX_TOKENS]
        used = [False] * len(words)
        lower = _minor_words(question)
        _skip_verb_homonyms(lower, words, used)
        _skip_own_relatives(words, used)
        result = Understanding()
        # Exact matches first, then typos, then compounds: "Alleinerzihende" is a typo of
        # Alleinerziehende, not a compound of "allein".
        self._match_places(words, used, result, lower)
        _match_elsewhere(words, used, result)
        self._match_situations(words, used, result)
        self._match_concepts(words, used, result)
        self._match_flags(words, used, result)
        self._match_ages(fold(question), result)
        self._match_fuzzy(words, used, result)
        prefixed = self._match_compounds(words, used, result)
        result.residual = [
            w for i, w in enumerate(words)
            if (not used[i] or i in prefixed)
            and w not in STOPWORDS and w not in GENERIC_WORDS and w not in CITY_WORDS
            and not w.isdigit() and len(w) > 2
        ]
        result.residual = list(dict.fromkeys(result.residual))[:MAX_RESIDUAL]
        result.minor |= lower & set(result.residual)
        result.procedure = is_procedure(result.residual)
        result.english = is_english(words)
        return result

    # -- places --------------------------------------------------------------------------

    def _match_places(self, words: list[str], used: list[bool], result: Understanding,
                      lower: set[str]) -> None:
        # "Sterkrade centre" is named like "Sterkrade-Zentrum".
        place_forms = [PLACE_WORD_FORMS.get(w, w) for w in words]
        for start, length in _ngrams(len(words)):
            if any(used[start : start + length]):
                continue
            key = tuple(place_forms[start : start + length])
            places = self._place_index.get(key)
            if not places:
                continue
            if length == 1 and key[0] in AMBIGUOUS_PLACE_WORDS and not _after_place_cue(
                words, start
            ):
                continue
            _mark(used, start, length)
            _skip_residence(words, used, start, start + length, lower)
            for match in broadest(places):
                _add_place(result, match)
        for i, word in enumerate(words):
            if not used[i] and word in self._plz:
                used[i] = True
                _skip_residence(words, used, i, i + 1, lower)
                _add_place(result, PlaceMatch("plz", word, f"PLZ {word}", self._plz[word]))

    # -- needs: situations, target groups and topics ----------------------------------

    def _match_situations(self, words: list[str], used: list[bool],
                          result: Understanding) -> None:
        word_stems = [stem(w) for w in words]
        for phrase, ids in SITUATION_STEMS:
            while (positions := find_phrase(word_stems, used, phrase)) is not None:
                for i in positions:
                    used[i] = True
                concepts = [c for c in (self.lexicon.concept(cid, kind) for cid in ids
                                        for kind in ("topic", "target_group")) if c]
                if concepts:
                    _add_need(result, tuple(words[i] for i in positions), concepts,
                              "situation")

    def _match_concepts(self, words: list[str], used: list[bool], result: Understanding) -> None:
        word_stems = [stem(w) for w in words]
        for start, length in _ngrams(len(words)):
            if any(used[start : start + length]):
                continue
            concepts = self._concept_index.get(tuple(word_stems[start : start + length]))
            if concepts:
                _mark(used, start, length)
                _add_need(result, tuple(words[start : start + length]), concepts, "word")

    def _match_compounds(self, words: list[str], used: list[bool],
                         result: Understanding) -> set[int]:
        """Compounds by their head (the concept) or their first part (a modifier only).

        Returns the positions matched by their first part, which stay telling words
        ("Jugendtreff" still asks for a Treff)."""
        prefixed: set[int] = set()
        for i, word in enumerate(words):
            if used[i] or word in STOPWORDS:
                continue
            head = next((pair for pair in self._compound_prefixes if len(pair[0]) >= MIN_HEAD
                         and word.endswith(pair[0])
                         and len(word) - len(pair[0]) >= MIN_MODIFIER), None)
            if head is not None:
                # The head says what the compound is; its first part still has to fit.
                used[i] = True
                modifier = word[: -len(head[0])].rstrip("s")
                _add_need(result, (word,), [head[1]], "compound", modifier=modifier)
                continue
            for prefix, concept in self._compound_prefixes:
                if word.startswith(prefix) and len(word) > len(prefix):
                    used[i] = True
                    prefixed.add(i)
                    _add_need(result, (word,), [concept], "modifier")
                    break
        return prefixed

    def _match_ages(self, folded: str, result: Understanding) -> None:
        for pattern, kind in _AGE_PATTERNS:
            match = pattern.search(folded)
            if not match:
                continue
            numbers = [int(n) for n in match.groups()]
            low, high = {
                "range": (numbers[0], numbers[-1]),
                "exact": (numbers[0], numbers[0]),
                "under": (0, max(0, numbers[0] - 1)),
                "over": (numbers[0], 120),
            }[kind]
            result.age_range = (low, high)
            groups = _groups_for_ages(self.lexicon.target_groups, low, high)
            if groups:
                _add_need(result, (), groups, "age", first=True)
            return

    # -- flags and languages --------------------------------------------------------------

    def _match_flags(self, words: list[str], used: list[bool], result: Understanding) -> None:
        for flag, phrases in FLAG_PHRASES.items():
            for phrase in phrases:
                for start in range(len(words) - len(phrase) + 1):
                    if tuple(words[start : start + len(phrase)]) == phrase:
                        _mark(used, start, len(phrase))
                        _add_flag(result, flag)
        for i, word in enumerate(words):
            for flag, stems_ in FLAG_WORDS.items():
                if word.startswith(stems_):
                    used[i] = True
                    _add_flag(result, flag)
            for language, code in LANGUAGES.items():
                if word.startswith(language) and code not in result.languages:
                    used[i] = True
                    result.languages.append(code)
        if "leichte" in words and "sprache" in words and "ls" not in result.languages:
            result.languages.append("ls")

    # -- typos ---------------------------------------------------------------------------

    def _match_fuzzy(self, words: list[str], used: list[bool], result: Understanding) -> None:
        # "Tackeberg-Ost", "Strekrade-Mitte": a misspelt place name of two words; never one
        # half of it the city's name ("moved to Oberhausen" is not Alt-Oberhausen).
        for i in range(len(words) - 1):
            if (used[i] or used[i + 1] or not (words[i].isalpha() and words[i + 1].isalpha())
                    or CITY_WORDS & {words[i], words[i + 1]}):
                continue
            place = _best_fuzzy(words[i] + words[i + 1], self._fuzzy_joined_places,
                                FUZZY_PLACE_SCORE)
            if place is not None:
                used[i] = used[i + 1] = True
                for match in broadest(place):
                    _add_place(result, match)
        for i, word in enumerate(words):
            # A short word is only read as a misspelt place right after "in", "bei" …
            shortest = MIN_FUZZY_LENGTH - (i > 0 and words[i - 1] in PLACE_PREPOSITIONS)
            if (used[i] or len(word) < shortest or word in STOPWORDS or word in CITY_WORDS
                    or word in PLACE_WORD_FORMS):
                continue
            place = _best_fuzzy(word, self._fuzzy_places, FUZZY_PLACE_SCORE)
            if place is not None:
                used[i] = True
                for match in broadest(place):
                    _add_place(result, match)
                continue
            if len(word) < MIN_FUZZY_LENGTH:
                continue
            concepts = _best_fuzzy(stem(word), self._fuzzy_concepts, FUZZY_CONCEPT_SCORE)
            if concepts is not None:
                used[i] = True
                _add_need(result, (word,), concepts, "typo")


def _match_elsewhere(words: list[str], used: list[bool], result: Understanding) -> None:
    """Another city named as a place ("aus Essen", "in Bottrop") is no need ("Essen" is no
    food there). It is asked for ("in Bottrop", "near Essen") unless the question names
    Oberhausen or one of its places as well ("wohne in Essen, suche in Oberhausen")."""
    here = bool(result.places or CITY_WORDS & set(words))
    for i, word in enumerate(words):
        if (used[i] or word not in OTHER_CITIES or i == 0
                or words[i - 1] not in CITY_PREPOSITIONS):
            continue
        used[i] = True
        name = OTHER_CITIES[word]
        if words[i - 1] in ELSEWHERE_PREPOSITIONS and not here and name not in result.elsewhere:
            result.elsewhere.append(name)


def _after_place_cue(words: list[str], start: int) -> bool:
    """Whether a word follows "in", "im" … or the city's name ("Oberhausener City")."""
    return start > 0 and (words[start - 1] in PLACE_PREPOSITIONS
                          or words[start - 1] in CITY_WORDS)


def _ngrams(count: int) -> list[tuple[int, int]]:
    """(start, length) of every n-gram, longest first, left to right."""
    return [(start, length) for length in range(min(MAX_NGRAM, count), 0, -1)
            for start in range(count - length + 1)]


def _mark(used: list[bool], start: int, length: int) -> None:
    for i in range(start, start + length):
        used[i] = True


def _concept_index(concepts: tuple[Concept, ...]) -> dict[tuple[str, ...], list[Concept]]:
    index: dict[tuple[str, ...], list[Concept]] = {}
    for concept in concepts:
        for phrase in (concept.name, *concept.synonyms):
            key = tuple(stem(t) for t in tokens(phrase) if t not in STOPWORDS) or tuple(
                stem(t) for t in tokens(phrase)
            )
            if key:
                bucket = index.setdefault(key, [])
                if concept not in bucket:
                    bucket.append(concept)
    return index


def _best_fuzzy(word: str, candidates: dict[str, Any], threshold: float) -> Any | None:
    best, best_score = None, threshold
    for key, value in candidates.items():
        if abs(len(key) - len(word)) > 2:
            continue
        score = fuzz.ratio(word, key)
        if score < threshold and _swapped(word, key):
            score = threshold
        if score >= best_score:
            best, best_score = value, score
    return best


def _swapped(word: str, key: str) -> bool:
    """Whether `word` is `key` with two neighbouring letters swapped, a typing slip that
    costs a short word more similarity than a wrong letter ("Styrmu", "Shculden")."""
    if len(word) != len(key):
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
    return (len(differ) == 2 and differ[1] == differ[0] + 1
            and word[differ[0]] == key[differ[1]] and word[differ[1]] == key[differ[0]])


def _groups_for_ages(groups: tuple[Concept, ...], low: int, high: int) -> list[Concept]:
    """The most specific target groups whose age band covers the asked ages."""
    banded = [(g, g.age_min or 0, 120 if g.age_max is None else g.age_max) for g in groups
              if g.age_min is not None or g.age_max is not None]
    covering = [(g, lo, hi) for g, lo, hi in banded if lo <= low and high <= hi]
    if not covering:
        covering = [(g, lo, hi) for g, lo, hi in banded if lo <= high and low <= hi]
    if not covering:
        return []
    narrowest = min(hi - lo for _, lo, hi in covering)
    return [g for g, lo, hi in covering if hi - lo == narrowest]


def _add_place(result: Understanding, place: PlaceMatch) -> None:
    if all(p.id != place.id or p.type != place.type for p in result.places):
        result.places.append(place)


def _add_need(result: Understanding, words: tuple[str, ...], concepts: list[Concept],
              kind: str, first: bool = False, modifier: str = "") -> None:
    """Record one need; an age that only repeats a named group ("Kinder unter 3") adds none,
    a need said again ("Schulden … Schulden") is the same need, and past MAX_NEEDS the
    question asks for nothing more."""
    need = Need(words, tuple(concepts), kind, modifier)
    if need in result.needs or len(result.needs) >= MAX_NEEDS:
        return
    known = {c for need in result.needs for c in need.concepts}
    for concept in concepts:
        _add_concept(result, concept, first)
    if kind == "age" and known & set(concepts):
        return
    result.needs.append(need)


def _skip_verb_homonyms(minor: set[str], words: list[str], used: list[bool]) -> None:
    """Mark verb uses of HOMONYMS as used, so they name no need (`minor`: the words
    written in lower case, see `_minor_words`)."""
    for i, word in enumerate(words):
        if word not in HOMONYMS:
            continue
        if minor:
            used[i] = word in minor
        else:
            used[i] = i > 0 and words[i - 1] not in NOUN_CUES


def _skip_residence(words: list[str], used: list[bool], start: int, end: int,
                    lower: set[str]) -> None:
    """Mark the verb saying where someone lives next to the place at words[start:end]
    ("wohnt in Holten", "die in Lirich wohnt", "lives in Sterkrade") as used: it names
    the place, not a need for housing. "wohnen" is that verb only after a pronoun or the
    place, or written in lower case where nouns are capitalised ("wir wohnen in Lirich",
    "die in Lirich wohnen", "Wir haben ein Baby und wohnen in Holten", not "Betreutes
    Wohnen in …")."""
    window = range(max(0, start - RESIDENCE_BEFORE_PLACE),
                   min(len(words), end + RESIDENCE_AFTER_PLACE))
    for i in window:
        if words[i] in RESIDENCE_WORDS or (words[i] in RESIDENCE_INFINITIVES and (
                i >= end or (i > 0 and words[i - 1] in RESIDENCE_PRONOUNS)
                or words[i] in lower)):
            used[i] = True


def _skip_own_relatives(words: list[str], used: list[bool]) -> None:
    """Mark the asker's own parents ("meine Mutter", "meine 80-jährige Mutter", "my dad")
    as used: they are relatives, mostly older adults, not the target group Eltern."""
    for i, word in enumerate(words):
        if word in OWN_RELATIVES and any(
            words[j] in OWN_POSSESSIVES
            for j in range(max(0, i - 1 - MAX_WORDS_BETWEEN_POSSESSIVE), i)
        ):
            used[i] = True


def _minor_words(question: str) -> set[str]:
    """Folded words written in lower case, if the question capitalises its nouns at all."""
    raw = re.findall(r"[^\W\d_]+", question)
    inner = raw[1:]  # the first word is capitalised anyway
    if not any(w[0].isupper() for w in inner):
        return set()  # all lower case: no way to tell nouns from other words
    return {t for w in inner if w[0].islower() for t in tokens(w)}


def _add_concept(result: Understanding, concept: Concept, first: bool = False) -> None:
    bucket = result.target_groups if concept.kind == "target_group" else result.topics
    if concept not in bucket:
        if first:
            bucket.insert(0, concept)
        else:
            bucket.append(concept)


def _add_flag(result: Understanding, flag: str) -> None:
    if flag not in result.flags:
        result.flags.append(flag)
