"""The OpenAPI description as served: the shipped file with the filters' values from the graph.

Sozialräume, target groups and topics are data, so their allowed values are filled in
when the description is requested; an empty value means "no filter" and is allowed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from graph.directory import Choices

OPENAPI_FILE = Path(__file__).with_name("openapi.json")
FILTERS = (("sozialraum", "sozialraeume"), ("zielgruppe", "target_groups"),
           ("thema", "topics"))


def openapi_document(choices: Choices) -> dict[str, Any]:
    document = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    parameters = document["components"]["parameters"]
    for name, kind in FILTERS:
        parameters[name]["schema"]["enum"] = ["", *sorted(choices.ids(kind))]
    return document
