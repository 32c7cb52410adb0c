"""`make bench-load` in miniature, so the benchmark keeps working: a few users for a few
seconds against the session's gunicorn, no error, no lost edit, /metrics adds up."""

from __future__ import annotations

import argparse

import pytest

from bench.load import drive

pytestmark = pytest.mark.integration


def test_a_short_load_run_has_no_errors_and_loses_no_edit(gunicorn_url, seeded_graph):
    args = argparse.Namespace(duration=3, clients=4, coordinators=2, think=0.2, warmup=0)
    run = drive(gunicorn_url, seeded_graph, args)  # seeded_graph: searches and edits undone
    assert run.recorder.errors == []
    assert run.edit_problems == []
    assert run.recorder.saved, "the coordinators saved something"
    assert run.counted[0] == run.counted[1], "/metrics counts every request of both workers"
    assert not run.failed
