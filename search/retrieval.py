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
import math
import statistics
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
# Share of the weighted need an offer must cover to count as an answer. Chosen on the dev
# set and the project's own questions (bench/RESULTS.md): higher turns away long narrative
# questions that do have an answer, lower lets out-of-scope questions through.
GOOD_EVIDENCE = 0.55
# USE v3 similarities are compressed (unrelated texts score 0.5-0.6), so the embedding
# vouches for an offer only when it stands out from the question's candidate pool:
# similarity minus the pool's median. Measured on in- and out-of-scope questions: related
# offers stand out by 0.09-0.18, the best offer for an out-of-scope question by <= 0.08.
STANDOUT = 0.12
MIN_PREFIX = 5


@dataclass
class Hit:
    offer: dict[str, Any]
    score: float
    evidence: float
    why: list[str] = field(default_factory=list)
    standout: float | None = None  # vector similarity above the candidate pool's median


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
        asked_groups = _lineage(u, lexicon)
        hits = []
        for oid, offer in details.items():
            hit = _judge(offer, u, lexicon, asked_groups, fused[oid], standout.get(oid))
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


def _standout(ranked: list[tuple[str, float]]) -> dict[str, float]:
    """How far each vector candidate's similarity lies above the pool's median."""
    if not ranked:
        return {}
    median = statistics.median(score for _, score in ranked)
    return {oid: score - median for oid, score in ranked}


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


def _coverage(word: str, text_stems: set[str]) -> float:
    """1 when the offer's text has the word (or a compound built on it: "Sucht" in
    "Suchtberatung"); 0.5 when it has only the word's first part, because a German
    compound is about its last part ("Geburtsurkunde" is a document, not a birth)."""
    word_stem = stem(word)
    if word_stem in text_stems:
        return 1.0
    if len(word_stem) < MIN_PREFIX:
        return 0.0
    long_stems = [s for s in text_stems if len(s) >= MIN_PREFIX]
    if any(s.startswith(word_stem) for s in long_stems):
        return 1.0
    if any(word_stem.startswith(s) for s in long_stems):
        return 0.5
    return 0.0


def _judge(offer: dict[str, Any], u: Understanding, lexicon: Lexicon, asked_groups: set[str],
           fused: float, standout: float | None) -> Hit:
    """Evidence, final score and the German 'why' of one candidate."""
    text_stems = offer_stems(offer)
    why: list[str] = []
    units: list[tuple[float, float]] = []  # (weight, share covered)

    asked_ids = {c.id for c in u.target_groups}
    group_match = bool(asked_ids & set(offer["target_group_lineage"])) or bool(
        asked_groups & set(offer["target_group_ids"])
    )
    if u.target_groups:
        weight = 0.5 + 0.5 * max(lexicon.specificity(c) for c in u.target_groups)
        units.append((weight, group_match))
        if group_match:
            why.append("Zielgruppe: " + ", ".join(c.name for c in u.target_groups))
    topic_match = bool({c.id for c in u.topics} & set(offer["topic_ids"]))
    if u.topics:
        text_match = any(_coverage(c.name, text_stems) == 1.0 for c in u.topics)
        weight = 0.5 + 1.0 * max(lexicon.specificity(c) for c in u.topics)
        units.append((weight, topic_match or text_match))
        if topic_match or text_match:
            why.append("Thema: " + ", ".join(c.name for c in u.topics))
    max_idf = lexicon.max_idf
    matched_words = []
    # In a long, narrative question each leftover word carries less of the need than the
    # one key noun of a short question ("Reisepass beantragen").
    spread = 1.0 / math.sqrt(max(1, len(u.residual)))
    for word in u.residual:
        weight = spread * min(1.0, max(0.3, lexicon.idf(stem(word)) / max_idf))
        covered = _coverage(word, text_stems)
        units.append((weight, covered))
        if covered == 1.0:
            matched_words.append(word)
    if matched_words:
        why.append("Stichwort: " + ", ".join(matched_words))

    total = sum(w for w, _ in units)
    evidence = sum(w * float(share) for w, share in units) / total if total else 0.0
    if standout is not None and standout >= STANDOUT:
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
               standout=standout)
