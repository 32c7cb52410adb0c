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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graph import queries as q
from graph.driver import Graph
from graph.errors import GraphError
from search.embedding import Embedder
from search.fulltext import lucene_query
from search.lexicon import Lexicon, offer_stems
from search.text import stem
from search.understanding import Understanding

log = logging.getLogger(__name__)

MODES = ("hybrid", "fulltext", "vector")
RRF_K = 60
CANDIDATES_PER_LIST = 60
GOOD_EVIDENCE = 0.6
# Cosine similarity (USE v3) above which the embedding alone vouches for a match.
STRONG_SIMILARITY = 0.55
MIN_PREFIX = 5


@dataclass
class Hit:
    offer: dict[str, Any]
    score: float
    evidence: float
    why: list[str] = field(default_factory=list)
    similarity: float | None = None


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
            ranked = self._vector(question, limit)
            good = bool(ranked) and ranked[0][1] >= STRONG_SIMILARITY
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
        similarity = dict(lists[1])
        details = self._details(list(fused), u)
        asked_groups = _lineage(u, lexicon)
        hits = []
        for oid, offer in details.items():
            hit = _judge(offer, u, lexicon, asked_groups, fused[oid], similarity.get(oid))
            hits.append(hit)
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
            languages=list(u.languages),
        )
        return {r["offer"]["id"]: r["offer"] for r in records}


def _lineage(u: Understanding, lexicon: Lexicon) -> set[str]:
    """The asked target groups with their broader groups (an offer for Kinder suits Kleinkinder)."""
    ids: set[str] = set()
    for concept in u.target_groups:
        current: str | None = concept.id
        while current and current not in ids:
            ids.add(current)
            parent = lexicon.concept(current, "target_group")
            current = parent.broader if parent else None
    return ids


def _covers(word: str, text_stems: set[str]) -> bool:
    word_stem = stem(word)
    if word_stem in text_stems:
        return True
    if len(word_stem) < MIN_PREFIX:
        return False
    return any(
        len(s) >= MIN_PREFIX and (word_stem.startswith(s) or s.startswith(word_stem))
        for s in text_stems
    )


def _judge(offer: dict[str, Any], u: Understanding, lexicon: Lexicon, asked_groups: set[str],
           fused: float, similarity: float | None) -> Hit:
    """Evidence, final score and the German 'why' of one candidate."""
    text_stems = offer_stems(offer)
    why: list[str] = []
    units: list[tuple[float, bool]] = []

    asked_ids = {c.id for c in u.target_groups}
    group_match = bool(asked_ids & set(offer["target_group_lineage"])) or bool(
        asked_groups & set(offer["target_group_ids"])
    )
    if u.target_groups:
        units.append((1.0, group_match))
        if group_match:
            why.append("Zielgruppe: " + ", ".join(c.name for c in u.target_groups))
    topic_match = bool({c.id for c in u.topics} & set(offer["topic_ids"]))
    if u.topics:
        text_match = any(_covers(c.name, text_stems) for c in u.topics)
        units.append((1.5, topic_match or text_match))
        if topic_match or text_match:
            why.append("Thema: " + ", ".join(c.name for c in u.topics))
    max_idf = lexicon.max_idf
    matched_words = []
    for word in u.residual:
        weight = min(1.0, max(0.3, lexicon.idf(stem(word)) / max_idf))
        covered = _covers(word, text_stems)
        units.append((weight, covered))
        if covered:
            matched_words.append(word)
    if matched_words:
        why.append("Stichwort: " + ", ".join(matched_words))

    total = sum(w for w, _ in units)
    evidence = sum(w for w, ok in units if ok) / total if total else 0.0
    if similarity is not None and similarity >= STRONG_SIMILARITY:
        evidence = max(evidence, GOOD_EVIDENCE)
        if not why:
            why.append("inhaltlich ähnlich")

    local = bool(u.sozialraeume) and bool(set(u.sozialraeume) & set(offer["sozialraeume"]))
    if u.sozialraeume:
        if local:
            names = [lexicon.sozialraum_names.get(s, s) for s in offer["sozialraeume"]
                     if s in u.sozialraeume]
            why.append("Ort: " + ", ".join(names))
        elif offer["citywide"]:
            why.append("Ort: stadtweites Angebot")
    for flag, label in (("kostenlos", "kostenlos"), ("anonym", "anonym"),
                        ("ohne_termin", "ohne Termin"), ("barrierefrei", "barrierefrei")):
        if flag in u.flags:
            why.append(label)
    score = (fused + 0.02 * evidence + 0.006 * group_match + 0.008 * topic_match
             + 0.004 * local)
    return Hit(offer=offer, score=round(score, 5), evidence=round(evidence, 3), why=why,
               similarity=similarity)
