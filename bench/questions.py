"""The labelled question sets of the search benchmarks and how a result is judged.

Training sets may be fitted on (`bench/train_search.py`, k-fold cross-validated) and
tuned on; held-out sets never: they are scored, at most twice, and their misses are not
printed. A spent held-out set becomes training data.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from search.text import fold

ROOT = Path(__file__).resolve().parent.parent
QUESTION_SETS = {
    "devset": ROOT.parent / "shared" / "devset" / "questions.json",
    "own": ROOT / "bench" / "questions.json",
    "tuning": ROOT / "bench" / "questions_tuning.json",
    "tuning2": ROOT / "bench" / "questions_tuning2.json",
    "tuning3": ROOT / "bench" / "questions_tuning3.json",
    "tuning4": ROOT / "bench" / "questions_tuning4.json",
    "tuning5": ROOT / "bench" / "questions_tuning5.json",
    "tuning6": ROOT / "bench" / "questions_tuning6.json",
    "holdout": ROOT / "bench" / "questions_holdout.json",
    "holdout3": ROOT / "bench" / "questions_holdout3.json",
    "holdout4": ROOT / "bench" / "questions_holdout4.json",
    "holdout5": ROOT / "bench" / "questions_holdout5.json",
    "holdout6": ROOT / "bench" / "questions_holdout6.json",
    "holdout7": ROOT / "bench" / "questions_holdout7.json",
    "holdout8": ROOT / "bench" / "questions_holdout8.json",
    "holdout9": ROOT / "bench" / "questions_holdout9.json",
    "holdout10": ROOT / "bench" / "questions_holdout10.json",
    "holdout11": ROOT / "bench" / "questions_holdout11.json",
    "holdout12": ROOT / "bench" / "questions_holdout12.json",
    "holdout13": ROOT / "bench" / "questions_holdout13.json",
    "holdout14": ROOT / "bench" / "questions_holdout14.json",
    "holdout15": ROOT / "bench" / "questions_holdout15.json",
    "holdout16": ROOT / "bench" / "questions_holdout16.json",
}
# Questions about gremien, institutions, departments and places (issue 13), scored apart.
NETWORK_SETS = {"network": ROOT / "bench" / "questions_network.json",
                "network_holdout": ROOT / "bench" / "questions_network_holdout.json",
                "network_holdout2": ROOT / "bench" / "questions_network_holdout2.json"}
# A held-out set that was used twice is spent: it joins the training sets (its figures as a
# held-out set stay in bench/RESULTS.md) and a new one is written before the next change.
SPENT = ("holdout", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8",
         "holdout9", "holdout10", "holdout11", "holdout12", "holdout13", "holdout14",
         "holdout15")
TRAINING = ("devset", "own", "tuning", "tuning2", "tuning3", "tuning4", "tuning5", "tuning6",
            *SPENT)
HELD_OUT = ("holdout16", "network_holdout", "network_holdout2")


def load_sets(names: tuple[str, ...] | list[str]) -> dict[str, dict[str, Any]]:
    """The named sets that exist (the dev set lives outside the repository). A question of
    an offer set is either answerable (a non-empty `expect_any`) or out of scope (`kind`
    "none"); a set with one that is neither is refused, so that it is never scored as a
    miss."""
    sets = {name: json.loads(path.read_text(encoding="utf-8"))
            for name, path in (QUESTION_SETS | NETWORK_SETS).items()
            if name in names and path.exists()}
    for name, data in sets.items():
        if name not in QUESTION_SETS:
            continue
        unclear = [item["q"][:60] for item in data.get("questions", [])
                   if not item.get("expect_any") and item.get("kind") != "none"]
        if unclear:
            raise ValueError(f"{name}: {len(unclear)} question(s) expect no offer but are "
                             f"not marked out of scope (kind \"none\"), e.g. {unclear[0]!r}")
    return sets


def is_hit(question: dict[str, Any], title: str) -> bool:
    """A result is a hit when its title contains one of `expect_any` (folded)."""
    return any(fold(wanted) in fold(title) for wanted in question.get("expect_any", []))
