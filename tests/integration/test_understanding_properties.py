"""Property tests of query understanding: any Unicode string (lone surrogates included) is
read without an exception, in bounded time, into bounded needs (issue 12)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.lexicon import load_lexicon
from search.understanding import MAX_NEEDS, MAX_RESIDUAL, Understander

pytestmark = pytest.mark.integration

# Every code point, surrogates included; and text made of the lexicon's own words, which
# is what makes understanding work hard.
ANY_CHARACTER = st.characters(codec=None, exclude_categories=())
WORDS = st.sampled_from(["Schulden", "Sterkrade", "Kinder", "unter", "3", "kostenlos",
                         "nichts", "mehr", "im", "Kühlschrank", "auf", "Türkisch", "15-Jähriger",
                         "Alleinerzihende", "Gasnachzahlung", "in", "Osterfelder", "46117",
                         ".", "?", "\n", "Seniorin", "sucht", "Sucht", "ist", "9"])
QUESTIONS = st.one_of(
    st.text(alphabet=ANY_CHARACTER, max_size=2000),
    st.lists(WORDS, max_size=400).map(" ".join).map(lambda text: text[:1999]),
)


@pytest.fixture(scope="module")
def understander(reader_graph) -> Understander:
    return Understander(load_lexicon(reader_graph))


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(question=QUESTIONS)
def test_any_question_is_understood_quickly_and_boundedly(understander, question):
    started = time.thread_time()
    u = understander.understand(question)
    assert time.thread_time() - started < 0.5
    assert len(u.needs) <= MAX_NEEDS and len(u.residual) <= MAX_RESIDUAL
    u.as_json()  # what the API returns can always be built
