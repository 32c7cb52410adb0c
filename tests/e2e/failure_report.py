"""What a failed browser test leaves behind in test-artifacts/: a screenshot of the page
and everything its console said (messages and uncaught errors), named after the test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def artifact_stem(test_id: str) -> str:
    """A file name for a test id ("tests/e2e/test_x.py::test_y[a]" → "test_x-test_y-a")."""
    path, _, test = test_id.partition("::")
    module = path.rsplit("/", 1)[-1].removesuffix(".py")
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{module}-{test}").strip("-")


def listen(page: Any) -> list[str]:
    """Collect the page's console output and uncaught errors from now on."""
    lines: list[str] = []
    page.on("console", lambda message: lines.append(f"[{message.type}] {message.text}"))
    page.on("pageerror", lambda error: lines.append(f"[pageerror] {error}"))
    return lines


def save_failure_report(page: Any, console: list[str], test_id: str,
                        directory: Path) -> list[Path]:
    """Screenshot, URL and console of `page` in `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = artifact_stem(test_id)
    screenshot = directory / f"{stem}.png"
    log = directory / f"{stem}.console.txt"
    written = []
    try:
        page.screenshot(path=str(screenshot), full_page=True)
        written.append(screenshot)
    except Exception as exc:  # a dead page must not hide the test's own failure
        console = [*console, f"[report] no screenshot: {exc}"]
    log.write_text(f"url: {page.url}\n" + "\n".join(console) + "\n", encoding="utf-8")
    return [*written, log]
