"""Learned ranking and the one calibrated no-match decision.

Every candidate offer of a question is described by the same few signals (`FEATURES`):
how close its best embedded view comes to the question (dense retrieval is the
backbone), how it fares in the full-text index, whether it carries the target groups
and topics the question names, how much of the question's needs its text covers, and
whether it is local. A logistic regression fitted on labelled questions (see
`bench/train_search.py`, k-fold cross-validated, never on a held-out set) weighs them;
its weights live in `search/data/search_model.json`, so this module needs numpy only.

The decision whether to answer at all is a second small logistic regression over
features of the whole question (`DECISION_FEATURES`), fitted on answerable and
out-of-scope questions. Its two thresholds give three answers: "sicher", "vielleicht"
(the best five, marked as a guess) and nothing.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_FILE = Path(__file__).with_name("data") / "search_model.json"

# Per candidate offer, in this order (the model file names them, and is checked).
FEATURES = (
    "dense",          # best similarity of any of the offer's views to the whole question
    "dense_part",     # best similarity to any part of the question (a sentence of a long one)
    "dense_example",  # best similarity of one of its Beispielfragen to the whole question
    "dense_text",     # similarity of its whole text (title, description, keywords) alone
    "dense_text_gap", # dense_text minus the best dense_text of all candidates
    "dense_gap",      # dense minus the best dense of all candidates (0 for the best)
    "dense_z",        # dense standardised over the question's candidates
    "dense2",         # best similarity of its views to the question by the second embedder
    "dense2_gap",     # dense2 minus the best dense2 of all candidates
    "dense2_z",       # dense2 standardised over the question's candidates
    "fulltext",       # full-text score relative to the best full-text score (0 = not found)
    "target_group",   # carries an asked target group (or a narrower one)
    "topic",          # carries an asked topic
    "evidence",       # weighted share of the question's needs and telling words it covers
    "local",          # lies in the asked Sozialraum (not only city-wide)
    "constraints",    # share of the asked flags and languages its record meets (open: half)
)
# Per question, from its best candidate and the candidate pool.
DECISION_FEATURES = (
    "top_score",      # the ranker's score of the best candidate
    "top_dense",      # its dense similarity
    "best_part",      # the best similarity of any candidate to any part of the question
    "top_z",          # how far the best candidate stands out from the pool
    "top_evidence",   # how much of the question the best candidate covers
    "unknown",        # share of the question's telling words that no offer uses at all
    "outside",        # similarity to the nearest out-of-scope request minus top_dense
    "inside",         # similarity to the nearest answerable training question minus top_dense
    "top_dense2",     # the best candidate's similarity by the second embedder
    "outside2",       # the same as outside, by the second embedder
    "inside2",        # the same as inside, by the second embedder
    "understood",     # 1 when the question names a target group or topic of the vocabulary
    "procedure",      # 1 when it asks how to apply for or register something
)
# The decision inputs that compare the question with the scope references (search.scope):
# the best similarity to a side's references, before top_dense is subtracted.
REFERENCE_SIGNALS = ("outside", "inside", "outside2", "inside2")
SURE = "sicher"
MAYBE = "vielleicht"
# A guess shows as many offers as a plain search's first screen: when the search is unsure,
# more choices serve a practitioner better than fewer (with three, what users saw of the
# ranking fell below a plain dense search on unseen questions).
MAYBE_SHOWN = 5


@dataclass(frozen=True)
class Linear:
    """A fitted linear model: score = weights · x + bias (features already scaled in)."""

    weights: np.ndarray
    bias: float

    def score(self, x: np.ndarray) -> np.ndarray:
        return x @ self.weights + self.bias


@dataclass(frozen=True)
class SearchModel:
    ranker: Linear
    decision: Linear
    sure: float   # decision probability from which an answer is "sicher"
    maybe: float  # … from which the best five are offered as "vielleicht"

    def confidence(self, features: np.ndarray) -> tuple[float, str | None]:
        """(probability that the question is answerable, "sicher" | "vielleicht" | None)."""
        p = float(_sigmoid(float(self.decision.score(features))))
        if p >= self.sure:
            return p, SURE
        if p >= self.maybe:
            return p, MAYBE
        return p, None


def linear_from_json(data: dict[str, Any], names: tuple[str, ...]) -> Linear:
    if tuple(data["features"]) != names:
        raise ValueError(f"model features {data['features']} differ from the code's {names}")
    return Linear(np.asarray(data["weights"], dtype=np.float64), float(data["bias"]))


def model_from_json(data: dict[str, Any]) -> SearchModel:
    decision = data["decision"]
    return SearchModel(
        ranker=linear_from_json(data["ranker"], FEATURES),
        decision=linear_from_json(decision, DECISION_FEATURES),
        sure=float(decision["sure"]),
        maybe=float(decision["maybe"]),
    )


@cache
def shipped_model() -> SearchModel:
    """The model in `search/data/search_model.json` (read once per process)."""
    return model_from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))


def candidate_matrix(rows: list[dict[str, float]]) -> np.ndarray:
    """Turn the raw signals of a question's candidates into the FEATURES matrix.

    Each row holds dense, dense_part, dense_example, dense_text, dense2, fulltext (raw
    Lucene score),
    target_group, topic, evidence, local and constraints; the pool-relative columns are
    derived here.
    """
    if not rows:
        return np.zeros((0, len(FEATURES)))
    dense = np.array([r["dense"] for r in rows])
    dense2 = np.array([r["dense2"] for r in rows])
    dense_text = np.array([r["dense_text"] for r in rows])
    fulltext = np.array([r["fulltext"] for r in rows])
    best_ft = float(fulltext.max()) or 1.0
    columns = {
        "dense": dense,
        "dense_part": np.array([r["dense_part"] for r in rows]),
        "dense_example": np.array([r["dense_example"] for r in rows]),
        "dense_text": dense_text,
        "dense_text_gap": dense_text - dense_text.max(),
        "dense_gap": dense - dense.max(),
        "dense_z": (dense - dense.mean()) / (float(dense.std()) or 1.0),
        "dense2": dense2,
        "dense2_gap": dense2 - dense2.max(),
        "dense2_z": (dense2 - dense2.mean()) / (float(dense2.std()) or 1.0),
        "fulltext": fulltext / best_ft,
        "target_group": np.array([r["target_group"] for r in rows]),
        "topic": np.array([r["topic"] for r in rows]),
        "evidence": np.array([r["evidence"] for r in rows]),
        "local": np.array([r["local"] for r in rows]),
        "constraints": np.array([r["constraints"] for r in rows]),
    }
    return np.column_stack([columns[name] for name in FEATURES])


def decision_vector(matrix: np.ndarray, scores: np.ndarray, *, unknown: float, outside: float,
                    inside: float, outside2: float, inside2: float, understood: bool,
                    procedure: bool) -> np.ndarray:
    """DECISION_FEATURES of a question from its candidates' features and ranker scores."""
    column = {name: i for i, name in enumerate(FEATURES)}
    if not len(scores):
        top = np.zeros(len(FEATURES))
        top_score, best_part = -10.0, 0.0
    else:
        top = matrix[int(np.argmax(scores))]
        top_score, best_part = float(scores.max()), float(matrix[:, column["dense_part"]].max())
    values = {
        "top_score": top_score,
        "top_dense": float(top[column["dense"]]),
        "best_part": best_part,
        "top_z": float(top[column["dense_z"]]),
        "top_evidence": float(top[column["evidence"]]),
        "unknown": unknown,
        "outside": outside - float(top[column["dense"]]),
        "inside": inside - float(top[column["dense"]]),
        "top_dense2": float(top[column["dense2"]]),
        "outside2": outside2 - float(top[column["dense2"]]),
        "inside2": inside2 - float(top[column["dense2"]]),
        "understood": float(understood),
        "procedure": float(procedure),
    }
    return np.array([values[name] for name in DECISION_FEATURES])


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, x))))
