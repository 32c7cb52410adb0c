"""Cold start of a fresh Lotse: Neo4j ready, schema + seed + embeddings, app ready.

Run with `make bench` (or `.venv/bin/python -m bench.cold_start`). Everything runs
in a temporary folder on free ports and is stopped at the end. The warm restart
of the same Neo4j folder is measured in the same run as the baseline.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from graph import local_server

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def wait_for_health(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # still booting
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer 200 within {timeout:.0f}s")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="lotse-bench-") as tmp:
        home = Path(tmp) / "neo4j"
        cold, info = timed(lambda: local_server.start(home))
        env = {**os.environ, "NEO4J_URI": info.uri, "NEO4J_USER": info.user,
               "NEO4J_PASSWORD": info.password, "LOTSE_ENV": "development"}
        flask = [sys.executable, "-m", "flask", "--app", "webapp"]
        try:
            init_db, _ = timed(lambda: subprocess.run(
                [*flask, "init-db"], env=env, cwd=ROOT, check=True, capture_output=True))
            port = free_port()
            started = time.perf_counter()
            gunicorn = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                        "--workers", "1", "webapp:create_app()"]
            app = subprocess.Popen(gunicorn, env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for_health(f"http://127.0.0.1:{port}/healthz")
                app_ready = time.perf_counter() - started
            finally:
                app.terminate()
                app.wait(timeout=30)
            local_server.stop(home)
            warm, _ = timed(lambda: local_server.start(home, port=int(info.uri.rsplit(":", 1)[1])))
        finally:
            local_server.stop(home)

    print("Lotse cold start (fresh data folder, seed dataset)")
    print(f"  Neo4j cold start (first start, password set-up) {cold:6.1f} s")
    print(f"  Neo4j warm restart (same folder, baseline)      {warm:6.1f} s")
    print(f"  ratio cold / warm                               {cold / warm:6.2f}")
    print(f"  init-db: schema + seed + embeddings             {init_db:6.1f} s")
    print(f"  app ready (gunicorn start to /healthz 200)      {app_ready:6.1f} s")
    print(f"  total until the app serves                      {cold + init_db + app_ready:6.1f} s")


if __name__ == "__main__":
    main()
