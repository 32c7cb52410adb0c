"""Duplicate records: the same institution or offer entered twice, and their merge.

Candidates are found by blocking, never by comparing everything with everything:
institutions are compared within their postal code (or Stadtteil), offers within
their provider, by a fuzzy match of the normalised names ("Caritas-Beratungsstelle"
= "Caritasberatungsstelle") and, where both have one, of the street ("Str." =
"Straße"). A merge moves every relationship of the record that goes to the one
that stays, fills the properties the kept record lacks, moves the audit trail and
writes one `Change` holding the removed record, all in one transaction. A
relationship type the merge does not know makes it refuse, so nothing is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import neo4j
from rapidfuzz import fuzz, process

from graph.driver import Graph
from graph.editing import Actor, record_change
from graph.errors import NotFound, Refused
from graph.queries import planning as q

NAME_SIMILARITY = 90  # rapidfuzz ratio (0–100) of the compacted names
STREET_SIMILARITY = 85
KINDS = {"institution": "Institution", "offer": "Offer"}
_STREET_ABBREVIATIONS = ((r"str\.?(?=\s|\d|$)", "strasse"), (r"straße", "strasse"),
                         (r"pl\.(?=\s|\d|$)", "platz"))
# In this order: a trailing "e.V."/"eV" goes before "Ev." is read as "evangelische".
_NAME_ABBREVIATIONS = ((r"\s+e\.?\s?v\.?$", ""), (r"\bfam\b\.?\s*-?\s*", "familien"),
                       (r"\b(?:ev|evang)\b\.?\s*", "evangelische "),
                       (r"\bkath\b\.?\s*", "katholische "))
_INTERNAL = ("_lock", "embedding", "embedding_hash", "version", "updated_at", "id")


@dataclass(frozen=True)
class RecordPair:
    kind: str
    keep: dict[str, Any]
    duplicate: dict[str, Any]
    similarity: float

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "keep": self.keep, "duplicate": self.duplicate,
                "similarity": round(self.similarity, 1)}


def compact_name(name: str | None) -> str:
    """Lower-case letters and digits only, umlauts folded, common abbreviations written
    out and a trailing place in brackets dropped: spelling variants coincide."""
    text = (name or "").lower().replace("ß", "ss")
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)
    for pattern, replacement in _NAME_ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum())


def normal_street(street: str | None) -> str:
    text = (street or "").lower().strip()
    for pattern, replacement in _STREET_ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return compact_name(text)


def duplicate_institutions(graph: Graph) -> list[RecordPair]:
    rows = [r.data() for r in graph.read(q.INSTITUTIONS_FOR_MATCHING)]
    return _pairs("institution", rows, lambda r: r["postal_code"] or r["stadtteil"])


def duplicate_offers(graph: Graph) -> list[RecordPair]:
    rows = [r.data() for r in graph.read(q.OFFERS_FOR_MATCHING)]
    return _pairs("offer", rows, lambda r: r["provider"])


def _pairs(kind: str, rows: list[dict[str, Any]], block_of: Any) -> list[RecordPair]:
    blocks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if block_of(row):
            blocks[block_of(row)].append(row)
    pairs = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        names = [compact_name(r["name"]) for r in block]
        scores = process.cdist(names, names, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY)
        for i, j in zip(*scores.nonzero(), strict=True):
            if i < j and _streets_agree(block[i], block[j]):
                keep, duplicate = _order(block[i], block[j])
                pairs.append(RecordPair(kind, keep, duplicate, float(scores[i, j])))
    return sorted(pairs, key=lambda p: (-p.similarity, p.keep["id"]))


def _streets_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    if not a.get("street") or not b.get("street"):
        return True
    return fuzz.ratio(normal_street(a["street"]), normal_street(b["street"])) >= STREET_SIMILARITY


def _rank(row: dict[str, Any]) -> tuple[int, int, str]:
    return (-(row.get("offers") or 0), len(row["id"]), row["id"])


def _order(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep the record with more offers (then the shorter id, usually the older one)."""
    return (a, b) if _rank(a) <= _rank(b) else (b, a)


def merge_records(graph: Graph, kind: str, keep_id: str, duplicate_id: str,
                  actor: Actor) -> int:
    """Merge `duplicate_id` into `keep_id`; returns the kept record's new version."""
    if kind not in KINDS:
        raise ValueError(f"records of kind {kind!r} cannot be merged")
    if keep_id == duplicate_id:
        raise Refused("Ein Eintrag kann nicht mit sich selbst zusammengeführt werden.",
                      "a record cannot be merged with itself")
    return graph.write_tx(lambda tx: _merge_tx(tx, kind, KINDS[kind], keep_id, duplicate_id,
                                               actor))


def _merge_tx(tx: neo4j.ManagedTransaction, kind: str, label: str, keep_id: str,
              gone_id: str, actor: Actor) -> int:
    record = tx.run(q.MERGE_PAIR[label], keep=keep_id, gone=gone_id).single()
    if record is None:
        raise NotFound(kind, f"{keep_id} or {gone_id}")
    keep, gone = record["keep"], record["gone"]
    tx.run(q.UNLINK_PAIR[label], keep=keep_id, gone=gone_id).consume()
    for statement in q.MOVE_RELATIONSHIPS[label]:
        tx.run(statement, keep=keep_id, gone=gone_id).consume()
    left = tx.run(q.REMAINING_RELATIONSHIPS[label], keep=keep_id, gone=gone_id).single()["types"]
    if left:
        raise Refused(
            "Der doppelte Eintrag hat Verknüpfungen, die beim Zusammenführen verloren gingen "
            f"({', '.join(left)}). Bitte wenden Sie sich an die Administration.",
            f"{kind} {gone_id} has relationships a merge does not move: {', '.join(left)}")
    filled = {k: v for k, v in gone.items()
              if k not in _INTERNAL and v is not None and keep.get(k) is None}
    version = tx.run(q.FILL_AND_DELETE[label], keep=keep_id, gone=gone_id,
                     filled=filled).single()["version"]
    removed = {k: v for k, v in gone.items() if k not in ("_lock", "embedding")}
    record_change(tx, kind, keep_id, actor, "merge", version - 1, version,
                  {"merged_record": removed}, {**filled, "merged_from": gone_id})
    return version
