"""German text normalisation shared by query understanding and the lexicon.

Matching works on *folded* tokens (lower case, umlauts and ß spelled out, so
"Mütter", "muetter" and "MÜTTER" agree) and on light *stems* that drop common
inflection endings, so "Alleinerziehenden", "alleinerziehende" and
"Alleinerziehender" meet at "alleinerzieh".
"""

from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_TOKEN = re.compile(r"[a-z0-9]+")
# Longest first; a stem keeps at least MIN_STEM characters.
_SUFFIXES = ("innen", "ern", "em", "en", "er", "es", "in", "e", "n", "s")
MIN_STEM = 4

STOPWORDS = frozenset(
    """
    a ab als am an auch auf aus bei beim bin bis bitte da das dass dem den der des die dies
    diese dieser du ein eine einem einen einer eines es etwas fuer gibt gib habe haben hat
    hier ich ihr im in ist ja jemand kann koennen man mein meine mich mir mit moechte nach
    noch nur ob oder sich sie sind so soll suche suchen um und uns unter vom von vor was
    welche welcher welches wem wen wer wie wir wo zu zum zur angebot angebote angeboten
    """.split()
)


def fold(text: str) -> str:
    """Lower case with umlauts spelled out and accents removed: 'Mütter' -> 'muetter'."""
    lowered = text.lower().translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded word tokens; hyphens and slashes separate words ('Mitte/Styrum' -> 2 tokens)."""
    return _TOKEN.findall(fold(text))


def stem(token: str) -> str:
    """Strip one common inflection ending, keeping at least MIN_STEM characters.

    The feminine "-in" needs one more ("Seniorin" -> "senior", but "allein" stays).
    """
    for suffix in _SUFFIXES:
        keep = MIN_STEM + 1 if suffix == "in" else MIN_STEM
        if token.endswith(suffix) and len(token) - len(suffix) >= keep:
            return token[: -len(suffix)]
    return token


def stems(text: str) -> tuple[str, ...]:
    return tuple(stem(t) for t in tokens(text))


def content_words(text: str) -> list[str]:
    """The words of a question without stop words, in their original spelling."""
    return [w for w in re.findall(r"[\wäöüÄÖÜß]+", text) if fold(w) not in STOPWORDS]
