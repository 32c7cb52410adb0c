"""Offers named as planners name them in the Bekanntheit form."""

from __future__ import annotations

from graph.offer_names import offer_label, resolve_offer

OFFERS = [
    {"id": "schuldnerberatung-diakonie",
     "title": "Schuldner- und Verbraucherinsolvenzberatung des Diakoniewerks",
     "provider": "Diakoniewerk Oberhausen"},
    {"id": "schuldnerberatung-awo", "title": "Schuldnerberatung", "provider": "AWO Oberhausen"},
    {"id": "familienbuero", "title": "Familienbüro Osterfeld", "provider": "Stadt Oberhausen"},
]


def test_by_label_title_id_or_telling_words():
    assert resolve_offer(offer_label(OFFERS[1]), OFFERS) == ("schuldnerberatung-awo", [])
    assert resolve_offer("Schuldnerberatung", OFFERS) == ("schuldnerberatung-awo", [])
    assert resolve_offer("familienbuero", OFFERS) == ("familienbuero", [])
    assert resolve_offer("Schuldnerberatung Diakonie", OFFERS) == (
        "schuldnerberatung-diakonie", [])
    assert resolve_offer("familienbüro osterfeld", OFFERS) == ("familienbuero", [])
    assert resolve_offer("Familienburo", OFFERS) == ("familienbuero", [])


def test_an_ambiguous_or_unknown_name_gives_the_candidates():
    assert resolve_offer("Oberhausen", OFFERS) == (None, [offer_label(o) for o in OFFERS])
    assert resolve_offer("Tanzkurs", OFFERS) == (None, [])
