"""Word lists of query understanding, kept as data in `search/data/wording.json`:
words without a need, constraint flags, languages and English function words."""

from __future__ import annotations

import json
from pathlib import Path

from search.text import STOPWORDS, fold

WORDING_FILE = Path(__file__).with_name("data") / "wording.json"
_DATA = json.loads(WORDING_FILE.read_text(encoding="utf-8"))

# English function words ("where", "my", "help"): they tell an English question apart.
ENGLISH_WORDS = frozenset(_DATA["english_words"])
GERMAN_GENERIC_WORDS = frozenset(_DATA["generic_words"])
# Words that carry no need of their own ("wer hilft", "Unterstützung"): never required.
GENERIC_WORDS = GERMAN_GENERIC_WORDS | ENGLISH_WORDS
FLAG_WORDS: dict[str, tuple[str, ...]] = {
    flag: tuple(words) for flag, words in _DATA["flag_words"].items()
}
FLAG_PHRASES: dict[str, tuple[tuple[str, ...], ...]] = {
    flag: tuple(tuple(phrase) for phrase in phrases)
    for flag, phrases in _DATA["flag_phrases"].items()
}
LANGUAGES: dict[str, str] = dict(_DATA["languages"])
# Questions about the network: cue words by what they ask (gremium, meeting, contact, …).
NETWORK_CUES: dict[str, tuple[str, ...]] = {
    kind: tuple(cues) for kind, cues in _DATA["network"].items()
}
ABBREVIATIONS: dict[str, str] = dict(_DATA["abbreviations"])
NETWORK_GENERIC_NAME_WORDS = frozenset(_DATA["network_generic_name_words"])
# "meine Mutter", "my dad": the asker's relative, not the target group Eltern.
OWN_POSSESSIVES = frozenset(_DATA["own_relatives"]["possessives"])
OWN_RELATIVES = frozenset(_DATA["own_relatives"]["relatives"])
MAX_WORDS_BETWEEN_POSSESSIVE = int(_DATA["own_relatives"]["max_words_between"])
# "wohnt in Holten", "lives in Sterkrade": next to a place, where someone lives, no need.
RESIDENCE_WORDS = frozenset(_DATA["residence"]["words"])
RESIDENCE_BEFORE_PLACE = int(_DATA["residence"]["before_place"])
RESIDENCE_AFTER_PLACE = int(_DATA["residence"]["after_place"])
RESIDENCE_INFINITIVES = frozenset(_DATA["residence"]["infinitives"])
RESIDENCE_PRONOUNS = frozenset(_DATA["residence"]["pronouns"])
# "Sterkrade centre" is "Sterkrade-Zentrum": English words for a place's centre.
PLACE_WORD_FORMS: dict[str, str] = dict(_DATA["place_word_forms"])
# Folded city name -> its name, for the cities a question may ask for instead of Oberhausen.
OTHER_CITIES = {fold(name): name for name in _DATA["other_cities"]["names"]}
# A chat turn that refers back to the conversation's need ("Geht das auch online?").
FOLLOW_UP_WORDS = frozenset(_DATA["follow_up"]["words"])
FOLLOW_UP_PHRASES = tuple(tuple(phrase) for phrase in _DATA["follow_up"]["phrases"])
# A chat turn with none of these words (and no question mark) asks for nothing new: it tells
# more of the case ("Sie spricht kaum Deutsch und hat Angst vor der Polizei.").
ASKING_WORDS = frozenset(_DATA["follow_up"]["asking"])
# Share of English function words from which a question counts as English.
ENGLISH_SHARE = 0.2


def refers_back(words: list[str]) -> bool:
    """Whether the folded words of a chat turn refer back to what was asked before
    ("Geht das auch online?", "Kann man da ohne Termin hin?", "is there one near me?")."""
    if FOLLOW_UP_WORDS & set(words):
        return True
    return any(tuple(words[i : i + len(phrase)]) == phrase
               for phrase in FOLLOW_UP_PHRASES for i in range(len(words) - len(phrase) + 1))


def asks(message: str, words: list[str]) -> bool:
    """Whether a chat turn asks for something ("Ich brauche außerdem eine
    Schuldnerberatung.", "Wo kann sie hin?") rather than telling more of the case."""
    return "?" in message or bool(ASKING_WORDS & set(words))


def is_english(words: list[str]) -> bool:
    """Whether folded question words are mostly English (words that are German as well,
    such as "in" or "also", do not count)."""
    english = [w for w in words if w in ENGLISH_WORDS and w not in GERMAN_GENERIC_WORDS
               and w not in STOPWORDS]
    return len(english) >= 2 and len(english) / max(1, len(words)) >= ENGLISH_SHARE
