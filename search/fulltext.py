"""Full-text search over offers with Neo4j's Lucene index (german analyzer).

User text is never passed to Lucene as query syntax: only its words are kept
(letters and digits), lower-cased, because Lucene's operators are the upper-case
words AND, OR, NOT and TO. So "Hilfe (schnell)!" or "Sucht AND Drogen" cannot break
or narrow the query, while the German word "Not" still counts.
"""

from __future__ import annotations

import re
from typing import Any

from graph import queries as q
from graph.driver import Graph

_WORD = re.compile(r"[\wäöüÄÖÜß]+", re.UNICODE)


def lucene_query(text: str) -> str:
    """A safe Lucene query matching any of the words of `text` ('' when there are none)."""
    return " ".join(word.lower() for word in _WORD.findall(text))


def search_offers(graph: Graph, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Public offers matching the words of `text`, best first, each with its score."""
    query = lucene_query(text)
    if not query:
        return []
    records = graph.read(q.FULLTEXT_OFFERS, query=query, limit=limit)
    return [{**r["offer"], "score": r["score"]} for r in records]
