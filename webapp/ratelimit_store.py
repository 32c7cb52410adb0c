"""Rate-limit counters in a SQLite file, shared by every worker process on one machine.

`make run` serves with two gunicorn workers and has no Redis: with `memory://` each
worker would count on its own and an attacker would get twice the documented attempts.
This storage (`lotse+sqlite:///path/file.sqlite`, the development default, in
`.lotse/`) keeps fixed-window counters in one file; SQLite's locking makes each
increment atomic across processes. Production on several hosts uses Redis.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEME = "lotse+sqlite"
SCHEMA = "CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, value INTEGER, expires REAL)"


def sqlite_uri(path: Path) -> str:
    return f"{SCHEME}://{path.resolve()}"


def default_storage(env: str, state_dir: Path) -> str:
    """Where the counters live when RATELIMIT_STORAGE_URI is not set: a file shared by the
    workers in development, each process's memory otherwise (tests; production with one
    worker, see webapp.config)."""
    return sqlite_uri(state_dir / "ratelimits.sqlite") if env == "development" else "memory://"


class SqliteStorage(Storage):
    """The fixed-window part of `limits`' storage interface, on one SQLite file."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 - the attribute limits' registry reads

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options: float | str | bool) -> None:
        super().__init__(uri, wrap_exceptions, **options)
        path = Path(urlsplit(uri or "").path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None,
                                   check_same_thread=False)
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(SCHEMA)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sqlite3.Error

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM counters WHERE key = ? AND expires <= ?",
                                 (key, now))
                self._db.execute(
                    "INSERT INTO counters (key, value, expires) VALUES (?, ?, ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = value + excluded.value",
                    (key, amount, now + expiry))
                value = self._db.execute("SELECT value FROM counters WHERE key = ?",
                                         (key,)).fetchone()[0]
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return int(value)

    def get(self, key: str) -> int:
        with self._lock:
            row = self._db.execute("SELECT value FROM counters WHERE key = ? AND expires > ?",
                                   (key, time.time())).fetchone()
        return int(row[0]) if row else 0

    def get_expiry(self, key: str) -> float:
        with self._lock:
            row = self._db.execute("SELECT expires FROM counters WHERE key = ?",
                                   (key,)).fetchone()
        return float(row[0]) if row else time.time()

    def check(self) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1").fetchone() == (1,)

    def reset(self) -> int | None:
        with self._lock:
            return self._db.execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM counters WHERE key = ?", (key,))
