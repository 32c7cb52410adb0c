"""Read functions of the map: institutions with a category and a position.

Many institutions have no coordinates, and some not even a Stadtteil, so each
one is placed by a fallback chain (`Places.locate`): its own coordinates
(exact), else the centroid of its Stadtteil, of a Stadtteil with its postal
code, of the Sozialraum most of its offers are in, else the city centre. Every
position but the first is flagged approximate with a German reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from graph.collation import german_key
from graph.directory import OfferFilters
from graph.driver import Graph
from graph.queries import map as q


@dataclass(frozen=True)
class Category:
    """A category of the Sozialnavigator: white text on `colour` has >= 4.5:1 contrast."""

    name: str
    colour: str
    letter: str


CATEGORIES = (
    Category("Träger sozialer Dienstleistungen", "#1d4e89", "T"),
    Category("Stadtteil- und Quartiersbüros", "#6f3a96", "Q"),
    Category("Anlauf- und Beratungsstellen", "#b3261e", "B"),
    Category("Jugendeinrichtungen", "#a34700", "J"),
    Category("Kindertageseinrichtungen", "#1f6f43", "K"),
    Category("Schulen", "#00697a", "S"),
    Category("stationäre Alten- und Pflegeeinrichtungen", "#6b4a2b", "P"),
    Category("Religionsgemeinschaften", "#4a5561", "R"),
    Category("Sportvereine", "#8e1b5c", "V"),
    Category("sonstige Einrichtungen", "#2b2b2b", "E"),
)
OTHER_CATEGORY = CATEGORIES[-1].name
CATEGORY_NAMES = {c.name for c in CATEGORIES}

# Used only when the graph holds no Stadtteil with coordinates (Oberhausen, Altmarkt).
DEFAULT_CITY_CENTRE = (51.4706, 6.8610)


def category_of(raw: str | None) -> str:
    """The Sozialnavigator category, `sonstige Einrichtungen` for anything else."""
    return raw if raw in CATEGORY_NAMES else OTHER_CATEGORY


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    approximate: bool
    reason: str | None = None


def _has_coordinates(record: dict[str, Any]) -> bool:
    return isinstance(record.get("lat"), int | float) and isinstance(record.get("lon"), int | float)


def _mean(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


class Places:
    """The centroids the fallback chain needs, built from the Stadtteil rows."""

    def __init__(self, stadtteile: list[dict[str, Any]]) -> None:
        located = [t for t in stadtteile if _has_coordinates(t)]
        self.stadtteile = {t["id"]: t for t in stadtteile}
        self.by_plz: dict[str, dict[str, Any]] = {}
        points_by_sozialraum: dict[str, list[tuple[float, float]]] = {}
        for t in located:  # rows come ordered by name: the first Stadtteil of a PLZ wins
            for plz in t["plz"]:
                self.by_plz.setdefault(plz, t)
            if t.get("sozialraum_id"):
                points_by_sozialraum.setdefault(t["sozialraum_id"], []).append((t["lat"], t["lon"]))
        self.sozialraum_centroids = {k: _mean(v) for k, v in points_by_sozialraum.items()}
        self.sozialraum_names = {t["sozialraum_id"]: t["sozialraum"] for t in stadtteile
                                 if t.get("sozialraum_id")}
        self.city_centre = (_mean([(t["lat"], t["lon"]) for t in located]) if located
                            else DEFAULT_CITY_CENTRE)

    def locate(self, institution: dict[str, Any], stadtteil_id: str | None,
               offer_sozialraeume: list[str]) -> Location:
        """Where to draw the institution, following the fallback chain."""
        if _has_coordinates(institution):
            return Location(float(institution["lat"]), float(institution["lon"]), False)
        own = self.stadtteile.get(stadtteil_id or "")
        if own and _has_coordinates(own):
            return Location(own["lat"], own["lon"], True, "Lage ungefähr (Stadtteilmitte)")
        by_plz = self.by_plz.get(institution.get("postal_code") or "")
        if by_plz:
            return Location(by_plz["lat"], by_plz["lon"], True,
                            f"Lage ungefähr (Mitte von {by_plz['name']}, "
                            f"PLZ {institution['postal_code']})")
        for sozialraum, _ in Counter(sorted(offer_sozialraeume)).most_common():
            if sozialraum in self.sozialraum_centroids:
                lat, lon = self.sozialraum_centroids[sozialraum]
                name = self.sozialraum_names.get(sozialraum, sozialraum)
                return Location(lat, lon, True, f"Lage ungefähr (Mitte des Sozialraums {name})")
        lat, lon = self.city_centre
        return Location(lat, lon, True, "Lage unbekannt (Stadtmitte)")


def _institution(row: dict[str, Any], places: Places) -> dict[str, Any]:
    data = row["institution"]
    location = places.locate(data, row["stadtteil_id"], row["offer_sozialraeume"])
    stadtteil = places.stadtteile.get(row["stadtteil_id"] or "") or {}
    return {
        "id": data["id"],
        "name": data["name"],
        "category": category_of(data.get("category")),
        "lat": round(location.lat, 6),
        "lon": round(location.lon, 6),
        "approximate": location.approximate,
        "approximate_reason": location.reason,
        "stadtteil": stadtteil.get("name"),
        "sozialraum": stadtteil.get("sozialraum"),
        "offers": sorted(row["offers"], key=lambda o: (german_key(o["title"]), o["id"])),
    }


def map_data(graph: Graph, filters: OfferFilters, free: bool = False) -> dict[str, Any]:
    """Institutions with a matching public offer (all when nothing is filtered), placed.

    Returns `institutions`, `stadtteile` (with coordinates, for labels) and `categories`.
    """
    params = {**filters.params(), "free": free}
    filtered = free or any(value is not None for value in filters.params().values())

    def work(tx: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        stadtteile = [r["stadtteil"] for r in tx.run(q.MAP_STADTTEILE)]
        rows = [r.data() for r in tx.run(q.MAP_INSTITUTIONS, **params, filtered=filtered)]
        return stadtteile, rows

    stadtteile, rows = graph.read_tx(work)
    places = Places(stadtteile)
    return {
        "institutions": [_institution(row, places) for row in rows],
        "stadtteile": [{"id": t["id"], "name": t["name"], "lat": t["lat"], "lon": t["lon"]}
                       for t in stadtteile if _has_coordinates(t)],
        "categories": [{"name": c.name, "colour": c.colour, "letter": c.letter}
                       for c in CATEGORIES],
    }
