"""Retrieval: candidates from dense, full-text and graph signals, ranked by a learned model.

1. Candidates: every public offer in the asked place when there are few enough to score
   them all (`EXHAUSTIVE`), otherwise the offers whose embedded views lie nearest to the
   question (vector index), the full-text hits (Lucene, german analyzer) and the offers
   linked to the asked target groups and topics. The graph then keeps only offers in the
   asked Sozialräume or city-wide and applies the hard constraints (kostenlos, anonym,
   ohne Termin, barrierefrei, a language).
2. Signals: the exact similarity of each candidate's best view (its text, its title and
   keywords, its description, its Beispielfragen) to the question and to each part of a
   long question, its full-text score, its target groups and topics, the share of the
   question's needs its text covers, and whether it is local (see `search.ranking`).
3. The learned ranker orders the candidates; the learned decision says whether the best
   are an answer ("sicher"), a guess ("vielleicht", the best five) or nothing.

The two baselines of the benchmark (`mode="vector"`: dense only, `mode="fulltext"`) get
the same place and flags from the understanding, score every offer they can and never
refuse; the dense baseline compares the question with each offer's whole text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from graph import queries as q
from graph.driver import Graph
from graph.errors import GraphError
from graph.lucene import lucene_query
from search.embedding import Embedder
from search.evidence import (
    FLAG_LABELS,
    constraints_met,
    covers_group,
    covers_topic,
    evidence,
    explain,
    is_local,
    lineage,
)
from search.lexicon import Lexicon
from search.ranking import (
    MAYBE,
    MAYBE_SHOWN,
    REFERENCE_SIGNALS,
    SURE,
    SearchModel,
    candidate_matrix,
    decision_vector,
    shipped_model,
)
from search.scope import ScopeReferences
from search.text import stem, tokens
from search.understanding import Understanding
from search.vectors import ViewVectorCache, ViewVectors

log = logging.getLogger(__name__)

MODES = ("hybrid", "fulltext", "vector")
CANDIDATES_PER_LIST = 60
# Up to this many public offers in the asked place, every one of them is scored exactly.
EXHAUSTIVE = 600
VIEWS_PER_VECTOR = 200
# Graph reads of searches running at once in a worker (one per request thread).
GRAPH_READERS = 4
# A long question is also read part by part (its sentences), at most this many.
MAX_PARTS = 4
MIN_PART_WORDS = 3
# The embedders read at most this much of a question or part (the longest benchmark
# question has 319): their cost grows faster than the text, and a question at the
# length limit would otherwise take a second of CPU in the embedders alone.
MAX_EMBEDDED_CHARS = 600
# The second embedder (e5) reads at most this much of a question (see `condensed`).
SECOND_EMBEDDER_CHARS = 160
# The shortest part of a compound that tells whether the directory knows the word; a part
# used by more than this share of the offers ("Hilfe", "Kinder") tells nothing.
MIN_COMPOUND_PART = 5
COMMON_PART_SHARE = 0.15
# A telling word of at least this many letters this similar to a word of the offers is
# that word misspelt (rapidfuzz ratio, as the understanding's typos).
MIN_TYPO_LENGTH = 7
TYPO_SCORE = 88.0
# The best few hits always fit an answer's need; they decide what a broad question's
# records answer (`recorded_answer`) and how much a further hit must cover (`fitting`).
FIRST_FEW = 3
# Share of the best hits' evidence a further hit must reach to count as fitting the need.
RELEVANT_EVIDENCE = 0.5
NO_DENSE = {"whole": 0.0, "part": 0.0, "example": 0.0, "text": 0.0, "second": 0.0}
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


@dataclass
class Hit:
    offer: dict[str, Any]
    score: float
    evidence: float
    why: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    understanding: Understanding
    hits: list[Hit]  # what is shown: empty when nothing fits
    no_good_match: bool
    vague: bool = False
    confidence: str | None = None  # "sicher" | "vielleicht" | None (nothing shown)
    probability: float = 0.0  # the decision's chance that the directory answers the question
    # The whole ranking before the decision, for the benchmark and the model's training.
    ranked: list[Hit] = field(default_factory=list)
    matrix: np.ndarray | None = None  # FEATURES of `ranked`, row by row
    signals: dict[str, Any] = field(default_factory=dict)  # question-level decision inputs
    # The nearest scope reference per source, by signal ("outside", "inside" and the second
    # embedder's "outside2", "inside2"; the training leaves a question's own set out).
    nearest: dict[str, dict[str, float]] = field(default_factory=dict)


class Retriever:
    """Runs one search mode against the graph; stateless apart from its collaborators."""

    def __init__(self, graph: Graph, embedder: Callable[[], Embedder],
                 second: Callable[[], Embedder | None] = lambda: None,
                 model: Callable[[], SearchModel] = shipped_model) -> None:
        self.graph = graph
        self._embedder = embedder
        self._second = second
        self._model = model
        self._references = ScopeReferences(embedder, graph, "first")
        self._references2 = ScopeReferences(second, graph, "second")
        self._vectors = ViewVectorCache()
        self._beside = ThreadPoolExecutor(max_workers=1, thread_name_prefix="second-embedder")
        # The graph's part of a search, one job per request thread of a worker.
        self._reads = ThreadPoolExecutor(max_workers=GRAPH_READERS,
                                         thread_name_prefix="graph-reads")

    def retrieve(self, question: str, understanding: Understanding, lexicon: Lexicon, *,
                 limit: int = 10, mode: str = "hybrid") -> Outcome:
        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}")
        if mode == "hybrid":
            return self._hybrid(question, understanding, lexicon, limit)
        return self._baseline(question, understanding, lexicon, limit, mode)

    # -- the baselines of the benchmark: one signal, no decision ---------------------------

    def _baseline(self, question: str, u: Understanding, lexicon: Lexicon, limit: int,
                  mode: str) -> Outcome:
        if mode == "fulltext":
            ranked = self._fulltext(lucene_query(question), CANDIDATES_PER_LIST)
            scores = dict(ranked)
            details = self._details(list(scores), u)
        else:
            details = self._in_place(u, None) or {}
            vectors = _lists(self._embedder().embed_queries([question]))
            scores = {oid: d["text"] for oid, d in self._dense(
                list(details), vectors, None, self._vectors.get(self.graph)).items()}
        order = sorted(details, key=lambda oid: (-scores.get(oid, 0.0), details[oid]["title"]))
        hits = [Hit(details[oid], round(scores.get(oid, 0.0), 5), 0.0) for oid in order]
        return Outcome(u, hits[:limit], no_good_match=not hits, ranked=hits)

    # -- the product ---------------------------------------------------------------------

    def _hybrid(self, question: str, u: Understanding, lexicon: Lexicon,
                limit: int) -> Outcome:
        texts = [clip(text) for text in (question, *parts(question))]
        second = self._second()
        # The second model runs beside everything up to the dense scores (it releases the
        # GIL in its native code): the first model, the graph and the lexical signals
        # need not wait for it.
        pending = (self._beside.submit(second.embed_queries, [condensed(question, u)])
                   if second else None)
        # The graph is read while the first model embeds: the candidates of a place need
        # no vectors (only a place too big to score whole does, see `_candidates`).
        reading = self._reads.submit(self._read_graph, question, u)
        vectors = _lists(self._embedder().embed_queries(texts))
        fulltext, details, in_memory = reading.result()
        if details is None:
            details = self._candidates(u, vectors, fulltext)
        rows, explained = describe(details, fulltext, u, lexicon)
        vectors2 = _lists(pending.result()) if pending else None
        add_dense(rows, list(details),
                  self._dense(list(details), vectors, vectors2, in_memory))
        model = self._model()
        matrix = candidate_matrix(rows)
        scores = model.ranker.score(matrix) if rows else np.zeros(0)
        order = sorted(range(len(explained)),
                       key=lambda i: (-scores[i], explained[i].offer["title"]))
        ranked = []
        for i in order:
            explained[i].score = round(float(scores[i]), 5)
            ranked.append(explained[i])
        nearest = self._references.nearest(vectors[0])
        if vectors2:
            nearest |= {f"{side}2": sources for side, sources
                        in self._references2.nearest(vectors2[0]).items()}
        signals = {"unknown": unknown_share(u, lexicon),
                   **{name: max(nearest.get(name, {}).values(), default=0.0)
                      for name in REFERENCE_SIGNALS},
                   "understood": bool(u.target_groups or u.topics),
                   "procedure": u.procedure}
        probability, confidence = model.confidence(decision_vector(matrix, scores, **signals))
        return decide(Outcome(u, [], no_good_match=True, confidence=confidence,
                              probability=probability, ranked=ranked,
                              matrix=matrix[order] if rows else matrix, signals=signals,
                              nearest=nearest),
                      limit)

    def _read_graph(self, question: str, u: Understanding
                    ) -> tuple[dict[str, float], dict[str, dict[str, Any]] | None,
                               ViewVectors | None]:
        """(full-text scores, every candidate of the place or None when the place is too
        big to score whole, this process's view vectors or None at city scale)."""
        text_query = " ".join(
            [lucene_query(question)]
            + [lucene_query(c.name) for c in (*u.target_groups, *u.topics)]
        ).strip()
        fulltext = dict(self._fulltext(text_query, CANDIDATES_PER_LIST))
        return fulltext, self._in_place(u, EXHAUSTIVE), self._vectors.get(self.graph)

    def _candidates(self, u: Understanding, vectors: list[list[float]],
                    fulltext: dict[str, float]) -> dict[str, dict[str, Any]]:
        """The candidates of a place too big to score whole: the nearest views, the
        full-text hits and the offers of the asked concepts."""
        return self._details(list(dict.fromkeys([
            *self._views(vectors), *fulltext, *self._by_concepts(u, CANDIDATES_PER_LIST)
        ])), u)

    # -- candidates and signals ---------------------------------------------------------

    def _in_place(self, u: Understanding, at_most: int | None) -> dict[str, dict[str, Any]] | None:
        """Every public offer in the asked place that meets its constraints, with its
        details; None when the place has more than `at_most` public offers."""
        record = self.graph.read(q.PLACE_CANDIDATES, sozialraeume=u.sozialraeume or None,
                                 at_most=at_most, **_constraints(u))[0]
        if at_most is not None and record["total"] > at_most:
            return None
        return {offer["id"]: offer for offer in record["offers"]}

    def _fulltext(self, query: str, limit: int) -> list[tuple[str, float]]:
        if not query:
            return []
        try:
            records = self.graph.read(q.RETRIEVE_FULLTEXT, query=query, limit=limit)
        except GraphError as exc:  # a pathological query must not break the search
            log.warning("Full-text query %r failed: %s", query[:200], exc)
            return []
        return [(r["id"], r["score"]) for r in records]

    def _views(self, vectors: list[list[float]]) -> list[str]:
        records = self.graph.read(q.RETRIEVE_VIEWS, vectors=vectors, limit=VIEWS_PER_VECTOR)
        return [r["id"] for r in records]

    def _dense(self, ids: list[str], vectors: list[list[float]],
               vectors2: list[list[float]] | None,
               in_memory: ViewVectors | None) -> dict[str, dict[str, float]]:
        if not ids:
            return {}
        if in_memory is not None:
            return in_memory.scores(ids, vectors, vectors2)
        records = self.graph.read(q.DENSE_SCORES, ids=ids, vectors=vectors,
                                  vectors2=vectors2 or [])
        return {r["id"]: {key: r[key] for key in NO_DENSE} for r in records}

    def _by_concepts(self, u: Understanding, limit: int) -> list[str]:
        if not (u.target_groups or u.topics):
            return []
        records = self.graph.read(
            q.RETRIEVE_BY_CONCEPTS,
            target_groups=[c.id for c in u.target_groups],
            topics=[c.id for c in u.topics],
            sozialraeume=u.sozialraeume or None,
            limit=limit,
        )
        return [r["id"] for r in records]

    def _details(self, ids: list[str], u: Understanding) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        records = self.graph.read(q.CANDIDATE_DETAILS, ids=ids,
                                  sozialraeume=u.sozialraeume or None, **_constraints(u))
        return {r["offer"]["id"]: r["offer"] for r in records}


def _constraints(u: Understanding) -> dict[str, dict[str, bool]]:
    """The query parameters $asked and $required: offer field -> asked / required."""
    return {"asked": {field: flag in u.flags for flag, field, _ in FLAG_LABELS},
            "required": {field: flag in u.required for flag, field, _ in FLAG_LABELS}}


def describe(details: dict[str, dict[str, Any]], fulltext: dict[str, float],
             u: Understanding, lexicon: Lexicon) -> tuple[list[dict[str, float]], list[Hit]]:
    """The graph and lexical signals of each candidate (see `search.ranking.candidate_matrix`;
    `add_dense` adds the rest) and its hit with the evidence share and the German 'why'."""
    asked_groups = {g for c in u.target_groups for g in lineage(c, lexicon)}
    rows, hits = [], []
    for offer in details.values():
        share, matched = evidence(offer, u, lexicon)
        rows.append({
            "fulltext": fulltext.get(offer["id"], 0.0),
            "target_group": float(covers_group(offer, u, asked_groups)),
            "topic": float(covers_topic(offer, u)), "evidence": share,
            "local": float(is_local(offer, u)),
            "constraints": constraints_met(offer, u, lexicon),
        })
        hits.append(Hit(offer, 0.0, round(share, 3),
                        explain(offer, u, lexicon, asked_groups, matched)))
    return rows, hits


def add_dense(rows: list[dict[str, float]], ids: list[str],
              dense: dict[str, dict[str, float]]) -> None:
    """Add each candidate's dense similarities (of its best views) to its row."""
    for row, oid in zip(rows, ids, strict=True):
        scores = dense.get(oid, NO_DENSE)
        row.update(dense=scores["whole"], dense_part=scores["part"], dense2=scores["second"],
                   dense_example=scores["example"], dense_text=scores["text"])


def decide(outcome: Outcome, limit: int) -> Outcome:
    """What is shown: all of a vague question's ranking (the chat asks back), the best
    `limit` when sure, the best five when a guess, nothing when no answer fits."""
    u, ranked = outcome.understanding, outcome.ranked
    if not (u.target_groups or u.topics or u.residual):
        outcome.vague, outcome.confidence = True, None
        outcome.hits, outcome.no_good_match = ranked[:limit], not ranked
    elif outcome.confidence is not None and ranked:
        if outcome.confidence == MAYBE and recorded_answer(u, ranked):
            outcome.confidence = SURE
        shown = MAYBE_SHOWN if outcome.confidence == MAYBE else limit
        outcome.hits, outcome.no_good_match = ranked[:min(shown, limit)], False
    return outcome


def recorded_answer(u: Understanding, ranked: list[Hit]) -> bool:
    """Whether a broad question ("Angebote für Familien in Osterfeld": needs only, no other
    telling words, no constraint) is answered by its best offers' records themselves:
    each of the first few carries every need. Many offers fit equally well, which the
    decision reads as a guess; it is an answer."""
    return (bool(u.needs) and not (u.residual or u.flags or u.languages)
            and len(ranked) >= FIRST_FEW
            and all(hit.evidence >= 1.0 for hit in ranked[:FIRST_FEW]))


def fitting(hits: list[Hit]) -> list[Hit]:
    """The hits of a sure answer that fit its need: the best three, and further ones whose
    records cover at least RELEVANT_EVIDENCE of what the best of them cover (a long
    ranking ends in offers that share little with the question)."""
    core = hits[:FIRST_FEW]
    best = max((hit.evidence for hit in core), default=0.0)
    return core + [hit for hit in hits[FIRST_FEW:]
                   if best > 0 and hit.evidence >= RELEVANT_EVIDENCE * best]


def _lists(vectors: Any) -> list[list[float]]:
    return [[float(x) for x in vector] for vector in vectors]


def clip(text: str) -> str:
    """The first MAX_EMBEDDED_CHARS of `text`, cut at a word boundary."""
    if len(text) <= MAX_EMBEDDED_CHARS:
        return text
    return text[:MAX_EMBEDDED_CHARS].rsplit(" ", 1)[0]


def condensed(question: str, u: Understanding, limit: int = 0) -> str:
    """A long question as the second embedder reads it: the sentences that say most of its
    needs, and its first and last sentence (whom a case is about, what it asks), as many
    as fit in `limit` (SECOND_EMBEDDER_CHARS) characters, in their order. The second
    embedder's cost grows steeply with the text; unclipped, it alone would decide a long
    question's latency."""
    limit = limit or SECOND_EMBEDDER_CHARS
    if len(question) <= limit:
        return question
    sentences = _sentences(question)
    need_words = {word for need in u.needs for word in need.words}
    last = len(sentences) - 1

    def weight(i: int) -> tuple[int, bool, int]:
        said = len(need_words & set(tokens(sentences[i])))
        return (-said, i not in (0, last), i)

    chosen, room = [], limit
    for i in sorted(range(len(sentences)), key=weight):
        if len(sentences[i]) <= room:
            chosen.append(i)
            room -= len(sentences[i]) + 1
    if not chosen:  # one long sentence
        return question[:limit].rsplit(" ", 1)[0]
    return " ".join(sentences[i] for i in sorted(chosen))


def parts(question: str) -> list[str]:
    """The sentences of a long question, longest first (none for a one-sentence question)."""
    pieces = [p for p in _sentences(question) if len(tokens(p)) >= MIN_PART_WORDS]
    if len(pieces) < 2:
        return []
    return sorted(pieces, key=lambda p: -len(p))[:MAX_PARTS]


def _sentences(text: str) -> list[str]:
    return [p.strip() for p in _SENTENCE_END.split(text) if p and p.strip()]


def unknown_share(u: Understanding, lexicon: Lexicon) -> float:
    """Share of the question's telling words that no offer's text uses at all, not even as
    a part of a compound ("Inkassobriefe": the texts know "Inkasso"); the words that said
    a need of the vocabulary are known. Where the question capitalises its nouns, only
    they count: what it asks for is named by a noun ("Adoption", "Kontenklärung"), and an
    adverb or verb the offers do not use ("dauernd") says nothing about that. None for an
    English question, as the offers' texts are German."""
    if not u.residual or u.english:
        return 0.0
    words = [word for word in u.residual if word not in u.minor] or u.residual
    need_words = {word for need in u.needs for word in need.words} - set(u.residual)
    stems = [stem(w) for w in words]
    unknown = [s for s in stems if not known_word(s, lexicon.doc_freq, lexicon.documents)
               and not misspelt_known(s, lexicon.doc_freq)]
    return len(unknown) / (len(words) + len(need_words))


def misspelt_known(word_stem: str, doc_freq: dict[str, int]) -> bool:
    """Whether a longer word is a small typo of a word the offers use ("Frauenhauss",
    "Teilhabeberatng")."""
    return len(word_stem) >= MIN_TYPO_LENGTH and process.extractOne(
        word_stem, doc_freq.keys(), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE) is not None


def known_word(word_stem: str, doc_freq: dict[str, int], documents: int) -> bool:
    """Whether an offer text uses the word, or its first or last part (each at least
    MIN_COMPOUND_PART letters) where that part is telling: "Inkassobriefe" is known by
    "Inkasso", "Bewährungshilfe" not by "Hilfe", which most offers use."""
    if doc_freq.get(word_stem, 0):
        return True
    common = COMMON_PART_SHARE * documents
    ends = range(MIN_COMPOUND_PART, len(word_stem) - MIN_COMPOUND_PART + 1)
    return any(0 < doc_freq.get(part, 0) <= common
               for end in ends for part in (word_stem[:end], word_stem[end:]))
