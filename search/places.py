"""Place names for query understanding: names, aliases, adjective forms and PLZ."""

from __future__ import annotations

from dataclasses import dataclass

from search.lexicon import Place
from search.text import tokens

CITY_WORDS = frozenset({"oberhausen", "oberhausener", "stadt", "stadtweit"})


@dataclass(frozen=True)
class PlaceMatch:
    type: str
    id: str
    name: str
    sozialraeume: tuple[str, ...]


def place_variants(name_tokens: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The name and its adjective/genitive forms: Sterkrade -> Sterkrader, Osterfelds, …;
    a name of two words also with the first as an adjective: "Sterkrader Zentrum" for
    Sterkrade-Zentrum, "Osterfelder Mitte" for Osterfeld Mitte."""
    *head, last = name_tokens
    endings = ["", "er", "ern", "s"] + (["r", "rn"] if last.endswith("e") else [])
    variants = {(*head, last + ending) for ending in endings}
    if len(name_tokens) == 2 and name_tokens[0].isalpha():
        first = name_tokens[0]
        variants.add((first + ("r" if first.endswith("e") else "er"), last))
    return variants


def joined_name(name_tokens: tuple[str, ...]) -> str | None:
    """A name of several words as one ("Sterkrade-Mitte" is also written "Sterkrademitte"
    or "SterkradeMitte"); None for a name of one word or with a number."""
    if len(name_tokens) > 1 and all(t.isalpha() for t in name_tokens):
        return "".join(name_tokens)
    return None


def joined_names(places: tuple[Place, ...]) -> frozenset[str]:
    return frozenset(joined for place in places for name in place.names
                     if (joined := joined_name(tuple(tokens(name)))))


def place_index(places: tuple[Place, ...]) -> dict[tuple[str, ...], list[Place]]:
    index: dict[tuple[str, ...], list[Place]] = {}
    for place in places:
        for name in place.names:
            name_tokens = tuple(tokens(name))
            if not name_tokens or name_tokens in {(w,) for w in CITY_WORDS}:
                continue
            joined = joined_name(name_tokens)
            for variant in place_variants(name_tokens) | ({(joined,)} if joined else set()):
                bucket = index.setdefault(variant, [])
                if place not in bucket:
                    bucket.append(place)
    return index


def plz_index(places: tuple[Place, ...]) -> dict[str, tuple[str, ...]]:
    index: dict[str, set[str]] = {}
    for place in places:
        for plz in place.plz:
            index.setdefault(plz, set()).update(place.sozialraeume)
    return {plz: tuple(sorted(ids)) for plz, ids in index.items()}



_PLACE_RANK = {"bezirk": 0, "sozialraum": 1, "stadtteil": 2}


def broadest(places: list[Place]) -> list[PlaceMatch]:
    """Of places sharing a name, the broadest kind (Bezirk Osterfeld over the Sozialraum);
    all of them where several places of that kind share it (both Marienviertel halves)."""
    rank = min(_PLACE_RANK[p.type] for p in places)
    return [PlaceMatch(p.type, p.id, p.name, p.sozialraeume)
            for p in places if _PLACE_RANK[p.type] == rank]
