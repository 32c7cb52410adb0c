from __future__ import annotations

import pytest

from graph.lucene import lucene_query
from webapp import create_app
from webapp.config import ConfigError, Settings
from webapp.formatting import date_de, language_de


@pytest.mark.parametrize(
    ("iso", "german"),
    [("2023-10-26", "26.10.2023"), ("2023-10", "10.2023"), ("2023", "2023"), (None, ""),
     ("unbekannt", "unbekannt")],
)
def test_dates_are_shown_german(iso, german):
    assert date_de(iso) == german


def test_language_names():
    assert language_de("tr") == "Türkisch"
    assert language_de("xx") == "xx"


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Hilfe (schnell)!", "hilfe schnell"),
        ("Sucht AND Drogen", "sucht and drogen"),
        ('"quoted" title:x', "quoted title x"),
        ("Menschen in Not", "menschen in not"),
        ("Mütter ohne Partner", "mütter ohne partner"),
        ("*** ???", ""),
    ],
)
def test_lucene_query_neutralises_syntax(text, query):
    assert lucene_query(text) == query


def test_production_refuses_weak_secret():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        Settings.from_env({"LOTSE_ENV": "production", "NEO4J_PASSWORD": "x"})
    with pytest.raises(ConfigError, match="NEO4J_PASSWORD"):
        Settings.from_env({"LOTSE_ENV": "production", "SECRET_KEY": "k" * 40})


def test_development_keeps_one_secret_for_every_worker(tmp_path):
    # Two gunicorn workers read the same key, so a chat token, a login or a CSRF token made
    # by one is valid in the other.
    env = {"LOTSE_STATE_DIR": str(tmp_path / "state")}
    first = Settings.from_env(env).secret_key
    assert len(first) >= 32
    assert Settings.from_env(env).secret_key == first
    key_file = tmp_path / "state" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert Settings.from_env({"LOTSE_STATE_DIR": str(tmp_path / "other")}).secret_key != first


def test_tests_get_a_random_secret_per_process():
    first = Settings.from_env({"LOTSE_ENV": "testing"}).secret_key
    assert len(first) >= 32
    assert first != Settings.from_env({"LOTSE_ENV": "testing"}).secret_key


def test_unknown_environment_is_rejected():
    with pytest.raises(ConfigError, match="LOTSE_ENV"):
        Settings.from_env({"LOTSE_ENV": "staging"})


@pytest.mark.parametrize(
    ("model", "prefixes"),
    [
        ("intfloat/multilingual-e5-small", ("query: ", "passage: ")),
        ("/models/e5-base-v2/", ("query: ", "passage: ")),
        ("sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2", ("", "")),
        ("/opt/models/gte5-large", ("", "")),
    ],
)
def test_e5_models_get_their_prompts(model, prefixes):
    from search.embedding import prompt_prefixes

    assert prompt_prefixes(model) == prefixes


def test_a_trusted_proxy_gives_the_client_address():
    from webapp import create_app

    app = create_app({"LOTSE_ENV": "testing", "LOTSE_PROXY_COUNT": 1})

    @app.get("/_address")
    def address() -> str:
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get("/_address", headers={"X-Forwarded-For": "203.0.113.7"},
                                     environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert response.get_data(as_text=True) == "203.0.113.7"
    plain = create_app({"LOTSE_ENV": "testing"}).test_client()
    assert plain.application.config["LOTSE_PROXY_COUNT"] == 0


@pytest.mark.parametrize("value", ["-1", "zwei", "99"])
def test_a_bad_proxy_count_is_refused(value):
    with pytest.raises(ConfigError, match="LOTSE_PROXY_COUNT"):
        Settings.from_env({"LOTSE_PROXY_COUNT": value})


def test_a_test_app_writes_no_development_secret(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LOTSE_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"LOTSE_ENV": "testing", "TESTING": True})
    assert app.config["SECRET_KEY"]
    assert not (tmp_path / ".lotse").exists()
