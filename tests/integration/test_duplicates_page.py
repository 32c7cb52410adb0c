"""Doppelstrukturen as a planner reads them: one provider's sites apart from overlaps
between providers, "keine Angaben" where nothing is recorded, the Stadtteil, readable
headings."""

from __future__ import annotations

import pytest

from graph.duplicates import duplicate_clusters
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, login

pytestmark = pytest.mark.integration


def test_sites_of_one_provider_are_apart_from_overlaps(client, seeded_graph):
    clusters = duplicate_clusters(seeded_graph)
    sites = [c for c in clusters if c.one_provider]
    overlaps = [c for c in clusters if not c.one_provider]
    assert sites, "the seed's Familienzentren form clusters of one provider"
    assert all(len({o["carrier"] for o in c.offers}) > 1 for c in overlaps)

    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")
    login(client, "planung@example.org")
    html = client.get("/planung/doppelstrukturen").get_data(as_text=True)
    overlap_part, sites_part = html.split("<h2>Mehrere Standorte eines Trägers</h2>", 1)
    for c in sites:
        assert f'id="cluster-{c.id}"' in sites_part and f'id="cluster-{c.id}"' not in overlap_part
    for c in overlaps:
        assert f'id="cluster-{c.id}"' in overlap_part
    assert "in stadtweit" not in html
    assert "Keine Unterschiede bei Zeiten, Kosten und Sprachen" not in html
    assert '<th scope="col">Stadtteil</th>' in html
    for c in clusters:
        if c.unknown and "hours" in c.unknown:
            section = html.split(f'id="cluster-{c.id}"', 1)[1].split("</section>", 1)[0]
            assert "Keine Angaben zu Zeiten" in section
