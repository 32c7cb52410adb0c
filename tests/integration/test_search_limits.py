"""One anonymous question cannot hold a worker: repeated needs merge, needs and words are
capped, and every search has a CPU budget (issue 12, finding 1)."""

from __future__ import annotations

import time

import pytest

from search.budget import cpu_budget, exhausted
from search.understanding import MAX_NEEDS, MAX_RESIDUAL
from webapp.search_views import get_service

pytestmark = pytest.mark.integration

REPEATED = ("Schulden " * 222)[:1999].strip()
MANY_NEEDS = ("Schulden Miete Sucht Kinder Senioren Pflege Wohnung Arbeit Familie Jugend "
              "Migration Gesundheit Behinderung Trauer Gewalt Schwangerschaft ") * 12


def test_a_need_said_again_is_one_need(app):
    with app.app_context():
        u = get_service().understand(REPEATED)
    assert len(u.needs) == 1


def test_needs_and_telling_words_are_capped(app):
    with app.app_context():
        u = get_service().understand(MANY_NEEDS[:1999])
        words = get_service().understand(" ".join(f"wort{i}x" for i in range(300))[:1999])
    assert len(u.needs) <= MAX_NEEDS
    assert len(words.residual) <= MAX_RESIDUAL


@pytest.mark.parametrize("question", [REPEATED, MANY_NEEDS[:1999],
                                      ("Ich habe Schulden und brauche Hilfe. " * 60)[:1999]])
def test_a_question_at_the_length_limit_costs_under_a_second_of_cpu(client, question):
    client.get("/api/v1/search", query_string={"q": "Schulden"})  # load the embedders
    for request in (lambda: client.get("/api/v1/search", query_string={"q": question}),
                    lambda: client.post("/api/v1/chat", json={"message": question})):
        started = time.thread_time()  # the test client serves in this thread
        response = request()
        spent = time.thread_time() - started
        assert response.status_code == 200
        assert spent < 1.0, spent


def test_the_budget_stops_the_evidence_once_spent():
    assert not exhausted()  # outside a search there is no budget
    with cpu_budget(0.0) as budget:
        assert not budget.spent  # the clock starts at the first check
        assert exhausted() and budget.spent
    with cpu_budget(60.0):
        assert not exhausted()
