"""Narrative situations: how practitioners describe a need without naming it.

"Nichts mehr im Kühlschrank", "wird geschlagen", "hört Stimmen" name no topic of the
controlled vocabulary, yet each points to one. The situation lexicon
(`search/data/situations.json`) maps such need
phrases to topic and target-group ids; the understanding matches them on stems with
small gaps ("kommt seit Wochen nicht mehr aus seinem Zimmer") before the vocabulary,
so their words count as one understood need instead of a dozen unexplained words.
Filler phrases ("kann nicht mehr", "wer kann da ran") carry no need and are only
taken out of the question's telling words.
"""

from __future__ import annotations

import json
from pathlib import Path

from search.text import STOPWORDS, stem, tokens

SITUATIONS_FILE = Path(__file__).with_name("data") / "situations.json"
_DATA = json.loads(SITUATIONS_FILE.read_text(encoding="utf-8"))
# Need phrase -> concept ids (topics and target groups).
SITUATIONS: dict[str, tuple[str, ...]] = {
    phrase: tuple(ids) for phrase, ids in _DATA["situations"].items()
}
# Narrative filler: no need of its own, so not a telling word either.
FILLER: tuple[str, ...] = tuple(_DATA["filler"])
MAX_GAP: int = _DATA["max_gap"]
# A question that asks how to apply for or register something (a document, a benefit)
# needs the office that issues it: the offer must name the thing itself.
PROCEDURE_STEMS: tuple[str, ...] = tuple(_DATA["procedure_stems"])


def phrase_stems(phrase: str, *, fixed: bool = False) -> tuple[str, ...]:
    """The phrase's stems without stop words, which a question may word differently
    ("aus dem Zimmer", "aus seinem Zimmer"): they only fill the gaps. A fixed expression
    ("kann nicht mehr") keeps all its words."""
    words = tokens(phrase)
    if not fixed:
        words = [t for t in words if t not in STOPWORDS] or words
    return tuple(stem(t) for t in words)


# Filler first, then the longest situations.
SITUATION_STEMS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = tuple(
    sorted(((phrase_stems(p, fixed=True), ()) for p in FILLER), key=lambda item: -len(item[0]))
) + tuple(sorted(((phrase_stems(p), ids) for p, ids in SITUATIONS.items()),
                 key=lambda item: -len(item[0])))


def find_phrase(word_stems: list[str], used: list[bool],
                phrase: tuple[str, ...]) -> list[int] | None:
    """Positions of the phrase's words among the still unused words: in order, with at
    most MAX_GAP unused words between two of them (words already understood are skipped,
    so "reicht hinten und vorne nicht" is "reicht nicht" once the filler is out)."""
    free = [i for i, is_used in enumerate(used) if not is_used]
    for k, start in enumerate(free):
        if word_stems[start] != phrase[0]:
            continue
        positions, at = [start], k
        for part in phrase[1:]:
            window = free[at + 1 : at + 2 + MAX_GAP]
            nxt = next((j for j, i in enumerate(window, start=at + 1)
                        if word_stems[i] == part), None)
            if nxt is None:
                break
            positions.append(free[nxt])
            at = nxt
        if len(positions) == len(phrase):
            return positions
    return None


def is_procedure(words: list[str]) -> bool:
    """Whether the question asks how to apply for or register something."""
    return any(w.startswith(PROCEDURE_STEMS) or "antrag" in w for w in words)
