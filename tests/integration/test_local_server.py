"""The local Neo4j launcher, against real servers (no mocks).

One server is started for the module (the cold start, with the password set-up).
Tests that stop it start it again on the same home, so each test first calls
`_running(home)` and does not depend on the order the tests run in.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from graph import local_server
from graph.local_server import LocalServerError, ServerInfo

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("neo4j-launcher")
    local_server.start(home)
    try:
        yield home
    finally:
        local_server.stop(home)


def _running(home: Path) -> ServerInfo:
    """The module's server, started again if an earlier test left it stopped."""
    return local_server.status(home) or local_server.start(home)


def _is_alive(pid: int) -> bool:
    """True while `pid` runs; a zombie that only waits to be reaped does not count."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"


def _return_one(info: ServerInfo) -> int:
    with GraphDatabase.driver(info.uri, auth=(info.user, info.password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    return records[0]["one"]


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph.local_server", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=240, check=False,
    )


def test_status_reports_the_running_server(home: Path) -> None:
    info = _running(home)
    assert local_server.status(home) == info
    assert re.fullmatch(r"bolt://127\.0\.0\.1:\d+", info.uri)
    assert info.user == "neo4j"
    assert info.home == home.resolve()
    assert _is_alive(info.pid)


def test_the_driver_runs_a_query_with_the_returned_credentials(home: Path) -> None:
    assert _return_one(_running(home)) == 1


def test_password_and_connection_file_are_private(home: Path) -> None:
    info = _running(home)
    for path in (home / "password", home / "run" / "connection.json"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert (home / "password").read_text().strip() == info.password
    assert info.password != "neo4j" and len(info.password) >= 24
    assert json.loads((home / "run" / "connection.json").read_text()) == {
        "uri": info.uri, "user": info.user, "password": info.password, "pid": info.pid,
    }
    assert (home / "run" / "neo4j.pid").read_text().strip() == str(info.pid)


def test_a_second_start_on_the_same_home_is_refused(home: Path) -> None:
    info = _running(home)
    with pytest.raises(LocalServerError, match="already running") as raised:
        local_server.start(home)
    assert f"pid {info.pid}" in str(raised.value) and info.uri in str(raised.value)
    assert local_server.status(home) == info


def test_stop_ends_the_process_and_the_password_survives_a_restart(home: Path) -> None:
    info = _running(home)
    assert local_server.stop(home) is True
    assert not _is_alive(info.pid)
    assert local_server.status(home) is None
    assert not (home / "run" / "neo4j.pid").exists()
    assert not (home / "run" / "connection.json").exists()
    assert local_server.stop(home) is False

    port = int(info.uri.rsplit(":", 1)[1])
    again = local_server.start(home, port=port)  # the port is usable right after a stop
    assert again.password == info.password
    assert again.uri == info.uri and again.pid != info.pid
    assert _return_one(again) == 1


def test_stop_without_a_server_returns_false_and_clears_a_stale_pid_file(tmp_path: Path) -> None:
    assert local_server.stop(tmp_path / "never-started") is False
    (tmp_path / "run").mkdir()
    pid_file = tmp_path / "run" / "neo4j.pid"
    pid_file.write_text(f"{os.getpid()}\n")  # alive, but not a Neo4j for this home
    assert local_server.status(tmp_path) is None
    assert local_server.stop(tmp_path) is False
    assert not pid_file.exists()


def test_start_on_a_taken_port_fails_before_launching_java(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(LocalServerError, match=f"port {port} .* already in use"):
            local_server.start(tmp_path, port=port)
    assert not (tmp_path / "run" / "neo4j.pid").exists()


def test_cli_stop_status_start_env(home: Path) -> None:
    info = _running(home)
    where = ["--home", str(home)]

    stopped = _cli("stop", *where)
    assert stopped.returncode == 0, stopped.stderr
    assert f"Neo4j stopped (pid {info.pid})" in stopped.stdout
    assert not _is_alive(info.pid)

    down = _cli("status", *where)
    assert down.returncode == 3 and "not running" in down.stdout
    no_env = _cli("env", *where)
    assert no_env.returncode == 1 and no_env.stdout == ""
    assert no_env.stderr.startswith("error: Neo4j is not running for ")
    assert "Traceback" not in no_env.stderr and len(no_env.stderr.splitlines()) == 1

    started = _cli("start", *where, "--port", "0")
    assert started.returncode == 0, started.stderr
    ready = re.fullmatch(
        r"Neo4j 5\.26 ready at (bolt://127\.0\.0\.1:\d+) \(pid (\d+), started in \d+\.\ds\)\n",
        started.stdout,
    )
    assert ready, started.stdout
    assert _is_alive(int(ready[2]))

    up = _cli("status", *where)
    assert up.returncode == 0 and ready[1] in up.stdout and "running" in up.stdout

    twice = _cli("start", *where, "--port", "0")
    assert twice.returncode == 1 and "already running" in twice.stderr
    assert "Traceback" not in twice.stderr

    env = _cli("env", *where)
    assert env.returncode == 0, env.stderr
    exported = {}
    for line in env.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        exported[name] = shlex.split(value)[0]
    assert exported == {
        "NEO4J_URI": ready[1], "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": info.password,
    }
    restarted = local_server.status(home)
    assert restarted is not None and restarted.pid == int(ready[2])
    assert _return_one(restarted) == 1
