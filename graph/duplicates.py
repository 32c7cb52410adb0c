"""Duplicate structures (Doppelstrukturen): offers by different providers that serve the
same need for the same target group in the same place.

Candidates come from the vector index: the k nearest neighbours of every offer
(batched, two batches at a time), never an all-pairs loop. A pair counts when its
similarity reaches the threshold and the graph confirms it: different providers, a
shared target group, a shared Sozialraum (or both city-wide). Pairs are grouped per
place into clusters (connected components), so two near-identical offers in
different Sozialräume never form one. A planner can mark a cluster as intended
("bewusst so"); the decision is tied to exactly that set of offers, so a cluster
that gains a new member shows up again.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from graph.collation import german_key
from graph.driver import Graph
from graph.editing import Actor
from graph.queries import planning as q

# USE v3 similarities are compressed (unrelated German texts score 0.5–0.6); offers that
# describe the same service in other words score 0.85 and more.
DEFAULT_THRESHOLD = 0.86
DEFAULT_NEIGHBOURS = 8
BATCH_SIZE = 400
COMPARED_FIELDS = ("hours", "cost", "free", "languages")
CITYWIDE = "stadtweit"


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    score: float
    places: tuple[str, ...]
    target_groups: tuple[str, ...]


@dataclass
class Cluster:
    """Offers that duplicate each other in one or more places."""

    id: str
    offer_ids: list[str]
    places: list[str]
    target_groups: list[str]
    similarity: float  # the lowest similarity of the pairs that hold the cluster together
    offers: list[dict[str, Any]] = field(default_factory=list)
    differences: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def one_provider(self) -> bool:
        """All offers belong to one provider (Träger): the sites of one network, such as
        the Familienzentren of a Sozialraum, not an overlap between providers."""
        return len({o.get("carrier") for o in self.offers}) == 1

    @property
    def unknown(self) -> list[str]:
        """The compared fields that no offer of the cluster records."""
        return [name for name in COMPARED_FIELDS
                if all(o.get(name) in (None, "", []) for o in self.offers)]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "offers": self.offers, "sozialraeume": self.places,
                "target_groups": self.target_groups, "similarity": round(self.similarity, 3),
                "differences": self.differences, "one_provider": self.one_provider,
                "unknown": self.unknown}


def cluster_key(offer_ids: list[str]) -> str:
    """A stable id for a set of offers (the key of a planner's decision)."""
    return hashlib.sha256("\n".join(sorted(offer_ids)).encode()).hexdigest()[:16]


def candidate_pairs(graph: Graph, threshold: float = DEFAULT_THRESHOLD,
                    neighbours: int = DEFAULT_NEIGHBOURS,
                    sozialraum: str | None = None) -> list[Pair]:
    """Confirmed neighbour pairs of the public offers (of one Sozialraum, or all), from the
    vector index in batches."""
    ids = [r["id"] for r in graph.read(q.OFFERS_TO_SCAN, sozialraum=sozialraum)]
    batches = [ids[i:i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]

    def scan(batch: list[str]) -> list[Pair]:
        records = graph.read(q.NEIGHBOUR_PAIRS, ids=batch, k=neighbours + 1,
                             threshold=threshold)
        return [Pair(r["a"], r["b"], r["score"], tuple(r["places"]) or (CITYWIDE,),
                     tuple(r["target_groups"])) for r in records]

    with ThreadPoolExecutor(max_workers=2) as pool:
        return [pair for pairs in pool.map(scan, batches) for pair in pairs]


def group_pairs(pairs: list[Pair]) -> list[Cluster]:
    """Connected components of the pairs, per place; the same offers in several places
    become one cluster that names all of them."""
    by_place: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        for place in pair.places:
            by_place[place].append(pair)
    clusters: dict[str, Cluster] = {}
    for place, place_pairs in sorted(by_place.items()):
        for members, links in _components(place_pairs):
            key = cluster_key(members)
            cluster = clusters.get(key)
            groups = sorted({t for p in links for t in p.target_groups})
            similarity = min(p.score for p in links)
            if cluster is None:
                clusters[key] = Cluster(key, members, [place], groups, similarity)
            else:
                cluster.places.append(place)
    return sorted(clusters.values(), key=lambda c: (-len(c.offer_ids), -c.similarity, c.id))


def _components(pairs: list[Pair]) -> list[tuple[list[str], list[Pair]]]:
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        parent[root(pair.a)] = root(pair.b)
    members: dict[str, set[str]] = defaultdict(set)
    links: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        top = root(pair.a)
        members[top] |= {pair.a, pair.b}
        links[top].append(pair)
    return [(sorted(members[top]), links[top]) for top in members]


def duplicate_clusters(graph: Graph, threshold: float = DEFAULT_THRESHOLD,
                       neighbours: int = DEFAULT_NEIGHBOURS, sozialraum: str | None = None,
                       include_intended: bool = False) -> list[Cluster]:
    """The clusters a planner should look at, with their offers and what differs."""
    clusters = group_pairs(candidate_pairs(graph, threshold, neighbours, sozialraum))
    if sozialraum is not None:  # a pair of two offers there may also share another place
        clusters = [c for c in clusters if sozialraum in c.places]
    if not include_intended:
        intended = {r["id"] for r in graph.read(q.INTENDED_CLUSTERS)}
        clusters = [c for c in clusters if c.id not in intended]
    _describe(graph, clusters)
    return clusters


def _describe(graph: Graph, clusters: list[Cluster]) -> None:
    ids = sorted({offer_id for c in clusters for offer_id in c.offer_ids})
    offers = {r["offer"]["id"]: r["offer"] for r in graph.read(q.CLUSTER_OFFERS, ids=ids)}
    for cluster in clusters:
        cluster.offers = sorted((offers[i] for i in cluster.offer_ids if i in offers),
                                key=lambda o: german_key(o["title"]))
        for name in COMPARED_FIELDS:
            values = [_comparable(o.get(name)) for o in cluster.offers]
            if len(set(values)) > 1:
                cluster.differences[name] = [o.get(name) for o in cluster.offers]


def _comparable(value: Any) -> Any:
    return tuple(sorted(value)) if isinstance(value, list) else value


def mark_intended(graph: Graph, offer_ids: list[str], actor: Actor, note: str = "") -> str:
    """Record that a cluster is intended ("bewusst so"); it stops showing."""
    key = cluster_key(offer_ids)
    graph.write(q.MARK_CLUSTER_INTENDED, id=key, offers=sorted(offer_ids), note=note or None,
                actor_email=actor.email)
    return key
