"""Login limits that hold across workers (issue 12, finding 4): production refuses
per-worker counters, and development shares them through a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from webapp.config import ConfigError, Settings
from webapp.ratelimit_store import default_storage, sqlite_uri

PRODUCTION = {"LOTSE_ENV": "production", "SECRET_KEY": "k" * 40, "NEO4J_PASSWORD": "x"}


@pytest.mark.parametrize("extra", [{}, {"GUNICORN_WORKERS": "2"},
                                   {"GUNICORN_WORKERS": "4",
                                    "RATELIMIT_STORAGE_URI": "memory://"}])
def test_production_refuses_per_worker_limits_with_several_workers(extra):
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI=memory://"):
        Settings.from_env({**PRODUCTION, **extra})


@pytest.mark.parametrize("extra", [{"GUNICORN_WORKERS": "1"},
                                   {"GUNICORN_WORKERS": "2",
                                    "RATELIMIT_STORAGE_URI": "redis://redis:6379/0"}])
def test_production_accepts_one_worker_or_shared_limits(extra):
    config = Settings.from_env({**PRODUCTION, **extra}).as_flask_config()
    storage = config["RATELIMIT_STORAGE_URI"] or default_storage("production", Path("."))
    assert storage == extra.get("RATELIMIT_STORAGE_URI", "memory://")


def test_development_shares_the_limits_through_a_file(tmp_path):
    uri = default_storage("development", tmp_path)
    assert uri == sqlite_uri(tmp_path / "ratelimits.sqlite")
    assert default_storage("testing", tmp_path) == "memory://"
    # Two workers: two storages on the same file count together.
    workers = [FixedWindowRateLimiter(storage_from_string(uri)) for _ in range(2)]
    limit = parse("5 per minute")
    allowed = [workers[i % 2].hit(limit, "login", "10.0.0.1") for i in range(7)]
    assert allowed == [True] * 5 + [False, False]
    assert not workers[0].test(limit, "login", "10.0.0.1")
    assert workers[1].test(limit, "login", "10.0.0.2")
    workers[0].clear(limit, "login", "10.0.0.1")
    assert workers[1].test(limit, "login", "10.0.0.1")
