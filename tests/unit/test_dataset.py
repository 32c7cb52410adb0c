"""The shipped dataset is sound, and validation catches each kind of broken record."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from ingest.dataset import DEFAULT_DATA_DIR, DatasetError, load_dataset, validate

SOZIALRAUM_IDS = {
    "mitte-styrum", "alstaden-lirich", "oberhausen-ost",
    "osterfeld", "sterkrade-mitte", "sterkrade-nord",
}
RESEARCH_OFFERS = Path(__file__).resolve().parents[3] / "shared" / "research" / "offers.json"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_shipped_dataset_is_valid(dataset):
    assert validate(dataset) == []


def test_places_hierarchy(dataset):
    assert {b["id"] for b in dataset.bezirke} == {"alt-oberhausen", "osterfeld", "sterkrade"}
    assert {s["id"] for s in dataset.sozialraeume} == SOZIALRAUM_IDS
    covered = {t["sozialraum"] for t in dataset.stadtteile}
    assert covered == SOZIALRAUM_IDS
    for stadtteil in dataset.stadtteile:
        assert stadtteil["plz"], stadtteil["id"]
        assert isinstance(stadtteil["lat"], float) and isinstance(stadtteil["lon"], float)


def test_offers_cover_the_brief(dataset):
    assert len(dataset.offers) >= 110
    titles = " | ".join(o["title"] for o in dataset.offers).lower()
    for name in ("sozialpsychiatrischer dienst", "mojo", "euli", "manniz", "stöpsel",
                 "lesestadt", "bildung und teilhabe", "dorbeck"):
        assert name in titles, name
    for offer in dataset.offers:
        assert offer["target_groups"] and offer["topics"], offer["id"]
        assert offer["citywide"] or offer["sozialraeume"], offer["id"]


@pytest.mark.skipif(not RESEARCH_OFFERS.exists(), reason="shared/research not beside the repo")
def test_every_researched_offer_is_in_the_seed(dataset):
    researched = json.loads(RESEARCH_OFFERS.read_text(encoding="utf-8"))["offers"]
    assert len(researched) == 87
    seeded_sources = " ".join(o["source"] for o in dataset.offers)
    missing = [
        r["name"] for r in researched
        if not any(url in seeded_sources for url in r["sources"])
    ]
    assert missing == []


def test_every_record_has_source_and_as_of(dataset):
    for name in ("bezirke", "sozialraeume", "stadtteile", "departments", "target_groups",
                 "topics", "institutions", "offers", "gremien"):
        for record in getattr(dataset, name):
            assert record.get("source") and record.get("as_of"), (name, record["id"])


def test_each_sozialraum_has_a_gremium_and_examples_are_marked(dataset):
    covered = set()
    for gremium in dataset.gremien:
        if gremium["kind"] == "Sozialraumgremium":
            covered.update(gremium["sozialraeume"])
            assert gremium["members"], gremium["id"]
            if gremium["name"] != "Sozialraumgremium Osterfeld":
                assert gremium["example"] is True
                assert "Beispiel" in gremium["source"]
    assert covered == SOZIALRAUM_IDS


def _broken(dataset, mutate):
    data = copy.deepcopy(dataset)
    mutate(data)
    return [str(p) for p in validate(data)]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d.offers[0].update(institution="gibt-es-nicht"), "institution 'gibt-es-nicht'"),
        (lambda d: d.offers[0].update(target_groups=[]), "target_groups needs at least 1 entry"),
        (lambda d: d.offers[0].update(citywide=False, sozialraeume=[]), "a local offer needs"),
        (lambda d: d.offers[1].update(id=d.offers[0]["id"]), "id is used twice"),
        (lambda d: d.offers[0].pop("source"), "source must be a non-empty text"),
        (lambda d: d.stadtteile[0].update(sozialraum="atlantis"), "sozialraum 'atlantis'"),
        (lambda d: d.institutions[0].update(category="Raumstation"), "category 'Raumstation'"),
        (lambda d: d.gremien[0]["members"].append({"institution": "niemand"}), "member"),
    ],
)
def test_validation_names_the_problem(dataset, mutate, expected):
    problems = _broken(dataset, mutate)
    assert any(expected in p for p in problems), problems


def test_unreadable_file_is_reported_not_raised_as_traceback(tmp_path):
    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    (tmp_path / "data" / "offers.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DatasetError) as excinfo:
        load_dataset(tmp_path / "data")
    assert "offers.json" in str(excinfo.value)
    assert "not valid UTF-8 JSON" in str(excinfo.value)
