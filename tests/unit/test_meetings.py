"""A gremium's meetings: typed in German with time and place, stored ISO-first."""

from __future__ import annotations

import pytest

from graph.meetings import meeting_de, parse_meeting, parse_meetings


@pytest.mark.parametrize("typed, stored", [
    ("14.01.2027, 16:00, Stadtteilbüro", "2027-01-14T16:00|Stadtteilbüro"),
    ("14.1.2027 9.30 Uhr, Rathaus Osterfeld", "2027-01-14T09:30|Rathaus Osterfeld"),
    ("14.01.2027, 16:00", "2027-01-14T16:00"),
    ("14.01.2027", "2027-01-14"),
])
def test_typed_meetings_are_stored_iso_first(typed, stored):
    assert parse_meeting(typed) == stored


@pytest.mark.parametrize("bad", ["morgen", "31.02.2027", "14.01.2027, 25:00", "2027-01-14"])
def test_a_line_that_is_no_meeting_is_refused(bad):
    with pytest.raises(ValueError):
        parse_meeting(bad)


def test_meetings_are_shown_as_typed_and_kept_in_time_order():
    stored = parse_meetings("11.03.2027, 10:00, Rathaus\n\n14.01.2027, 16:00, Stadtteilbüro")
    assert [meeting_de(m) for m in stored] == ["14.01.2027, 16:00, Stadtteilbüro",
                                              "11.03.2027, 10:00, Rathaus"]
    assert meeting_de("2027-01-14") == "14.01.2027"
