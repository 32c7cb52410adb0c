"""The benchmark's question sets: each question is answerable or marked out of scope."""

from __future__ import annotations

import json

import pytest

from bench import questions
from bench.questions import NETWORK_SETS, QUESTION_SETS, load_sets


def test_every_shipped_set_loads():
    names = (*QUESTION_SETS, *NETWORK_SETS)
    assert set(load_sets(names)) == {n for n in names
                                    if (QUESTION_SETS | NETWORK_SETS)[n].exists()}


def test_a_question_that_expects_nothing_must_be_marked_out_of_scope(tmp_path, monkeypatch):
    path = tmp_path / "questions_broken.json"
    path.write_text(json.dumps({"questions": [
        {"q": "Wo gibt es Schuldnerberatung?", "expect_any": ["Schuldnerberatung"]},
        {"q": "Wie wird das Wetter morgen?", "expect_any": [], "kind": "far"},
    ]}), encoding="utf-8")
    monkeypatch.setattr(questions, "QUESTION_SETS", {"broken": path})
    with pytest.raises(ValueError, match=r"broken: 1 question.*not marked out of scope"):
        load_sets(["broken"])
