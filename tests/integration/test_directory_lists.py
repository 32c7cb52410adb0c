"""The directory's lists as a German reader expects them: every institution that offers
something in a Sozialraum, and German alphabetical order (case and umlauts ignored)."""

from __future__ import annotations

import re

import pytest

from graph.collation import german_key

pytestmark = pytest.mark.integration

# Institutions located in Osterfeld or offering a public, local offer there.
IN_OSTERFELD = """
MATCH (i:Institution)
WHERE EXISTS { (i)-[:LOCATED_IN]->(:Stadtteil)-[:IN]->(:Sozialraum {id: 'osterfeld'}) }
   OR EXISTS { MATCH (o:Offer)-[:OFFERED_BY]->(i)
               WHERE (o)-[:AVAILABLE_IN]->(:Sozialraum {id: 'osterfeld'})
                 AND o.status <> 'beendet' AND coalesce(o.deleted, false) = false }
RETURN collect(i.name) AS names
"""


LIST_LINK = r'<(?:h3|th scope="row")><a href="/(?:angebote|einrichtungen)/[^"]+">([^<]+)</a>'


def _section(html: str, heading: str) -> str:
    return html.split(f"<h2>{heading}", 1)[1].split("</ul>", 1)[0]


def test_sozialraum_lists_every_institution_that_offers_something_there(client, reader_graph):
    names = reader_graph.read(IN_OSTERFELD)[0]["names"]
    html = client.get("/sozialraeume/osterfeld").get_data(as_text=True)
    listed = _section(html, "Einrichtungen")
    assert f"Einrichtungen ({len(names)})" in html
    for name in names:
        assert str(name).replace("&", "&amp;") in listed, name
    assert any(name.startswith("AWO") for name in names)


def test_german_key_ignores_case_and_umlauts():
    words = ["Zuwanderung", "Übergang Schule–Beruf", "gewaltbetroffene Frauen", "Alle",
             "Gesundheit", "Ökumene", "Oase"]
    assert sorted(words, key=german_key) == [
        "Alle", "Gesundheit", "gewaltbetroffene Frauen", "Oase", "Ökumene",
        "Übergang Schule–Beruf", "Zuwanderung"]


def _option_texts(html: str, select_id: str) -> list[str]:
    select = html.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option value=\"[^\"]+\"[^>]*>([^<]+)</option>", select)


@pytest.mark.parametrize("path, marker", [
    ("/angebote", None), ("/einrichtungen", None), ("/", "f-zielgruppe"), ("/", "f-thema")])
def test_lists_and_choices_are_in_german_order(client, path, marker):
    html = client.get(path).get_data(as_text=True)
    names = _option_texts(html, marker) if marker else re.findall(LIST_LINK, html)
    assert len(names) > 5
    assert names == sorted(names, key=german_key)
