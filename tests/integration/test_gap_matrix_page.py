"""The gap matrix as planners read it: groups served city-wide by nature are not shown as
local gaps, and each cell link's name begins with its visible text."""

from __future__ import annotations

import re

import pytest

from graph.gaps import gap_matrix
from graph.users import create_user
from tests.integration.test_manage import PASSWORD, login

pytestmark = pytest.mark.integration

ROW = r'<tr><th scope="row">([^<]+?)(?: <span[^>]*>[^<]*</span>)?</th>(.*?)</tr>'


def test_citywide_groups_are_not_local_gaps_and_links_name_their_text(client, seeded_graph):
    matrix = gap_matrix(seeded_graph)
    central = [c for c in matrix.columns if matrix.citywide_by_nature(c["id"])]
    create_user(seeded_graph, "planung@example.org", PASSWORD, "planner")
    login(client, "planung@example.org")
    html = client.get("/planung/luecken").get_data(as_text=True)
    rows = dict(re.findall(ROW, html, re.S))
    for column in central:
        assert 'class="gap"' not in rows[column["name"]], column
        assert 'class="citywide"' in rows[column["name"]]
    assert "aria-label=" not in html.split('id="gap-matrix"', 1)[1]
    assert 'class="visually-hidden"> – ' in html
