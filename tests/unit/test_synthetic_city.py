"""The synthetic benchmark city: determinism, counts, validity and the planted truth."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from ingest.dataset import Dataset, load_dataset
from ingest.synthetic_city import (
    DEFAULT_SEED,
    TRUTH_FILE,
    Counts,
    SyntheticCityError,
    counts_for,
    main,
    write_city,
)

FILES = ("places.json", "departments.json", "vocabulary.json", "institutions.json",
         "offers.json", "gremien.json", TRUTH_FILE)


@pytest.fixture(scope="module")
def full_city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, dict[str, Any]]:
    """The city at scale 1.0, written and loaded (validated) once for the module."""
    folder = tmp_path_factory.mktemp("city")
    truth = write_city(folder, DEFAULT_SEED, 1.0)
    return load_dataset(folder), truth


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _similarity(a: dict[str, Any], b: dict[str, Any]) -> float:
    one, two = _words(a["description"]), _words(b["description"])
    return len(one & two) / len(one | two)


def test_same_seed_gives_the_same_bytes_and_another_seed_other_bytes(tmp_path: Path) -> None:
    write_city(tmp_path / "a", 7, 0.1)
    write_city(tmp_path / "b", 7, 0.1)
    write_city(tmp_path / "c", 8, 0.1)
    assert _bytes(tmp_path / "a") == _bytes(tmp_path / "b")
    other = _bytes(tmp_path / "c")
    for name in ("places.json", "institutions.json", "offers.json", "gremien.json"):
        assert other[name] != _bytes(tmp_path / "a")[name]


def test_counts_follow_the_scale_formula() -> None:
    assert counts_for(1.0) == Counts(bezirke=5, sozialraeume=20, stadtteile=200,
                                     institutions=5000, offers=20000, gremien=200,
                                     duplicate_clusters=300, decoy_pairs=100,
                                     duplicate_institutions=50, gaps=12)
    assert counts_for(0.1) == Counts(bezirke=1, sozialraeume=2, stadtteile=20, institutions=500,
                                     offers=2000, gremien=20, duplicate_clusters=30,
                                     decoy_pairs=10, duplicate_institutions=5, gaps=1)
    with pytest.raises(SyntheticCityError):
        counts_for(0.001)


def test_full_scale_city_has_exactly_the_required_counts_and_is_valid(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, truth = full_city  # load_dataset raised if there were any problem
    got = {name: len(getattr(dataset, name)) for name in
           ("bezirke", "sozialraeume", "stadtteile", "institutions", "offers", "gremien")}
    assert got == {"bezirke": 5, "sozialraeume": 20, "stadtteile": 200, "institutions": 5000,
                   "offers": 20000, "gremien": 200}
    assert (len(truth["duplicate_offer_clusters"]), len(truth["decoy_offer_pairs"]),
            len(truth["duplicate_institutions"]), len(truth["gaps"])) == (300, 100, 50, 12)
    real = load_dataset()
    assert dataset.target_groups == real.target_groups
    assert dataset.topics == real.topics
    assert dataset.departments == real.departments


def test_every_generated_record_has_provenance_and_offers_their_essentials(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, _ = full_city
    source = f"Synthetischer Benchmark-Datensatz (generiert, seed {DEFAULT_SEED})"
    for name in ("bezirke", "sozialraeume", "stadtteile", "institutions", "offers", "gremien"):
        assert {r["source"] for r in getattr(dataset, name)} == {source}
        assert all(r["as_of"] for r in getattr(dataset, name))
    offers = dataset.offers
    assert all(o["target_groups"] and o["topics"] and o["department"] for o in offers)
    assert all(o["citywide"] != bool(o["sozialraeume"]) for o in offers)
    assert 0.02 < sum(o["citywide"] for o in offers) / len(offers) < 0.1
    assert len({o["description"] for o in offers}) == len(offers)


def test_duplicate_clusters_share_a_sozialraum_and_have_different_providers(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, truth = full_city
    offers = {o["id"]: o for o in dataset.offers}
    institutions = {i["id"]: i for i in dataset.institutions}
    for cluster in truth["duplicate_offer_clusters"]:
        members = [offers[oid] for oid in cluster["offers"]]
        assert 2 <= len(members) <= 3
        assert all(m["sozialraeume"] == [cluster["sozialraum"]] for m in members)
        assert all(m["target_groups"] == [cluster["target_group"]] for m in members)
        providers = {institutions[m["institution"]]["provider"] for m in members}
        assert len(providers) == len(members)
        assert all(_similarity(members[0], m) > 0.6 for m in members[1:])


def test_decoys_are_near_identical_but_never_share_a_sozialraum(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, truth = full_city
    offers = {o["id"]: o for o in dataset.offers}
    for decoy in truth["decoy_offer_pairs"]:
        one, other = (offers[oid] for oid in decoy["offers"])
        assert not set(one["sozialraeume"]) & set(other["sozialraeume"])
        assert not one["citywide"] and not other["citywide"]
        assert one["institution"] != other["institution"]
        assert _similarity(one, other) > 0.6


def test_duplicate_institutions_are_variants_of_one_record(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, truth = full_city
    institutions = {i["id"]: i for i in dataset.institutions}
    for first, second in truth["duplicate_institutions"]:
        a, b = institutions[first], institutions[second]
        assert a["name"] != b["name"]
        assert (a["stadtteil"], a["provider"], a["email"]) == (b["stadtteil"], b["provider"],
                                                               b["email"])
        assert a["street"].replace("str.", "straße") == b["street"].replace("str.", "straße")


def test_gaps_have_no_offer_and_truth_ids_exist_once(
        full_city: tuple[Dataset, dict[str, Any]]) -> None:
    dataset, truth = full_city
    for gap in truth["gaps"]:
        assert not [o for o in dataset.offers if gap["target_group"] in o["target_groups"]
                    and (o["citywide"] or gap["sozialraum"] in o["sozialraeume"])]
    planted = [oid for group in truth["duplicate_offer_clusters"] + truth["decoy_offer_pairs"]
               for oid in group["offers"]]
    assert len(planted) == len(set(planted))
    assert set(planted) <= {o["id"] for o in dataset.offers}
    doubled = [iid for pair in truth["duplicate_institutions"] for iid in pair]
    assert len(doubled) == len(set(doubled))
    assert set(doubled) <= {i["id"] for i in dataset.institutions}
    assert truth["seed"] == DEFAULT_SEED
    assert truth["scale"] == 1.0


def test_cli_writes_a_small_city(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--out", str(tmp_path), "--seed", "3", "--scale", "0.02"]) == 0
    assert "400 offers" in capsys.readouterr().out
    assert json.loads((tmp_path / TRUTH_FILE).read_text())["seed"] == 3
    assert len(load_dataset(tmp_path).offers) == 400


def _exit_code(argv: list[str]) -> int:
    """main's exit code, whether returned or raised by the argument parser."""
    try:
        return main(argv)
    except SystemExit as exc:
        return int(exc.code or 0)


@pytest.mark.parametrize("args", [["--scale", "0"], ["--scale", "nan"], ["--seed", "x"]])
def test_cli_errors_are_one_line_and_exit_1(tmp_path: Path, args: list[str],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_code(["--out", str(tmp_path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_cli_reports_an_unwritable_folder(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--out", str(blocker / "city"), "--scale", "0.02"]) == 1
    assert capsys.readouterr().err.startswith(f"error: cannot write {blocker / 'city'}")
