"""How to reach an offer, on every card and detail page: the offer's own phone, e-mail and
website, else its provider's marked "über den Träger", else a plain "nothing recorded"
with a link to the institution; and German names for what the seed marks as inferred."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from webapp.manage_common import FIELD_LABELS

pytestmark = pytest.mark.integration

DATA = Path(__file__).resolve().parents[2] / "ingest" / "data"
VIA = "über den Träger"
NONE_KNOWN = "Keine Kontaktdaten eingetragen"

WITHOUT_OWN_CONTACT = """
MATCH (o:Offer)-[:OFFERED_BY]->(i:Institution)
WHERE o.phone IS NULL AND o.email IS NULL AND o.url IS NULL AND i.phone IS NOT NULL
  AND o.status <> 'beendet' AND coalesce(o.deleted, false) = false
RETURN o.id AS id, o.title AS title, i.phone AS phone ORDER BY o.id LIMIT 1
"""


def _cards(html):
    return re.findall(r'<article class="card[^"]*">.*?</article>', html, re.S)


def _reachable(card):
    return any(s in card for s in ('href="tel:', 'href="mailto:', 'rel="noopener')) or (
        NONE_KNOWN in card and "/einrichtungen/" in card)


def test_offer_page_falls_back_to_the_providers_contact(client, reader_graph):
    row = reader_graph.read(WITHOUT_OWN_CONTACT)[0]
    html = client.get(f"/angebote/{row['id']}").get_data(as_text=True)
    contact = html.split("<h2>Kontakt</h2>", 1)[1].split("</dl>", 1)[0]
    assert row["phone"] in contact
    assert VIA in contact


def test_every_search_card_says_how_to_reach_the_offer(client):
    html = client.get("/suche?q=Beratung+für+Familien+in+Osterfeld").get_data(as_text=True)
    cards = _cards(html)
    assert cards
    for card in cards:
        assert _reachable(card), card


def test_every_list_card_says_how_to_reach_the_offer(client, reader_graph):
    row = reader_graph.read(WITHOUT_OWN_CONTACT)[0]
    html = client.get("/angebote").get_data(as_text=True)
    cards = _cards(html)
    assert cards
    assert all(_reachable(card) for card in cards)
    card = next(c for c in cards if row["title"] in c)
    assert row["phone"] in card and VIA in card


def _inferred_fields(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "inferred" and isinstance(inner, list):
                yield from inner
            else:
                yield from _inferred_fields(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _inferred_fields(inner)


def test_every_inferred_field_of_the_seed_has_a_german_name():
    fields = {f for path in DATA.glob("*.json")
              for f in _inferred_fields(json.loads(path.read_text(encoding="utf-8")))}
    assert fields
    assert fields <= FIELD_LABELS.keys(), fields - FIELD_LABELS.keys()


def test_public_pages_name_inferred_fields_in_german(client, reader_graph):
    rows = reader_graph.read("MATCH (g:Gremium) WHERE 'members' IN g.inferred "
                             "RETURN g.id AS id LIMIT 1")
    html = client.get(f"/gremien/{rows[0]['id']}").get_data(as_text=True)
    note = html.split("Abgeleitete Angaben", 1)[1].split("</p>", 1)[0]
    assert "Mitglieder" in note
    assert "members" not in note
