"""Fit the search's ranker and no-match decision on labelled questions; write the model.

    .venv/bin/python -m bench.train_search            (needs scikit-learn: pip install '.[train]')
    .venv/bin/python -m bench.train_search --dry-run  (cross-validation only, model untouched)

Training questions: the training sets of `bench.questions` (never a held-out set). For
every question the product's own retrieval computes the candidates and their FEATURES
(`search.ranking`), so training and serving share one code path. Two rankers are
cross-validated by question (k folds): pointwise logistic regression and a pairwise one
(logistic regression on feature differences of relevant minus irrelevant candidates);
the better by MRR@10 is fitted on all questions. The decision (answer or not) is a
logistic regression over DECISION_FEATURES of each question, computed with out-of-fold
ranker scores, so its inputs look like those of unseen questions. Its thresholds come
from probabilities with one question set left out at a time: "vielleicht" from the level
that refuses at most `--max-wrong-refusals` of the answerable questions, "sicher" a margin
above every out-of-scope question.

The questions of the training sets kept in this repository are written to
`search/data/labelled_questions.json` (by set) first: the product compares a question with
the out-of-scope ones, as with the general requests of `out_of_scope.json` ("outside"),
and with the answerable ones ("inside"; see `search.scope`). A training question's
comparisons leave its own set out, as an unseen question finds none of its own kind there.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.harness import seeded_lotse
from bench.questions import QUESTION_SETS, ROOT, TRAINING, is_hit, load_sets
from search.ranking import (
    DECISION_FEATURES,
    FEATURES,
    MODEL_FILE,
    REFERENCE_SIGNALS,
    decision_vector,
)
from search.scope import LABELLED_FILE

FOLDS = 5
PAIRWISE_GAIN = 0.01
SEED = 7
SURE_MARGIN = 0.1
SURE_FLOOR = 0.9  # "sicher": the decision gives the question at least this chance


@dataclass
class Example:
    set_name: str
    question: str
    answerable: bool
    matrix: np.ndarray  # FEATURES of the candidates
    labels: np.ndarray  # 1 where the candidate is an expected offer
    signals: dict[str, Any]
    nearest: dict[str, dict[str, float]]  # see retrieval.Outcome.nearest

    def decision_signals(self) -> dict[str, Any]:
        """The question-level signals with the scope references of its own set left out."""
        return {**self.signals, **{
            name: max((v for source, v in self.nearest.get(name, {}).items()
                       if source != self.set_name), default=0.0)
            for name in REFERENCE_SIGNALS}}


def write_labelled_references(app: Any, sets: dict[str, dict[str, Any]]) -> None:
    """Keep the questions of the repository's training sets as scope references, by set:
    the answerable ones and the out-of-scope ones; not those that ask for another city
    ("Tafel in Bottrop"): the understanding refuses them before any comparison, and their
    words are those of answerable questions."""
    from webapp.search_views import get_service

    kept = {name: questions["questions"] for name, questions in sets.items()
            if QUESTION_SETS[name].is_relative_to(ROOT)}
    with app.app_context():
        service = get_service()
        out_of_scope = {
            name: [item["q"] for item in questions
                   if item.get("kind") == "none" and not service.understand(item["q"]).elsewhere]
            for name, questions in kept.items()}
    answerable = {name: [item["q"] for item in questions if item.get("kind") != "none"]
                  for name, questions in kept.items()}
    data = {"about": "The questions of the training sets in bench/, by set: references of "
                     "the search's no-match decision (search/scope.py). Written by make "
                     "train-search; do not edit by hand.",
            "out_of_scope": out_of_scope, "answerable": answerable}
    LABELLED_FILE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                             encoding="utf-8")


def collect(client_app: Any, sets: dict[str, dict[str, Any]]) -> list[Example]:
    from webapp.search_views import get_service

    examples = []
    with client_app.app_context():
        service = get_service()
        for set_name, data in sets.items():
            for item in data["questions"]:
                outcome = service.search(item["q"]).outcome
                if outcome.matrix is None:  # refused before ranking (another city)
                    continue
                titles = [h.offer["title"] for h in outcome.ranked]
                answerable = item.get("kind") != "none"
                labels = np.array([float(answerable and is_hit(item, t)) for t in titles])
                examples.append(Example(set_name, item["q"], answerable, outcome.matrix, labels,
                                        outcome.signals, outcome.nearest))
    return examples


def fit_pointwise(train: list[Example]) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([e.matrix for e in train if e.labels.any()])
    y = np.concatenate([e.labels for e in train if e.labels.any()])
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000)
    model.fit((x - mean) / std, y)
    weights = model.coef_[0] / std
    return weights, float(model.intercept_[0] - (weights * mean).sum())


def fit_pairwise(train: list[Example], rng: np.random.Generator) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    diffs = []
    for e in train:
        positives, negatives = np.flatnonzero(e.labels), np.flatnonzero(e.labels == 0)
        if not len(positives) or not len(negatives):
            continue
        for p in positives:
            chosen = rng.choice(negatives, size=min(40, len(negatives)), replace=False)
            diffs.append(e.matrix[p] - e.matrix[chosen])
    x = np.vstack(diffs)
    std = np.abs(x).mean(axis=0) + 1e-9
    # Both orders, so the classes are balanced and no intercept is needed.
    xs = np.vstack([x / std, -x / std])
    ys = np.concatenate([np.ones(len(x)), np.zeros(len(x))])
    model = LogisticRegression(C=1.0, fit_intercept=False, max_iter=2000)
    model.fit(xs, ys)
    return model.coef_[0] / std, 0.0


def ranking_metrics(examples: list[Example], scores: list[np.ndarray]) -> dict[str, float]:
    ranks = []
    for e, s in zip(examples, scores, strict=True):
        if not e.answerable:
            continue
        order = np.argsort(-s, kind="stable")
        hits = np.flatnonzero(e.labels[order][:10])
        ranks.append(int(hits[0]) + 1 if len(hits) else None)
    n = len(ranks)
    return {"recall@1": sum(r == 1 for r in ranks) / n,
            "recall@5": sum(bool(r and r <= 5) for r in ranks) / n,
            "mrr@10": sum(1 / r for r in ranks if r) / n, "questions": n}


def folds(count: int, rng: np.random.Generator) -> list[np.ndarray]:
    return np.array_split(rng.permutation(count), FOLDS)


def cross_validate(examples: list[Example], fit: Any) -> list[np.ndarray]:
    """Out-of-fold ranker scores of every example."""
    rng = np.random.default_rng(SEED)
    scores: list[np.ndarray] = [np.zeros(0)] * len(examples)
    for test in folds(len(examples), rng):
        held = set(test.tolist())
        weights, bias = fit([e for i, e in enumerate(examples) if i not in held])
        for i in test:
            scores[i] = examples[i].matrix @ weights + bias
    return scores


def decision_inputs(examples: list[Example], scores: list[np.ndarray]) -> np.ndarray:
    return np.vstack([decision_vector(e.matrix, s, **e.decision_signals())
                      for e, s in zip(examples, scores, strict=True)])


def fit_decision(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=0.5, class_weight="balanced", max_iter=2000)
    model.fit((x - mean) / std, y)
    weights = model.coef_[0] / std
    return weights, float(model.intercept_[0] - (weights * mean).sum())


def out_of_fold_probabilities(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Leave one question set out: each set was written by another hand, so its questions
    differ from the rest as unseen ones will."""
    p = np.zeros(len(y))
    for group in np.unique(groups):
        test = groups == group
        weights, bias = fit_decision(x[~test], y[~test])
        p[test] = 1 / (1 + np.exp(-(x[test] @ weights + bias)))
    return p


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="report only, keep the model")
    parser.add_argument("--max-wrong-refusals", type=float, default=0.01,
                        help="share of answerable training questions the decision may refuse")
    args = parser.parse_args()
    sets = load_sets(TRAINING)
    with seeded_lotse() as lotse:
        # Before the first search: the references are read when a search first needs them.
        write_labelled_references(lotse.app, sets)
        examples = collect(lotse.app, sets)
    dense_column = FEATURES.index("dense")
    report: dict[str, Any] = {"dense only": ranking_metrics(
        examples, [e.matrix[:, dense_column] for e in examples])}
    rng = np.random.default_rng(SEED)
    fitters = {"pointwise": fit_pointwise,
               "pairwise": lambda train: fit_pairwise(train, rng)}
    oof = {name: cross_validate(examples, fit) for name, fit in fitters.items()}
    for name, scores in oof.items():
        report[f"{name} (cv)"] = ranking_metrics(examples, scores)
    # The pairwise ranker replaces the pointwise one only when clearly better: their
    # cross-validated MRR differs by a few thousandths from one refit to the next, and the
    # decision is fitted on the chosen ranker's scores.
    gain = report["pairwise (cv)"]["mrr@10"] - report["pointwise (cv)"]["mrr@10"]
    best = "pairwise" if gain > PAIRWISE_GAIN else "pointwise"
    weights, bias = fitters[best](examples)

    x = decision_inputs(examples, oof[best])
    y = np.array([float(e.answerable) for e in examples])
    groups = np.array([e.set_name for e in examples])
    p = out_of_fold_probabilities(x, y, groups)
    maybe = float(np.quantile(p[y == 1], args.max_wrong_refusals))
    # Unseen out-of-scope questions come closer than these: "sicher" keeps a margin, and
    # never means less than SURE_FLOOR (with many out-of-scope examples of the kind the
    # training questions ask, their probabilities fall far below unseen ones').
    sure = min(0.99, max(maybe, SURE_FLOOR, float(p[y == 0].max()) + SURE_MARGIN))
    d_weights, d_bias = fit_decision(x, y)
    report["decision (cv)"] = {
        "answerable refused": float((p[y == 1] < maybe).mean()),
        "out of scope refused": float((p[y == 0] < maybe).mean()),
        "answerable sicher": float((p[y == 1] >= sure).mean()),
        "out of scope sicher": int((p[y == 0] >= sure).sum()),
        "answerable": int(y.sum()), "out of scope": int((y == 0).sum()),
        "per left-out set (answerable refused, out of scope refused)": {
            name: [round(float((p[(groups == name) & (y == 1)] < maybe).mean()), 3),
                   round(float((p[(groups == name) & (y == 0)] < maybe).mean()), 3)]
            for name in sets},
        "trade-off (answerable refused: out of scope refused)": {
            f"{q:.2f}": round(float((p[y == 0] < np.quantile(p[y == 1], q)).mean()), 3)
            for q in (0.0, 0.01, 0.02, 0.03, 0.05, 0.08)},
    }
    print(json.dumps({"chosen ranker": best, **report}, indent=1))
    if args.dry_run:
        return
    model = {
        "about": "Written by bench/train_search.py; do not edit by hand.",
        "trained_on": {name: len(data["questions"]) for name, data in sets.items()},
        "cross_validation": report,
        "ranker": {"kind": best, "features": list(FEATURES),
                   "weights": [round(float(w), 6) for w in weights], "bias": round(bias, 6)},
        "decision": {"features": list(DECISION_FEATURES),
                     "weights": [round(float(w), 6) for w in d_weights],
                     "bias": round(d_bias, 6), "maybe": round(maybe, 6), "sure": round(sure, 6)},
    }
    MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
