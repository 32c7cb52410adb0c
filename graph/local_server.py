"""Run Neo4j 5.26 Community locally without Docker: Maven Central jars on Java 17+.

`graph/neo4j_local/pom.xml` pins the version and `ensure_jars` resolves it once into a
cache folder. `start` runs `org.neo4j.server.CommunityEntryPoint` detached on 127.0.0.1
for a data folder ("home") and returns once Bolt answers. Home layout: conf/neo4j.conf
(rewritten on each start), data/, logs/ (console.log = the JVM's output), password (0600,
generated on the first start), run/neo4j.pid and run/connection.json (0600, while running).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import hashlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
POM = PROJECT_ROOT / "graph" / "neo4j_local" / "pom.xml"
DEFAULT_LIB_DIR = Path(os.environ.get("LOTSE_NEO4J_LIB") or PROJECT_ROOT / ".lotse" / "neo4j-lib")
DEFAULT_HOME = PROJECT_ROOT / ".lotse" / "neo4j" / "dev"
MARKER = ".complete"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
USER = "neo4j"
INITIAL_PASSWORD = "neo4j"  # noqa: S105 - Neo4j's built-in first-start password
# Java 17+ refuses the store's reflective access without these opens.
JVM_OPTIONS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-XX:-OmitStackTraceInFastThrow",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dfile.encoding=UTF-8",
)
# Servers started by this process. Keeping the Popen lets stop() reap the child (a zombie
# still answers os.kill) and keeps Python from warning about a child it forgot.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@atexit.register
def _reap_children() -> None:
    """Collect this process's servers that another process stopped (`stop` from the CLI):
    unreaped, each is a zombie that Python reports as a child still running at exit."""
    for pid, child in list(_CHILDREN.items()):
        if child.poll() is not None:
            del _CHILDREN[pid]


class LocalServerError(Exception):
    """The local Neo4j could not be fetched, started, reached or stopped."""


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running local server."""

    uri: str
    user: str
    password: str
    pid: int
    home: Path


def ensure_jars(lib_dir: Path = DEFAULT_LIB_DIR) -> Path:
    """Resolve the jars pinned by the pom into `lib_dir`, unless done already for this pom.

    The marker holds a hash of the pom, so pinning another version fetches again. Maven
    fills a temporary sibling that is renamed into place: no half-filled `lib_dir`.
    """
    lib_dir = lib_dir.expanduser().resolve()
    stamp = hashlib.sha256(POM.read_bytes()).hexdigest()
    with contextlib.suppress(OSError):
        if (lib_dir / MARKER).read_text().strip() == stamp:
            (lib_dir / MARKER).touch()  # newer than the pom, for make
            return lib_dir
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalServerError("mvn not found: install Maven (Debian: apt-get install maven)")
    lib_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{lib_dir.name}-", dir=lib_dir.parent))
    old = tmp.with_name(f"{tmp.name}-old")
    try:
        cmd = [mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
               "-DincludeScope=runtime", f"-DoutputDirectory={tmp}"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603
        if done.returncode != 0 or not any(tmp.glob("neo4j-kernel-*.jar")):
            lines = [ln.strip() for ln in (done.stdout + done.stderr).splitlines() if ln.strip()]
            errors = [ln for ln in lines if "ERROR" in ln] or lines or ["no jars were copied"]
            raise LocalServerError(f"mvn could not resolve the Neo4j jars (exit "
                                   f"{done.returncode}): {' '.join(errors[:3])}")
        (tmp / MARKER).write_text(stamp + "\n")
        if lib_dir.exists():
            lib_dir.rename(old)
        tmp.rename(lib_dir)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return lib_dir


def start(home: Path, *, port: int | None = None, heap: str = "512m", pagecache: str = "512m",
          timeout: float = 120) -> ServerInfo:
    """Start a server for `home` on 127.0.0.1 (any free port for None or 0); wait for Bolt."""
    home = home.expanduser().resolve()
    java = _find_java()
    lib_dir = ensure_jars()
    running = _read_info(home, clean=True)
    if running is not None:
        raise LocalServerError(
            f"Neo4j is already running for {home} (pid {running.pid}, {running.uri})")
    if port is not None and not 0 <= port < 65536:
        raise LocalServerError(f"port {port} is not a TCP port number (0 to 65535)")
    bound = _bind_check(port or 0)
    if bound is None:
        raise LocalServerError(f"port {port} on 127.0.0.1 is already in use; choose another port")
    for sub in ("conf", "data", "logs", "run"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    password = _password(home)
    _write_conf(home, bound, pagecache)
    cmd = [java, f"-Xms{heap}", f"-Xmx{heap}", *JVM_OPTIONS, "-cp", f"{lib_dir}/*",
           ENTRY_POINT, f"--home-dir={home}", f"--config-dir={home / 'conf'}"]
    with (home / "logs" / "console.log").open("wb") as console:
        # Own session: Ctrl-C in the terminal or the caller exiting does not reach it.
        proc = subprocess.Popen(cmd, cwd=home, stdin=subprocess.DEVNULL, stdout=console,  # noqa: S603
                                stderr=subprocess.STDOUT, start_new_session=True)
    _CHILDREN[proc.pid] = proc
    info = ServerInfo(f"bolt://127.0.0.1:{bound}", USER, password, proc.pid, home)
    _write_private(home / "run" / "neo4j.pid", f"{proc.pid}\n")
    _write_private(home / "run" / "connection.json", json.dumps(
        {"uri": info.uri, "user": info.user, "password": password, "pid": info.pid}))
    try:
        _wait_until_ready(proc, info, time.monotonic() + timeout)
    except BaseException:
        _kill(proc.pid, home, signal.SIGKILL, 10)
        _remove_run_files(home)
        raise
    return info


def stop(home: Path, timeout: float = 60) -> bool:
    """Stop the server of `home` (SIGTERM, SIGKILL after `timeout` s); False if none ran."""
    home = home.expanduser().resolve()
    pid = _running_pid(home, clean=True)
    if pid is None:
        return False
    if not _kill(pid, home, signal.SIGTERM, timeout) and not _kill(pid, home, signal.SIGKILL, 10):
        raise LocalServerError(f"Neo4j (pid {pid}) for {home} did not exit, even after SIGKILL")
    _remove_run_files(home)
    return True


def status(home: Path) -> ServerInfo | None:
    """The running server of `home`, or None."""
    return _read_info(home.expanduser().resolve(), clean=False)


def _find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    candidate = Path(java_home, "bin", "java") if java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if java is None:
        raise LocalServerError("java not found: install Java 17 or newer "
                               "(Debian: apt-get install openjdk-17-jre-headless)")
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r'version "(?:1\.)?(\d+)', done.stderr + done.stdout)  # 1.8.0 is Java 8
    major = int(found[1]) if found else 0
    if major < 17:
        shown = f"Java {major}" if major else "a Java of unknown version"
        raise LocalServerError(f"{shown} found at {java}, but Neo4j 5.26 needs Java 17 or newer")
    return java


def _wait_until_ready(proc: subprocess.Popen[bytes], info: ServerInfo, deadline: float) -> None:
    """Poll Bolt with the real password; on the first start, replace the initial one first.

    A wrong password is tried only once per start: Neo4j locks a user after 3 failures.
    """
    password_set = False
    while True:
        if proc.poll() is not None:
            raise LocalServerError(f"Neo4j exited with code {proc.returncode} while starting"
                                   f"{_log_tail(info.home)}")
        try:
            with GraphDatabase.driver(info.uri, auth=(info.user, info.password),
                                      connection_timeout=2.0) as driver:
                driver.verify_connectivity()
            return
        except AuthError:
            if password_set:
                raise LocalServerError(f"Neo4j on {info.uri} rejected the password it was "
                                       f"just given{_log_tail(info.home)}") from None
            _set_initial_password(info)
            password_set = True
            continue
        except (DriverError, Neo4jError, OSError):
            pass  # not listening yet
        if time.monotonic() > deadline:
            raise LocalServerError(f"Neo4j did not answer on {info.uri} in time"
                                   f"{_log_tail(info.home)}")
        time.sleep(0.2)


def _set_initial_password(info: ServerInfo) -> None:
    try:
        with (GraphDatabase.driver(info.uri, auth=(info.user, INITIAL_PASSWORD)) as driver,
              driver.session(database="system") as session):
            session.run("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                        old=INITIAL_PASSWORD, new=info.password).consume()
    except AuthError:
        raise LocalServerError(
            f"the password in {info.home / 'password'} does not belong to the database in "
            f"{info.home / 'data'}: restore the right password file, or delete {info.home} "
            "to start over with an empty database") from None


def _read_info(home: Path, *, clean: bool) -> ServerInfo | None:
    pid = _running_pid(home, clean=clean)
    if pid is None:
        return None
    path = home / "run" / "connection.json"
    try:
        data = json.loads(path.read_text())
        return ServerInfo(data["uri"], data["user"], data["password"], pid, home)
    except (OSError, ValueError, KeyError, TypeError):
        raise LocalServerError(f"Neo4j is running for {home} (pid {pid}), but {path} is "
                               "missing or damaged: stop it and start it again") from None


def _running_pid(home: Path, *, clean: bool) -> int | None:
    """The pid in the pid file if it is our live server for `home`; stale files are removed."""
    try:
        pid: int | None = int((home / "run" / "neo4j.pid").read_text().strip())
    except (OSError, ValueError):
        pid = None
    if pid is not None and _is_our_server(pid, home):
        return pid
    if clean:
        _remove_run_files(home)
    return None


def _is_our_server(pid: int, home: Path) -> bool:
    """True if `pid` is a live (not zombie) CommunityEntryPoint JVM for exactly this home.

    Checking the command line guards against a reused pid after a crash or a reboot.
    """
    child = _CHILDREN.get(pid)
    if child is not None and child.poll() is not None:
        del _CHILDREN[pid]
        return False
    try:
        if Path("/proc").is_dir():  # a zombie's cmdline is empty
            args = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
        else:
            ps = ["ps", "-o", "args=", "-p", str(pid)]
            args = subprocess.run(ps, capture_output=True, text=True, check=False).stdout.split()  # noqa: S603
    except OSError:
        return False
    return ENTRY_POINT in args and f"--home-dir={home}" in args


def _kill(pid: int, home: Path, sig: signal.Signals, timeout: float) -> bool:
    """Send `sig`, then wait up to `timeout` s; True once the process is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, sig)
    deadline = time.monotonic() + timeout
    while _is_our_server(pid, home):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _remove_run_files(home: Path) -> None:
    for name in ("neo4j.pid", "connection.json"):
        (home / "run" / name).unlink(missing_ok=True)


def _password(home: Path) -> str:
    path = home / "password"
    with contextlib.suppress(FileNotFoundError):
        if password := path.read_text().strip():
            return password
    password = secrets.token_urlsafe(24)
    _write_private(path, password + "\n")
    return password


def _write_private(path: Path, text: str) -> None:
    """Write `text` readable by the owner only, atomically (temporary file + rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write(text)
    tmp.chmod(0o600)  # the mode given to os.open does not apply to a leftover file
    os.replace(tmp, path)


def _write_conf(home: Path, port: int, pagecache: str) -> None:
    lines = [
        "# Written by graph/local_server.py on every start; edits are lost.",
        "# The heap is set by -Xms/-Xmx on the java command line.",
        "server.default_listen_address=127.0.0.1",
        f"server.bolt.listen_address=127.0.0.1:{port}",
        "server.http.enabled=false",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        f"server.memory.pagecache.size={pagecache}",
        "# Bolt waits 5 s twice on shutdown even with no client; 0 s: stop takes ~0.3 s.",
        "internal.server.bolt.connection_shutdown_wait_time=0s",
        "internal.server.bolt.thread_pool_shutdown_wait_time=0s",
    ]
    (home / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _bind_check(port: int) -> int | None:
    """`port` (a free one for 0) if nothing listens on 127.0.0.1:port, else None.

    SO_REUSEADDR as Neo4j uses it, so TIME_WAIT leftovers of a stop do not count.
    """
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return None
        return int(sock.getsockname()[1])


def _log_tail(home: Path, count: int = 15) -> str:
    """The last lines of console.log and neo4j.log, to append to an error message."""
    parts = []
    for log in (home / "logs" / "console.log", home / "logs" / "neo4j.log"):
        with contextlib.suppress(OSError):
            if tail := log.read_text(errors="replace").splitlines()[-count:]:
                parts.append(f"\n--- end of {log} ---\n" + "\n".join(tail))
    return "".join(parts) or f" (nothing logged in {home / 'logs'})"


def main(argv: list[str] | None = None) -> int:
    """The CLI; returns the exit code (status: 0 running, 3 not running)."""
    parser = argparse.ArgumentParser(prog="python -m graph.local_server",
                                     description="Local Neo4j 5.26 Community without Docker.")
    parser.add_argument("command", choices=("fetch", "start", "stop", "status", "env"),
                        help="fetch only resolves the jars")
    parser.add_argument("--home", default=os.environ.get("LOTSE_NEO4J_HOME") or DEFAULT_HOME,
                        help="data folder (default: $LOTSE_NEO4J_HOME or .lotse/neo4j/dev)")
    parser.add_argument("--port", type=int, help="Bolt port for start, 0 = any free port "
                        "(default: $LOTSE_NEO4J_PORT or 7687)",
                        default=os.environ.get("LOTSE_NEO4J_PORT") or "7687")
    args = parser.parse_args(argv)
    home = Path(args.home)
    try:
        if args.command == "fetch":
            print(f"Neo4j jars ready in {ensure_jars()}")
        elif args.command == "start":
            began = time.monotonic()
            ready = start(home, port=args.port or None)
            print(f"Neo4j 5.26 ready at {ready.uri} (pid {ready.pid}, "
                  f"started in {time.monotonic() - began:.1f}s)")
        elif args.command == "stop":
            pid = _running_pid(home.expanduser().resolve(), clean=False)
            print(f"Neo4j stopped (pid {pid})" if stop(home) else f"Neo4j was not running: {home}")
        elif (info := status(home)) is None:
            if args.command == "env":
                raise LocalServerError(f"Neo4j is not running for {home}: start it first")
            print(f"Neo4j is not running for {home}")
            return 3
        elif args.command == "status":
            print(f"Neo4j is running at {info.uri} (pid {info.pid}, home {info.home})")
        else:
            for key, value in (("URI", info.uri), ("USER", info.user), ("PASSWORD", info.password)):
                print(f"export NEO4J_{key}={shlex.quote(value)}")
    except LocalServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
