"""Schemathesis against the API's OpenAPI description: no 5xx, every answer as described.

    make bench-fuzz     (or: .venv/bin/python -m bench.fuzz_api --examples 200)

`make test` runs the same with a few examples per operation
(tests/integration/test_openapi_fuzz.py). Checked: not a server error, documented status
code, content type, response schema and headers. Not checked: that every schema-valid
request is accepted: a conversation token is a string in the schema but must carry the
app's signature, and a question of blanks has nothing to ask; both get a documented 400.
"""

from __future__ import annotations

import argparse
import time

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.harness import seeded_lotse

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, response_headers_conformance]


def fuzz(app: Flask, max_examples: int) -> int:
    """Run every operation of the app's OpenAPI description; returns how many there are.
    The first failure raises (with the request to reproduce it)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:

        @settings(max_examples=max_examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        check()
    return len(operations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200, help="examples per operation")
    args = parser.parse_args()
    with seeded_lotse() as lotse:
        started = time.perf_counter()
        operations = fuzz(lotse.app, args.examples)
        print(f"schemathesis: {operations} operations × up to {args.examples} examples, "
              f"0 failures in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
