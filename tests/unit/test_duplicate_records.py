"""Name and street normalisation of the duplicate-record finder (pure functions)."""

from __future__ import annotations

import pytest

from graph.duplicate_records import _pairs, compact_name, normal_street


@pytest.mark.parametrize(("a", "b"), [
    ("Caritas-Beratungsstelle Sterkrade", "Caritasberatungsstelle Sterkrade"),
    ("Fam.-Zentrum Eschenberg", "Familienzentrum Eschenberg"),
    ("Kath Turnverein Hammerwinkel", "Kath. Turnverein Hammerwinkel"),
    ("Ev. Sportverein Holzsiepen", "Evang. Sportverein Holzsiepen"),
    ("Bürgerhaus Hammerhausen eV", "Bürgerhaus Hammerhausen e.V."),
    ("Stadtteilbibliothek Kranichdorf", "Stadtteilbibliothek Kranichdorf (Ruhrstadt)"),
    ("Straßenfußball Osterfeld", "Strassenfussball Osterfeld"),
])
def test_spelling_variants_of_a_name_coincide(a, b):
    assert compact_name(a) == compact_name(b)


def test_different_names_stay_different():
    assert compact_name("Eventhaus Lirich") != compact_name("Haus Lirich")
    assert compact_name("Familienzentrum Lirich") != compact_name("Familienzentrum Alstaden")


@pytest.mark.parametrize(("a", "b"), [("Steinbrinkstr. 12", "Steinbrinkstraße 12"),
                                      ("Marktpl. 1", "Marktplatz 1")])
def test_street_abbreviations_coincide(a, b):
    assert normal_street(a) == normal_street(b)


def row(id_, name, street, postal_code="46145", offers=0):
    return {"id": id_, "name": name, "street": street, "postal_code": postal_code,
            "stadtteil": None, "offers": offers}


def test_pairs_need_the_same_block_and_agreeing_streets():
    rows = [row("a", "Caritas-Beratungsstelle Sterkrade", "Steinbrinkstr. 12", offers=2),
            row("b", "Caritasberatungsstelle Sterkrade", "Steinbrinkstraße 12"),
            row("c", "Caritasberatungsstelle Sterkrade", "Bahnhofstraße 3"),
            row("d", "Caritasberatungsstelle Sterkrade", "Steinbrinkstraße 12", "46047")]
    pairs = _pairs("institution", rows, lambda r: r["postal_code"])
    assert [(p.keep["id"], p.duplicate["id"]) for p in pairs] == [("a", "b")]
