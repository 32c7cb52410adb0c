"""The folder where gunicorn's workers keep their metrics (prometheus_client's multiprocess
mode, `PROMETHEUS_MULTIPROC_DIR`, set by gunicorn.conf.py before anything imports
prometheus_client): emptied of a previous run's files before the workers start, and told
when a worker is gone."""

from __future__ import annotations

import os
from pathlib import Path

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def clear() -> Path:
    """The folder, created if need be, without the count files of an earlier run."""
    folder = Path(os.environ[VARIABLE])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):  # only prometheus_client's files, nothing else
        stale.unlink()
    return folder


def worker_exited(pid: int) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(pid)
