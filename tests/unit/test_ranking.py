"""The learned ranking and the no-match decision, without a server (fake vectors only)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from search.dialogue import better_alone, sure
from search.lexicon import Concept
from search.ranking import (
    DECISION_FEATURES,
    FEATURES,
    MAYBE,
    MAYBE_SHOWN,
    SURE,
    candidate_matrix,
    decision_vector,
    model_from_json,
    shipped_model,
)
from search.retrieval import (
    FIRST_FEW,
    RELEVANT_EVIDENCE,
    SECOND_EMBEDDER_CHARS,
    Hit,
    Outcome,
    condensed,
    decide,
    fitting,
    parts,
    unknown_share,
)
from search.service import SearchResult
from search.text import stem
from search.understanding import Need, Understanding
from search.vectors import ViewVectors

VOCABULARY = Path(__file__).resolve().parents[2] / "ingest" / "data" / "vocabulary.json"


def model(decision_weights: dict[str, float], bias: float, maybe: float = 0.3,
          sure: float = 0.8):
    return model_from_json({
        "ranker": {"features": list(FEATURES), "weights": [1.0] + [0.0] * (len(FEATURES) - 1),
                   "bias": 0.0},
        "decision": {"features": list(DECISION_FEATURES),
                     "weights": [decision_weights.get(n, 0.0) for n in DECISION_FEATURES],
                     "bias": bias, "maybe": maybe, "sure": sure},
    })


def row(**values: float) -> dict[str, float]:
    base = {"dense": 0.5, "dense_part": 0.5, "dense_example": 0.0, "dense_text": 0.5, "dense2": 0.5,
            "fulltext": 0.0, "target_group": 0.0, "topic": 0.0, "evidence": 0.0,
            "local": 0.0, "constraints": 1.0}
    return base | values


@pytest.mark.parametrize(
    ("top_dense2", "expected"), [(0.95, SURE), (0.60, MAYBE), (0.40, None)],
)
def test_a_fixed_feature_vector_gives_a_fixed_answer(top_dense2, expected):
    # p = sigmoid(10 * top_dense2 - 6): 0.97 sure, 0.5 maybe, 0.12 nothing.
    decided = model({"top_dense2": 10.0}, bias=-6.0)
    features = np.array([top_dense2 if n == "top_dense2" else 0.0 for n in DECISION_FEATURES])
    assert decided.confidence(features)[1] == expected


def test_pool_relative_columns_are_derived_from_the_candidates():
    matrix = candidate_matrix([row(dense=0.8, fulltext=4.0), row(dense=0.6, fulltext=2.0),
                               row(dense=0.4)])
    column = {name: i for i, name in enumerate(FEATURES)}
    assert matrix.shape == (3, len(FEATURES))
    assert list(matrix[:, column["dense_gap"]]) == pytest.approx([0.0, -0.2, -0.4])
    assert list(matrix[:, column["fulltext"]]) == pytest.approx([1.0, 0.5, 0.0])
    assert matrix[0, column["dense_z"]] > 0 > matrix[2, column["dense_z"]]


def test_the_decision_reads_the_best_candidate_and_the_question():
    matrix = candidate_matrix([row(dense=0.8, evidence=0.7), row(dense=0.6)])
    vector = decision_vector(matrix, np.array([2.0, 1.0]), unknown=0.25, outside=0.7,
                             inside=0.85, outside2=0.9, inside2=0.6, understood=True,
                             procedure=False)
    values = dict(zip(DECISION_FEATURES, vector, strict=True))
    assert values["top_score"] == 2.0 and values["top_evidence"] == pytest.approx(0.7)
    assert values["outside"] == pytest.approx(0.7 - 0.8)
    assert values["inside"] == pytest.approx(0.85 - 0.8)
    assert values["understood"] == 1.0 and values["unknown"] == 0.25


def test_no_candidate_is_a_clear_no():
    decided = model({"top_score": 1.0}, bias=0.0)
    vector = decision_vector(candidate_matrix([]), np.zeros(0), unknown=0.0, outside=0.0,
                             inside=0.0, outside2=0.0, inside2=0.0, understood=False,
                             procedure=False)
    assert decided.confidence(vector)[1] is None


def test_the_shipped_model_fits_the_code():
    shipped = shipped_model()
    assert shipped.ranker.weights.shape == (len(FEATURES),)
    assert shipped.decision.weights.shape == (len(DECISION_FEATURES),)
    assert 0.0 < shipped.maybe <= shipped.sure < 1.0


def test_a_model_with_other_features_is_refused():
    data = {"ranker": {"features": ["dense"], "weights": [1.0], "bias": 0.0},
            "decision": {"features": [], "weights": [], "bias": 0.0, "maybe": 0.1, "sure": 0.5}}
    with pytest.raises(ValueError, match="differ"):
        model_from_json(data)


def test_a_long_question_is_also_read_sentence_by_sentence():
    question = ("Meine Nachbarin ist 84 und lebt allein. Sie kommt die Treppe nicht mehr hoch. "
                "Wer kann helfen?")
    assert parts(question) == ["Meine Nachbarin ist 84 und lebt allein.",
                               "Sie kommt die Treppe nicht mehr hoch.", "Wer kann helfen?"]
    assert parts("Schuldnerberatung in Sterkrade") == []


def test_view_vectors_score_each_offer_by_its_best_view():
    first = np.array([[1, 0], [0, 1], [0.6, 0.8]], dtype=np.float32)
    vectors = ViewVectors(version="v", rows={"a": np.array([0, 1]), "b": np.array([2])},
                          kinds=np.array(["text", "example", "text"]), first=first,
                          second=None)
    scores = vectors.scores(["a", "b", "unknown"], [[0.0, 1.0], [1.0, 0.0]], None)
    assert set(scores) == {"a", "b"}
    assert scores["a"]["whole"] == pytest.approx(1.0)  # the example view: (1 + 1) / 2
    assert scores["a"]["example"] == pytest.approx(1.0)
    assert scores["a"]["text"] == pytest.approx(0.5)
    assert scores["b"]["part"] == pytest.approx((1 + 0.8) / 2)
    assert scores["b"]["second"] == 0.0


def test_every_id_the_situation_lexicon_names_exists():
    from search.situations import SITUATIONS

    vocabulary = json.loads(VOCABULARY.read_text(encoding="utf-8"))
    known = {c["id"] for kind in ("target_groups", "topics") for c in vocabulary[kind]}
    missing = {i for ids in SITUATIONS.values() for i in ids} - known
    assert not missing, f"situations.json names unknown ids: {sorted(missing)}"


def test_word_lists_are_folded_and_flags_known():
    from search.text import fold
    from search.wording import FLAG_PHRASES, FLAG_WORDS, GENERIC_WORDS, LANGUAGES

    assert all(fold(w) == w for w in GENERIC_WORDS)
    assert set(FLAG_WORDS) | set(FLAG_PHRASES) <= {"kostenlos", "anonym", "ohne_termin",
                                                     "barrierefrei"}
    assert all(fold(name) == name for name in LANGUAGES)


def test_english_questions_are_told_apart():
    from search.text import tokens
    from search.wording import is_english

    assert is_english(tokens("where can my grandma get help at home, she lives in Sterkrade"))
    assert not is_english(tokens("Wo bekommt meine Oma Hilfe zu Hause in Sterkrade?"))


def _broad_outcome(evidence: list[float], residual: list[str]) -> Outcome:
    families = Concept("target_group", "familien", "Familien", ("familien",))
    u = Understanding(target_groups=[families], residual=residual,
                      needs=[Need(("familien",), (families,), "word")])
    ranked = [Hit({"id": f"o{i}", "title": f"Angebot {i}"}, 1.0 - i / 10, share)
              for i, share in enumerate(evidence)]
    return Outcome(u, [], no_good_match=True, confidence=MAYBE, ranked=ranked)


def test_a_broad_question_whose_best_offers_carry_every_need_is_answered_for_sure():
    decided = decide(_broad_outcome([1.0, 1.0, 1.0, 0.5], residual=[]), limit=10)
    assert decided.confidence == SURE and len(decided.hits) == 4
    guess = decide(_broad_outcome([1.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0], residual=[]), limit=10)
    assert guess.confidence == MAYBE and len(guess.hits) == MAYBE_SHOWN
    other_words = decide(_broad_outcome([1.0, 1.0, 1.0], residual=["zahnarzt"]), limit=10)
    assert other_words.confidence == MAYBE


def test_the_fitting_hits_are_the_best_three_and_those_close_to_their_evidence():
    evidences = [0.8, 0.2, 0.6, 0.5, 0.1, 0.4, 0.0]
    hits = [Hit({"id": f"o{i}", "title": f"Angebot {i}"}, 1.0 - i / 10, share)
            for i, share in enumerate(evidences)]
    kept = [hit.offer["id"] for hit in fitting(hits)]
    assert kept[:FIRST_FEW] == ["o0", "o1", "o2"], "the best three always fit"
    assert kept[FIRST_FEW:] == [f"o{i}" for i, share in enumerate(evidences)
                                if i >= FIRST_FEW and share >= RELEVANT_EVIDENCE * 0.8]
    nothing_covered = [Hit({"id": f"o{i}", "title": ""}, 1.0, 0.0) for i in range(6)]
    assert len(fitting(nothing_covered)) == FIRST_FEW


def test_a_long_question_is_condensed_to_the_sentences_that_say_its_needs():
    question = ("Ich begleite einen Vater von zwei Söhnen, der seit der Trennung allein lebt. "
                "Er hat Ratenkäufe nicht bezahlt, jetzt kommt das Inkasso und eine Pfändung. "
                "Das Wetter war die ganze Woche schlecht und die Kinder waren viel drinnen. "
                "Er schämt sich sehr und geht kaum noch an den Briefkasten. "
                "Wohin kann ich ihn schicken?")
    debts = Need(("inkasso", "pfaendung"), (), "word")
    short = condensed(question, Understanding(needs=[debts]))
    assert len(short) <= SECOND_EMBEDDER_CHARS
    assert "Pfändung" in short, "the sentence that says the need is kept"
    assert "Wetter" not in short
    assert short.index("Vater") < short.index("Pfändung"), "the sentences keep their order"
    assert condensed("Schuldnerberatung in Osterfeld", Understanding()) == (
        "Schuldnerberatung in Osterfeld")
    one_sentence = "sehr langer satz ohne punkt " * 20
    assert len(condensed(one_sentence, Understanding())) <= SECOND_EMBEDDER_CHARS


def test_only_the_nouns_of_a_capitalised_question_count_as_unknown_words():
    lexicon = SimpleNamespace(doc_freq={stem("mahnung"): 3}, documents=100)
    # "Mahnung dauernd": the offers know the noun, not the adverb written in lower case.
    nouns_known = Understanding(residual=["mahnung", "dauernd"], minor={"dauernd"})
    assert unknown_share(nouns_known, lexicon) == 0.0
    # All in lower case, nouns cannot be told apart: every telling word counts.
    lower_case = Understanding(residual=["mahnung", "dauernd"])
    assert unknown_share(lower_case, lexicon) == 0.5


def _result(confidence, probability):
    return SearchResult(Outcome(Understanding(), [], no_good_match=confidence is None,
                                confidence=confidence, probability=probability))


def test_a_turn_that_asks_is_a_new_need_when_it_is_answered_better_alone():
    asking = "My wife and I also need German classes."
    assert sure(_result(SURE, 0.95)) and not sure(_result(MAYBE, 0.6)) and not sure(None)
    assert better_alone(_result(MAYBE, 0.7), _result(MAYBE, 0.5), asking)
    assert not better_alone(_result(MAYBE, 0.5), _result(MAYBE, 0.7), asking)
    assert not better_alone(_result(None, 0.9), _result(None, 0.1), asking), "nothing shown"
    telling = "Die Mutter spricht kaum Deutsch."
    assert not better_alone(_result(MAYBE, 0.7), _result(MAYBE, 0.5), telling), \
        "a turn that tells more of the case narrows it"
