"""Safe query text for Neo4j's Lucene full-text indexes.

User text is never passed to Lucene as query syntax: only its words are kept
(letters and digits), lower-cased, because Lucene's operators are the upper-case
words AND, OR, NOT and TO. So "Hilfe (schnell)!" or "Sucht AND Drogen" cannot break
or narrow the query, while the German word "Not" still counts.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[\wäöüÄÖÜß]+", re.UNICODE)


def lucene_query(text: str) -> str:
    """A safe Lucene query matching any of the words of `text` ('' when there are none)."""
    return " ".join(word.lower() for word in _WORD.findall(text))
