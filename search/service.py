"""The search service the web layer calls: understand, retrieve, suggest, log.

One instance per app. It holds no per-user state: the lexicon is cached per
process for a short time, and the embedder is created on first use.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from graph.driver import Graph
from search.budget import cpu_budget
from search.cache import TimedCache
from search.embedding import Embedder
from search.events import SearchLog
from search.evidence import meets
from search.lexicon import Lexicon, load_lexicon
from search.network import NetworkIndex, load_network_index, read_question
from search.network_answer import (
    NetworkReply,
    answer_network,
    describes_case,
    offers_department,
)
from search.ranking import MAYBE, SURE
from search.retrieval import Hit, Outcome, Retriever, fitting
from search.understanding import PlaceMatch, Understander, Understanding

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ExplicitFilters:
    """Filters chosen in a form or passed to the API, on top of what the question says."""

    sozialraum: str | None = None
    target_group: str | None = None
    topic: str | None = None
    free: bool = False


@dataclass
class SearchResult:
    outcome: Outcome
    # Good matches in other Sozialräume, offered when the asked place has none.
    alternatives: list[Hit] = field(default_factory=list)
    # Required flags ("nur kostenlose") that no fitting offer records as met: the hits
    # fit the need and leave these open (never "no"), and the answer says so.
    unconfirmed: list[str] = field(default_factory=list)


class LazyEmbedder:
    """Creates the embedder on first use (loading a model is not start-up work); a factory
    that returns None means there is none (no second embedder configured)."""

    def __init__(self, factory: Callable[[], Embedder | None]) -> None:
        self._factory = factory
        self._instance: Embedder | None = None
        self._made = False
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the embedder has been created (a worker's warm-up does it early)."""
        return self._made

    def __call__(self) -> Embedder | None:
        with self._lock:
            if not self._made:
                self._instance = self._factory()
                self._made = True
            return self._instance


class SearchService:
    def __init__(self, graph: Graph, embedder: Callable[[], Embedder],
                 second: Callable[[], Embedder | None] = lambda: None,
                 lexicon_ttl: float = 60.0) -> None:
        self.graph = graph
        self.embedder = embedder  # callable: the embedder, created on first use
        self.second_embedder = second  # callable: the second embedder or None
        self._lexicons: TimedCache[Lexicon] = TimedCache(load_lexicon, ttl=lexicon_ttl)
        self._network: TimedCache[NetworkIndex] = TimedCache(load_network_index,
                                                             ttl=lexicon_ttl)
        self._retriever = Retriever(graph, embedder, second)
        self.events = SearchLog(graph)
        self._understander: tuple[Lexicon, Understander] | None = None
        self._lock = threading.Lock()

    def lexicon(self) -> Lexicon:
        return self._lexicons.get(self.graph)

    def refresh_lexicon(self) -> None:
        """Forget the cached lexicon and names (after an edit of places, vocabularies or
        network records)."""
        self._lexicons.clear()
        self._network.clear()

    def network(self, question: str, u: Understanding,
                kept: tuple[str, str] | None = None) -> NetworkReply | None:
        """The answer to a question about gremien, institutions, departments or places, or
        None when the question asks for offers. `kept` is the entity of the last answer."""
        index = self._network.get(self.graph)
        place_words = self.lexicon().place_words
        asked = read_question(question, index, place_words)
        if describes_case(question, asked):
            return None
        reply = answer_network(self.graph, index, question, asked, u, kept, place_words)
        if reply is None and "department" in asked.cues and (u.topics or u.residual):
            # "Welcher Bereich ist für Frühe Hilfen zuständig?": the best offers' department.
            # Only offers that surely answer it: a guess names no department.
            outcome = self.search(question, u).outcome
            hits = outcome.hits[:3] if outcome.confidence == SURE else []
            reply = offers_department(self.graph, [h.offer["id"] for h in hits])
        return reply

    def understand(self, question: str, filters: ExplicitFilters | None = None) -> Understanding:
        lexicon = self.lexicon()
        with self._lock:
            if self._understander is None or self._understander[0] is not lexicon:
                self._understander = (lexicon, Understander(lexicon))
            understander = self._understander[1]
        understanding = understander.understand(question)
        if filters:
            apply_filters(understanding, filters, lexicon)
        return understanding

    def search(self, question: str, understanding: Understanding | None = None, *,
               limit: int = 10, mode: str = "hybrid", channel: str | None = None) -> SearchResult:
        lexicon = self.lexicon()
        u = understanding if understanding is not None else self.understand(question)
        if mode == "hybrid" and u.elsewhere:
            # "Wann hat die Tafel in Bottrop Ausgabe?": the directory is Oberhausen's.
            result = SearchResult(Outcome(u, [], no_good_match=True))
            if channel:
                self.log_search(channel, u, result.outcome)
            return result
        with cpu_budget() as budget:
            # A required flag narrows the need's own answer; the search that demands the
            # flag of every candidate answers only when the need has no answer.
            result = (self._within_need(question, u, lexicon, limit)
                      if mode == "hybrid" and u.required else None)
            if result is None:
                result = SearchResult(self._retriever.retrieve(question, u, lexicon,
                                                               limit=limit, mode=mode))
            outcome = result.outcome
            if (mode == "hybrid" and outcome.no_good_match and u.places and not outcome.vague
                    and not budget.exhausted()):
                elsewhere = replace(u, places=[])
                wider = self._retriever.retrieve(question, elsewhere, lexicon, limit=limit)
                result.alternatives = [h for h in wider.hits if not h.offer["citywide"]][:3]
        if budget.spent:
            log.warning("A search spent its CPU budget: %d needs, %d telling words",
                        len(u.needs), len(u.residual))
        if channel:
            self.log_search(channel, u, outcome)
        return result

    def _within_need(self, question: str, u: Understanding, lexicon: Lexicon,
                     limit: int) -> SearchResult | None:
        """A required flag ("nur kostenlose") narrows the offers that answer the need; it
        never brings in offers that fit the flag alone. The need's answer is the search
        without the requirement (an offer that records "no" stays out). Of its offers,
        those that record the flag are shown; when none does, all of them are, and the
        answer says the flag is open. A guess stays a guess of at most as many offers as
        it showed. None when the need itself has no answer (or is too vague to have one:
        then the offers that meet the flag are what was asked for)."""
        wider = self._retriever.retrieve(question, replace(u, required=[]), lexicon,
                                         limit=limit)
        if wider.confidence not in (SURE, MAYBE) or not wider.hits:
            return None
        shown = len(wider.hits)
        met = [hit for hit in fitting(wider.ranked[:limit]) if meets(hit.offer, u.required)]
        if not met:
            wider.hits = fitting(wider.hits)
            return SearchResult(wider, unconfirmed=list(u.required))
        wider.hits = met[:shown]
        return SearchResult(wider)

    def log_search(self, channel: str, u: Understanding, outcome: Outcome) -> None:
        """Record what was asked and whether it was answered; never the question itself."""
        self.events.record(
            channel=channel,
            sozialraeume=u.sozialraeume,
            target_groups=[c.id for c in u.target_groups],
            topics=[c.id for c in u.topics],
            flags=u.as_json()["flags"],
            results=len(outcome.hits),
            good_match=not outcome.no_good_match and not outcome.vague,
        )


def apply_filters(u: Understanding, filters: ExplicitFilters, lexicon: Lexicon) -> None:
    """Add explicitly chosen filters to what the question says (ids are already validated)."""
    if filters.sozialraum:
        name = lexicon.sozialraum_names.get(filters.sozialraum, filters.sozialraum)
        u.places = [PlaceMatch("sozialraum", filters.sozialraum, name, (filters.sozialraum,))]
    for concept_id, kind, bucket in (
        (filters.target_group, "target_group", u.target_groups),
        (filters.topic, "topic", u.topics),
    ):
        concept = lexicon.concept(concept_id, kind) if concept_id else None
        if concept and concept not in bucket:
            bucket.insert(0, concept)
    if filters.free:
        u.flags += [] if "kostenlos" in u.flags else ["kostenlos"]
        u.required += [] if "kostenlos" in u.required else ["kostenlos"]
