"""Pure functions of the situation lexicon (no server)."""

from __future__ import annotations

from search.situations import SITUATION_STEMS, find_phrase, is_procedure, phrase_stems
from search.text import stem, tokens


def _stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


def test_a_phrase_matches_in_order_with_small_gaps():
    words = _stems("kommt seit Wochen nicht mehr aus seinem Zimmer")
    used = [False] * len(words)
    # Stop words of the phrase only fill gaps: "aus dem Zimmer" fits "aus seinem Zimmer".
    assert find_phrase(words, used, phrase_stems("nicht mehr aus dem Zimmer")) == [3, 4, 7]
    assert find_phrase(words, used, phrase_stems("Zimmer nicht")) is None  # order counts
    assert find_phrase(words, used, phrase_stems("kommt Zimmer")) is None  # gap too wide


def test_understood_words_do_not_count_as_a_gap():
    words = _stems("die kohle reicht hinten und vorne nicht")
    used = [False] * len(words)
    phrase = phrase_stems("Kohle reicht nicht")
    assert find_phrase(words, used, phrase) is None
    for i in (3, 4, 5):  # "hinten und vorne" taken out as filler
        used[i] = True
    assert find_phrase(words, used, phrase) == [1, 2, 6]


def test_filler_comes_before_the_situations():
    first_need = next(i for i, (_, ids) in enumerate(SITUATION_STEMS) if ids)
    assert all(not ids for _, ids in SITUATION_STEMS[:first_need])
    assert all(ids for _, ids in SITUATION_STEMS[first_need:])


def test_application_questions_are_recognised():
    assert is_procedure(["kindergeld", "beantragen"])
    assert is_procedure(["rentenantrag"])
    assert not is_procedure(["schulden", "beratung"])
