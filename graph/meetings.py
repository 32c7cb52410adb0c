"""A gremium's next meetings: date, time and place.

Stored one string per meeting, ISO first so that the list sorts by time:
"2027-01-14T16:00|Stadtteilbüro" (time and place optional: "2027-01-14"). Typed and
shown in German: "14.01.2027, 16:00, Stadtteilbüro".
"""

from __future__ import annotations

import re
from datetime import date

_GERMAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s*,?\s*(\d{1,2})[:.](\d{2})(?:\s*Uhr)?)?"
                     r"(?:\s*,\s*(.+))?$")
_STORED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?(?:\|(.*))?$")


def parse_meeting(line: str) -> str:
    """'14.01.2027, 16:00, Stadtteilbüro' -> '2027-01-14T16:00|Stadtteilbüro'.

    Raises ValueError for a line that is not a date (time and place optional).
    """
    match = _GERMAN.match(line.strip())
    if not match:
        raise ValueError(line)
    day, month, year, hour, minute, place = match.groups()
    stored = date(int(year), int(month), int(day)).isoformat()
    if hour is not None:
        if int(hour) > 23 or int(minute) > 59:
            raise ValueError(line)
        stored += f"T{int(hour):02d}:{minute}"
    place = (place or "").strip()
    return f"{stored}|{place}" if place else stored


def parse_meetings(text: str) -> list[str]:
    """One meeting per line, in time order, each once."""
    return sorted({parse_meeting(line) for line in (text or "").splitlines() if line.strip()})


def meeting_de(stored: str) -> str:
    """'2027-01-14T16:00|Stadtteilbüro' -> '14.01.2027, 16:00, Stadtteilbüro'."""
    match = _STORED.match(stored or "")
    if not match:
        return stored or ""
    year, month, day, hour, minute, place = match.groups()
    parts = [f"{day}.{month}.{year}"]
    if hour is not None:
        parts.append(f"{hour}:{minute}")
    if place:
        parts.append(place)
    return ", ".join(parts)
