"""Schemathesis against `/api/v1/openapi.json`, a short run (`make bench-fuzz` runs a longer
one, see bench/fuzz_api.py for what is checked): no 5xx, every answer as described."""

from __future__ import annotations

import pytest

from bench.fuzz_api import fuzz
from tests.conftest import make_app
from tests.support import close_app

pytestmark = pytest.mark.integration


def test_the_api_answers_as_described(neo4j_connection, seeded_state):
    app = make_app(neo4j_connection)
    try:
        assert fuzz(app, max_examples=8) >= 10
    finally:
        close_app(app)
