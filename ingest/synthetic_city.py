"""A deterministic synthetic large city for benchmarks, with planted cases and their truth.

`python -m ingest.synthetic_city --out DIR [--seed N] [--scale 1.0]` writes a dataset
in the format of `ingest/data/` (see its README) plus `truth.json`. At scale 1.0:
5 Bezirke, 20 Sozialräume, 200 Stadtteile, 5,000 institutions, 20,000 offers and
200 Gremien; the real departments and vocabulary are reused unchanged. Every choice
comes from one `random.Random(seed)`, so the same seed and scale give the same bytes.

Planted in the offers and listed in `truth.json`: clusters of near-duplicate offers
(same service, same target group, different providers, same Sozialraum), decoy pairs
(the same kind of near-duplicate pair, but in two different Sozialräume), institutions
entered twice with name and address variants, and Sozialraum × target group gaps.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, NoReturn

from ingest import synthetic_texts as tx
from ingest.dataset import DEFAULT_DATA_DIR, INSTITUTION_CATEGORIES

DEFAULT_SEED = 20250
GENERATOR_VERSION = 1
AS_OF = "2025-06-30"
TRUTH_FILE = "truth.json"
MIN_SCALE, MAX_SCALE = 0.01, 3.0
CITYWIDE_SHARE = 0.05
SECOND_SOZIALRAUM_SHARE = 0.1
TRIPLE_SHARE = 0.3  # of the duplicate clusters; the others are pairs


class SyntheticCityError(Exception):
    """The city cannot be generated with these settings."""


@dataclass(frozen=True)
class Counts:
    """How many records of each kind a scale yields."""

    bezirke: int
    sozialraeume: int
    stadtteile: int
    institutions: int
    offers: int
    gremien: int
    duplicate_clusters: int
    decoy_pairs: int
    duplicate_institutions: int
    gaps: int


def counts_for(scale: float) -> Counts:
    """Every count at `scale` (1.0 = the full city): rounded, with small floors."""
    if not MIN_SCALE <= scale <= MAX_SCALE:
        raise SyntheticCityError(f"scale must be between {MIN_SCALE} and {MAX_SCALE}, got {scale}")

    def n(full: int, floor: int = 1) -> int:
        return max(floor, math.floor(full * scale + 0.5))  # half up, not to even

    sozialraeume = n(20, 2)
    return Counts(bezirke=min(n(5), sozialraeume), sozialraeume=sozialraeume,
                  stadtteile=n(200, sozialraeume), institutions=n(5000, 40), offers=n(20000, 200),
                  gremien=n(200, sozialraeume), duplicate_clusters=n(300), decoy_pairs=n(100),
                  duplicate_institutions=n(50), gaps=n(12))


class _City:
    """One generation run: the random source, the reused vocabularies and what is built."""

    def __init__(self, seed: int, counts: Counts) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
        self.seed, self.counts = seed, counts
        self.source = f"Synthetischer Benchmark-Datensatz (generiert, seed {seed})"
        self.vocabulary = json.loads((DEFAULT_DATA_DIR / "vocabulary.json").read_text("utf-8"))
        self.departments = json.loads((DEFAULT_DATA_DIR / "departments.json").read_text("utf-8"))
        self.groups = {g["id"]: g for g in self.vocabulary["target_groups"]}
        self.topics = {t["id"]: t for t in self.vocabulary["topics"]}
        self.bezirke: list[dict[str, Any]] = []
        self.sozialraeume: list[dict[str, Any]] = []
        self.stadtteile: list[dict[str, Any]] = []
        self.institutions: list[dict[str, Any]] = []
        self.offers: list[dict[str, Any]] = []
        self.gremien: list[dict[str, Any]] = []
        self.gaps: list[tuple[str, str]] = []
        self.stadtteil_by_id: dict[str, dict[str, Any]] = {}
        self.sozialraum_of: dict[str, str] = {}  # Stadtteil id -> Sozialraum id
        self.local: dict[str, list[dict[str, Any]]] = {}  # Sozialraum id -> plain institutions

    def record(self, **fields: Any) -> dict[str, Any]:
        return {**fields, "source": self.source, "as_of": AS_OF, "inferred": []}

    def build_places(self) -> None:
        c, rng = self.counts, self.rng
        for i in range(c.bezirke):
            name = f"{tx.CITY}-{tx.BEZIRK_NAMES[i]}"
            self.bezirke.append({"id": tx.slug(tx.BEZIRK_NAMES[i]), "name": name,
                                 "aliases": [tx.BEZIRK_NAMES[i], f"Bezirk {tx.BEZIRK_NAMES[i]}"],
                                 "source": self.source, "as_of": AS_OF})
        names = rng.sample([p + s for p in tx.PLACE_PREFIXES for s in tx.PLACE_SUFFIXES],
                           c.stadtteile)
        members: list[list[str]] = [[] for _ in range(c.sozialraeume)]
        for j, name in enumerate(names):
            members[j * c.sozialraeume // c.stadtteile].append(name)
        columns = math.ceil(math.sqrt(c.sozialraeume))
        for i, parts in enumerate(members):
            bezirk = self.bezirke[i * c.bezirke // c.sozialraeume]
            name = "/".join(parts[:2])
            sozialraum = self.record(
                id=tx.slug(name), name=name,
                aliases=[f"Sozialraum {i + 1}", " und ".join(parts[:2])], bezirk=bezirk["id"],
                description=f"Synthetischer Sozialraum im Bezirk {bezirk['name']} mit den "
                            f"Stadtteilen {', '.join(parts)}.",
                sozialindex={"class": rng.choice(tx.SOZIALINDEX_CLASSES),
                             "note": "Synthetischer Wert für Benchmarks.", "source": self.source})
            self.sozialraeume.append(sozialraum)
            centre = (51.40 + 0.03 * (i // columns), 6.75 + 0.045 * (i % columns))
            for k, part in enumerate(parts):
                self.stadtteile.append(self.record(
                    id=tx.slug(part), name=part, aliases=[f"{tx.CITY}-{part}"],
                    sozialraum=sozialraum["id"], bezirk=bezirk["id"],
                    plz=[str(46000 + 10 * i + k % 10)],
                    lat=round(centre[0] + rng.uniform(-0.012, 0.012), 4),
                    lon=round(centre[1] + rng.uniform(-0.018, 0.018), 4), coord_approximate=True))
        self.stadtteil_by_id = {t["id"]: t for t in self.stadtteile}
        self.sozialraum_of = {t["id"]: t["sozialraum"] for t in self.stadtteile}

    def build_institutions(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """All institutions, numbered in shuffled order; returns the planted duplicate pairs."""
        rng, used = self.rng, set[str]()
        records = [self._institution(used) for _ in range(self.counts.institutions
                                                          - self.counts.duplicate_institutions)]
        pairs = []
        for original in rng.sample(records, self.counts.duplicate_institutions):
            copy = {**original, "name": tx.institution_name_variant(original["name"]),
                    "street": tx.street_variant(original["street"]),
                    "phone": original["phone"].replace(" ", "/")}
            pairs.append((original, copy))
            records.append(copy)
        rng.shuffle(records)
        self.institutions = [{"id": f"inst-{k:05d}", **r} for k, r in enumerate(records, 1)]
        numbered = {id(r): i for r, i in zip(records, self.institutions, strict=True)}
        doubled = {id(r) for pair in pairs for r in pair}
        self.local = {s["id"]: [] for s in self.sozialraeume}
        for record, institution in zip(records, self.institutions, strict=True):
            if id(record) not in doubled:
                self.local[self.sozialraum_of[institution["stadtteil"]]].append(institution)
        return [(numbered[id(a)], numbered[id(b)]) for a, b in pairs]

    def _institution(self, used: set[str]) -> dict[str, Any]:
        rng = self.rng
        stadtteil = rng.choice(self.stadtteile)
        category = rng.choice(INSTITUTION_CATEGORIES)
        kind = rng.choice(tx.INSTITUTION_KINDS[category])
        template, provider = rng.choice(tx.PROVIDERS)
        suffix = rng.choice(("straße", "straße", "straße", "weg", "allee"))
        street = f"{rng.choice(tx.STREET_STEMS)}{suffix} {rng.randint(1, 180)}"
        name = template.format(kind=kind, place=stadtteil["name"])
        while name in used:
            name = f"{name} ({street})" if street not in name else f"{name} II"
        used.add(name)
        domain = f"{tx.slug(name)[:40]}.example"
        return self.record(
            name=name, category=category, provider=provider, street=street,
            postal_code=stadtteil["plz"][0], city=tx.CITY, stadtteil=stadtteil["id"],
            lat=round(stadtteil["lat"] + rng.uniform(-0.004, 0.004), 5),
            lon=round(stadtteil["lon"] + rng.uniform(-0.006, 0.006), 5),
            phone=f"0208 {rng.randint(100000, 999999)}", email=f"info@{domain}",
            website=f"https://www.{domain}",
            description=f"{kind} in {stadtteil['name']}, Träger: {provider}.")

    def choose_gaps(self) -> None:
        """Sozialraum × target group pairs that will get no offer (leaf groups only)."""
        broader = {g["broader"] for g in self.groups.values() if g.get("broader")}
        leaves = [g for g in self.groups if g not in broader and g != "alle"]
        pairs = [(s["id"], g) for s in self.sozialraeume for g in leaves]
        self.gaps = sorted(self.rng.sample(pairs, self.counts.gaps))

    def allowed_groups(self, sozialraeume: list[str]) -> list[str]:
        """Target groups an offer in these Sozialräume may have (all of them for citywide)."""
        if sozialraeume:
            banned = {g for s, g in self.gaps if s in sozialraeume}
        else:
            banned = {g for _, g in self.gaps}
        return [g for g in self.groups if g not in banned]

    def service(self, groups: list[str]) -> tx.Service:
        """A random service for one of `groups`, its type and topic chosen to fit."""
        rng = self.rng
        kind = rng.choice(tx.OFFER_TYPES)
        fitting = [g for g in kind.groups if g in groups] or groups
        topic = rng.choice(kind.topics or tuple(self.topics))
        return tx.service(rng, kind, self.topics[topic], self.groups[rng.choice(fitting)])

    def offer(self, svc: tx.Service, institution: dict[str, Any], sozialraeume: list[str],
              *, extras: bool) -> dict[str, Any]:
        """One offer of `svc` by `institution`; `extras` adds random further groups/topics."""
        rng = self.rng
        stadtteil = self.stadtteil_by_id[institution["stadtteil"]]
        title, description, hours = tx.render(svc, rng.choice(tx.PLACES), stadtteil["name"])
        groups, topics = [svc.group["id"]], [svc.topic["id"]]
        if extras:
            allowed = [g for g in self.allowed_groups(sozialraeume) if g not in groups]
            groups += rng.sample(allowed, rng.choice((0, 0, 1, 2)))
            topics += rng.sample([t for t in self.topics if t not in topics], rng.choice((0, 1, 1)))
        walk_in, anonymous, barrier_free = svc.access[1:]
        return self.record(
            title=title, description=description,
            keywords=[svc.noun, svc.topic["name"], svc.group["name"], stadtteil["name"]],
            institution=institution["id"], target_groups=groups, topics=topics,
            department=tx.TOPIC_DEPARTMENTS.get(svc.topic["id"], "bereich-3-2"),
            citywide=not sozialraeume, sozialraeume=sozialraeume, stadtteil=stadtteil["id"],
            street=institution["street"], postal_code=institution["postal_code"],
            phone=institution["phone"], email=institution["email"],
            url=institution["website"], hours=hours, cost=svc.cost[1], free=svc.cost[2],
            anonymous=anonymous, walk_in=walk_in, barrier_free=barrier_free,
            languages=list(svc.languages),
            status=rng.choices(("aktiv", "geplant", "beendet"), (94, 3, 3))[0] if extras
            else "aktiv",
            valid_from=None, valid_until=None, last_verified=None)


    def build_offers(self) -> tuple[list[list[str]], list[list[str]]]:
        """Planted offers, then random ones up to the count, numbered in shuffled order.

        Returns the offer ids of the duplicate clusters and of the decoy pairs.
        """
        clusters = [self._cluster() for _ in range(self.counts.duplicate_clusters)]
        decoys = [self._decoy() for _ in range(self.counts.decoy_pairs)]
        planted = [o for group in (*clusters, *decoys) for o in group]
        if len(planted) > self.counts.offers:
            raise SyntheticCityError(f"{len(planted)} planted offers do not fit into "
                                     f"{self.counts.offers} offers")
        records = planted + [self._random_offer() for _ in range(self.counts.offers
                                                                 - len(planted))]
        self.rng.shuffle(records)
        self.offers = [{"id": f"offer-{k:05d}", **r} for k, r in enumerate(records, 1)]
        ids = {id(r): o["id"] for r, o in zip(records, self.offers, strict=True)}
        return ([[ids[id(o)] for o in group] for group in clusters],
                [[ids[id(o)] for o in group] for group in decoys])

    def _providers(self, sozialraum: str, count: int, avoid: tuple[str, ...] = ()) -> list[Any]:
        """`count` institutions of the Sozialraum, each of another provider than the rest."""
        chosen: list[dict[str, Any]] = []
        taken = set(avoid)
        for institution in self.rng.sample(self.local[sozialraum], len(self.local[sozialraum])):
            if institution["provider"] not in taken:
                chosen.append(institution)
                taken.add(institution["provider"])
                if len(chosen) == count:
                    return chosen
        raise SyntheticCityError(f"Sozialraum {sozialraum} has too few providers for a planted "
                                 "case: use a larger scale")

    def _cluster(self) -> list[dict[str, Any]]:
        """Near-duplicates: one service by 2-3 providers of one Sozialraum."""
        rng = self.rng
        sozialraum = rng.choice(self.sozialraeume)["id"]
        providers = self._providers(sozialraum, 3 if rng.random() < TRIPLE_SHARE else 2)
        base = self.service(self.allowed_groups([sozialraum]))
        return [self.offer(base if k == 0 else tx.vary(rng, base), institution, [sozialraum],
                           extras=False) for k, institution in enumerate(providers)]

    def _decoy(self) -> list[dict[str, Any]]:
        """The same kind of near-duplicate pair, but in two different Sozialräume."""
        rng = self.rng
        first, second = (s["id"] for s in rng.sample(self.sozialraeume, 2))
        base = self.service(self.allowed_groups([first, second]))
        [one] = self._providers(first, 1)
        [other] = self._providers(second, 1, avoid=(one["provider"],))
        return [self.offer(base, one, [first], extras=False),
                self.offer(tx.vary(rng, base), other, [second], extras=False)]

    def _random_offer(self) -> dict[str, Any]:
        rng = self.rng
        institution = rng.choice(self.institutions)
        sozialraeume: list[str] = []
        if rng.random() >= CITYWIDE_SHARE:
            home = self.sozialraum_of[institution["stadtteil"]]
            sozialraeume.append(home)
            if rng.random() < SECOND_SOZIALRAUM_SHARE:
                index = next(i for i, s in enumerate(self.sozialraeume) if s["id"] == home)
                sozialraeume.append(self.sozialraeume[(index + 1) % len(self.sozialraeume)]["id"])
        return self.offer(self.service(self.allowed_groups(sozialraeume)), institution,
                          sozialraeume, extras=True)

    def build_gremien(self) -> None:
        """One Sozialraumgremium per Sozialraum, then networks for a Sozialraum, a Bezirk or
        the whole city."""
        rng, used = self.rng, set[str]()
        for k in range(self.counts.gremien):
            topic = rng.choice(self.vocabulary["topics"])["name"]
            if k < len(self.sozialraeume):
                kind, covered = "Sozialraumgremium", [self.sozialraeume[k]]
                name = f"Sozialraumgremium {covered[0]['name']}"
            else:
                kind = rng.choice(("Netzwerk", "Arbeitskreis", "Konferenz"))
                covered, scope = self._gremium_scope()
                name = f"{tx.GREMIUM_PREFIXES[kind]} {topic} {scope}"
            while name in used:
                name += " II"
            used.add(name)
            self.gremien.append(self._gremium(k + 1, kind, name, [s["id"] for s in covered], topic))

    def _gremium_scope(self) -> tuple[list[dict[str, Any]], str]:
        """The Sozialräume a network covers and how its name says so."""
        rng, draw = self.rng, self.rng.random()
        if draw < 0.5:
            sozialraum = rng.choice(self.sozialraeume)
            return [sozialraum], sozialraum["name"]
        if draw < 0.8:
            bezirk = rng.choice(self.bezirke)
            return [s for s in self.sozialraeume if s["bezirk"] == bezirk["id"]], bezirk["name"]
        return [], tx.CITY

    def _gremium(self, number: int, kind: str, name: str, covered: list[str],
                 topic: str) -> dict[str, Any]:
        rng = self.rng
        pool = [i for i in self.institutions
                if not covered or self.sozialraum_of[i["stadtteil"]] in covered]
        chosen = rng.sample(pool, min(len(pool), rng.randint(4, 12)))
        members = [{"institution": i["id"], "role": "Koordination" if n == 0
                    else rng.choice(tx.MEMBER_ROLES),
                    "since": rng.choice((None, *(str(y) for y in range(2010, 2025))))}
                   for n, i in enumerate(chosen)]
        next_meeting = rng.choice((None, f"2025-{rng.randint(7, 12):02d}-{rng.randint(1, 28):02d}"))
        return self.record(
            id=f"gremium-{number:04d}", name=name, kind=kind,
            description=rng.choice(tx.GREMIUM_DESCRIPTIONS).format(kind=kind, topic=topic),
            sozialraeume=covered, meeting_rhythm=rng.choice(tx.MEETING_RHYTHMS),
            next_meeting=next_meeting, contact=rng.choice((None, chosen[0]["email"])),
            example=True, members=members)


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, Any]:
    """The dataset files and `truth.json`, as JSON-ready objects by file name."""
    counts = counts_for(scale)
    city = _City(seed, counts)
    city.build_places()
    institution_pairs = city.build_institutions()
    city.choose_gaps()
    clusters, decoys = city.build_offers()
    city.build_gremien()
    offers = {o["id"]: o for o in city.offers}
    truth = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "scale": scale,
        "counts": asdict(counts),
        "definitions": TRUTH_DEFINITIONS,
        "duplicate_offer_clusters": sorted(
            ({"offers": sorted(ids), "sozialraum": offers[ids[0]]["sozialraeume"][0],
              "target_group": offers[ids[0]]["target_groups"][0]} for ids in clusters),
            key=lambda c: c["offers"]),
        "decoy_offer_pairs": sorted(
            ({"offers": sorted(ids),
              "sozialraeume": [offers[i]["sozialraeume"][0] for i in sorted(ids)]}
             for ids in decoys), key=lambda c: c["offers"]),
        "duplicate_institutions": sorted(sorted((a["id"], b["id"])) for a, b in institution_pairs),
        "gaps": [{"sozialraum": s, "target_group": g} for s, g in city.gaps],
    }
    return {
        "places.json": {"bezirke": city.bezirke, "sozialraeume": city.sozialraeume,
                        "stadtteile": city.stadtteile},
        "departments.json": city.departments, "vocabulary.json": city.vocabulary,
        "institutions.json": city.institutions, "offers.json": city.offers,
        "gremien.json": city.gremien, TRUTH_FILE: truth,
    }


TRUTH_DEFINITIONS = {
    "duplicate_offer_clusters": "the same service (same template, same target group, same "
                                "topic) by different providers in the same Sozialraum",
    "decoy_offer_pairs": "the same kind of near-identical pair, but each offer in another "
                         "Sozialraum: not a duplicate structure",
    "duplicate_institutions": "one institution entered twice with name, street and phone "
                              "variants",
    "gaps": "no offer listing the Sozialraum, and no citywide offer, is for the target group",
}


def write_city(out: Path, seed: int = DEFAULT_SEED, scale: float = 1.0) -> dict[str, Any]:
    """Generate the city into `out` (created if needed); returns the truth."""
    files = generate(seed, scale)
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = json.dumps(content, ensure_ascii=False, indent=2) + "\n"
        (out / name).write_text(text, encoding="utf-8")
    return files[TRUTH_FILE]


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line and exit code 1, like every other error of the CLI."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {message}", file=sys.stderr)
        sys.exit(1)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m ingest.synthetic_city",
                     description="Write a synthetic benchmark city (dataset + truth.json).")
    parser.add_argument("--out", required=True, type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument("--scale", type=float, default=1.0,
                        help=f"shrink or grow all counts ({MIN_SCALE} to {MAX_SCALE})")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    try:
        truth = write_city(args.out, args.seed, args.scale)
    except SyntheticCityError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    c = truth["counts"]
    print(f"Synthetic city (seed {args.seed}, scale {args.scale}) written to {args.out} in "
          f"{time.perf_counter() - began:.1f} s: {c['sozialraeume']} Sozialräume, "
          f"{c['stadtteile']} Stadtteile, {c['institutions']} institutions, {c['offers']} offers, "
          f"{c['gremien']} Gremien")
    return 0


if __name__ == "__main__":
    sys.exit(main())
