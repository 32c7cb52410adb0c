"""German alphabetical order (DIN 5007-1): case and umlauts do not separate words.

"Übergang" sorts with "Ubergang" (not after "Z"), "gewaltbetroffene Frauen" with
"Gewalt…" (not after every capital). The same folding twice: as a Python sort key for
lists sorted in the app, and as a Cypher expression for lists the graph sorts (pages
that are cut with SKIP/LIMIT must be sorted there).
"""

from __future__ import annotations

import unicodedata

# Folded after lower-casing; other accents are dropped by the decomposition below.
_FOLDS = (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"))
_TABLE = str.maketrans({a: b for a, b in _FOLDS})


def german_key(text: str | None) -> tuple[str, str]:
    """Sort key: the folded text first, the original as a tie-break (stable order)."""
    raw = text or ""
    folded = unicodedata.normalize("NFKD", raw.lower().translate(_TABLE))
    return "".join(c for c in folded if not unicodedata.combining(c)), raw


def german_order(expression: str) -> str:
    """A Cypher expression that orders `expression` (a string) as `german_key` does."""
    folded = f"toLower({expression})"
    for umlaut, plain in _FOLDS:
        folded = f"replace({folded}, '{umlaut}', '{plain}')"
    return folded
