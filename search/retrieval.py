"""Hybrid retrieval: full-text, vector and graph candidates, fused, placed and explained.

1. Candidates come from three lists: the Lucene full-text index (german analyzer),
   the vector index (question embedding), and the graph (offers linked to the
   target groups and topics the question names, in the asked place).
2. Reciprocal rank fusion merges the lists; the graph then keeps only offers in
   the asked Sozialräume or city-wide and applies hard constraints (kostenlos,
   anonym, a language …).
3. Each candidate gets an *evidence* score: the weighted share of what the
   question asks for (target group, topic, its other telling words) that the
   offer covers. Offers below the bar are not passed off as answers; when none
   passes, the outcome says `no_good_match`.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from graph import queries as q
from graph.driver import Graph
from graph.errors import GraphError
from search.embedding import Embedder
from search.evidence import Hit, judge, lineage
from search.fulltext import lucene_query
from search.lexicon import Lexicon
from search.text import tokens
from search.understanding import Understanding
from search.wording import LANGUAGES

log = logging.getLogger(__name__)

MODES = ("hybrid", "fulltext", "vector")
RRF_K = 60
CANDIDATES_PER_LIST = 60
# Share of the weighted need an offer must cover to count as an answer. Chosen on the dev
# set and the project's own questions (bench/RESULTS.md): higher turns away long narrative
# questions that do have an answer, lower lets out-of-scope questions through.
GOOD_EVIDENCE = 0.55
# USE v3 similarities are compressed (unrelated texts score 0.5-0.6), so the embedding
# vouches for an offer only when it stands out from the question's candidate pool:
# similarity minus the pool's median. Measured on in- and out-of-scope questions: related
# offers stand out by 0.09-0.18, the best offer for an out-of-scope question by <= 0.08.
STANDOUT = 0.12


@dataclass
class Outcome:
    understanding: Understanding
    hits: list[Hit]
    no_good_match: bool
    vague: bool = False


class Retriever:
    """Runs one search mode against the graph; stateless apart from its collaborators."""

    def __init__(self, graph: Graph, embedder: Callable[[], Embedder]) -> None:
        self.graph = graph
        self._embedder = embedder

    def retrieve(self, question: str, understanding: Understanding, lexicon: Lexicon, *,
                 limit: int = 10, mode: str = "hybrid") -> Outcome:
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        if mode == "hybrid":
            return self._hybrid(question, understanding, lexicon, limit)
        return self._single(question, understanding, limit, mode)

    # -- the single-method baselines (for the benchmark) ---------------------------------

    def _single(self, question: str, understanding: Understanding, limit: int,
                mode: str) -> Outcome:
        if mode == "fulltext":
            ranked = self._fulltext(lucene_query(question), limit)
            good = bool(ranked)
        else:
            ranked = self._vector(question, CANDIDATES_PER_LIST)
            good = bool(ranked) and _standout(ranked)[ranked[0][0]] >= STANDOUT
        details = self._details([oid for oid, _ in ranked], Understanding())
        hits = [Hit(details[oid], score, 1.0 if good else 0.0)
                for oid, score in ranked if oid in details]
        return Outcome(understanding, hits[:limit] if good else [], not good)

    # -- hybrid -----------------------------------------------------------------------

    def _hybrid(self, question: str, u: Understanding, lexicon: Lexicon,
                limit: int) -> Outcome:
        vague = not (u.target_groups or u.topics or u.residual)
        text_query = " ".join(
            [lucene_query(question)]
            + [lucene_query(c.name) for c in (*u.target_groups, *u.topics)]
        ).strip()
        lists = [
            self._fulltext(text_query, CANDIDATES_PER_LIST) if text_query else [],
            self._vector(question, CANDIDATES_PER_LIST),
            self._by_concepts(u, CANDIDATES_PER_LIST),
        ]
        fused: dict[str, float] = {}
        for ranked in lists:
            for rank, (oid, _) in enumerate(ranked, start=1):
                fused[oid] = fused.get(oid, 0.0) + 1.0 / (RRF_K + rank)
        standout = _standout(lists[1])
        details = self._details(list(fused), u)
        asked_groups = {g for c in u.target_groups for g in lineage(c, lexicon)}
        hits = [judge(offer, u, lexicon, asked_groups, fused[oid], standout.get(oid),
                      good=GOOD_EVIDENCE, standout_bar=STANDOUT)
                for oid, offer in details.items()]
        hits.sort(key=lambda h: (-h.score, h.offer["title"]))
        good = [h for h in hits if h.evidence >= GOOD_EVIDENCE]
        if vague:
            return Outcome(u, hits[:limit], no_good_match=not hits, vague=True)
        return Outcome(u, good[:limit], no_good_match=not good)

    # -- candidate lists --------------------------------------------------------------

    def _fulltext(self, query: str, limit: int) -> list[tuple[str, float]]:
        if not query:
            return []
        try:
            records = self.graph.read(q.RETRIEVE_FULLTEXT, query=query, limit=limit)
        except GraphError as exc:  # a pathological query must not break the search
            log.warning("Full-text query %r failed: %s", query, exc)
            return []
        return [(r["id"], r["score"]) for r in records]

    def _vector(self, question: str, limit: int) -> list[tuple[str, float]]:
        vector = [float(x) for x in self._embedder().embed_query(question)]
        records = self.graph.read(q.RETRIEVE_VECTOR, vector=vector, limit=limit)
        return [(r["id"], r["score"]) for r in records]

    def _by_concepts(self, u: Understanding, limit: int) -> list[tuple[str, float]]:
        if not (u.target_groups or u.topics):
            return []
        records = self.graph.read(
            q.RETRIEVE_BY_CONCEPTS,
            target_groups=[c.id for c in u.target_groups],
            topics=[c.id for c in u.topics],
            sozialraeume=u.sozialraeume or None,
            limit=limit,
        )
        return [(r["id"], r["weight"]) for r in records]

    def _details(self, ids: list[str], u: Understanding) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        flags = set(u.flags)
        records = self.graph.read(
            q.CANDIDATE_DETAILS,
            ids=ids,
            sozialraeume=u.sozialraeume or None,
            free="kostenlos" in flags,
            anonymous="anonym" in flags,
            walk_in="ohne_termin" in flags,
            barrier_free="barrierefrei" in flags,
            languages=[],
        )
        return {r["offer"]["id"]: r["offer"] for r in records
                if speaks(r["offer"], u.languages)}


def speaks(offer: dict[str, Any], codes: list[str]) -> bool:
    """Whether the offer is available in one of the languages: listed in its languages,
    or named in its text ("Medien auch auf Türkisch, Arabisch, Persisch")."""
    if not codes or set(codes) & set(offer.get("languages") or []):
        return True
    words = tokens(" ".join([offer.get("title") or "", offer.get("description") or "",
                             *offer.get("keywords", [])]))
    if "ls" in codes and any(a.startswith("leicht") and b == "sprache"
                             for a, b in pairwise(words)):
        return True
    return any(code in codes for word in set(words) for name, code in LANGUAGES.items()
               if word.startswith(name))


def _standout(ranked: list[tuple[str, float]]) -> dict[str, float]:
    """How far each vector candidate's similarity lies above the pool's median."""
    if not ranked:
        return {}
    median = statistics.median(score for _, score in ranked)
    return {oid: score - median for oid, score in ranked}
