"""A live Lotse server in a thread and a real headless Chromium (Debian's package).

Without Chromium the browser tests skip with a clear message on a developer's
machine; in CI (`LOTSE_REQUIRE_BROWSER=1`, set by .ci/run) they fail instead, so
they can never be skipped silently there.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.conftest import make_app
from tests.e2e.failure_report import listen, save_failure_report
from tests.support import close_app
from webapp.warmup import warm

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def chromium_path() -> str | None:
    return os.environ.get("LOTSE_CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's 'chromium' package to run browser tests"
        if os.environ.get("LOTSE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True,
                                             args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve `app` on a free local port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        close_app(app)


@pytest.fixture
def live_server(neo4j_connection, seeded_state) -> Iterator[str]:
    app = make_app(neo4j_connection)
    # As gunicorn does before a worker serves (gunicorn.conf.py): the first search of a
    # process loads the models and embeds the out-of-scope references (~10 s on 2 cores).
    warm(app)
    with serving(app) as url:
        yield url
    seeded_state.graph.write("MATCH (e:SearchEvent) DELETE e")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """Keep each phase's report on the test item, for `page` to see whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page(browser, live_server, request) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = listen(page)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        for path in save_failure_report(page, console, request.node.nodeid, ARTIFACTS):
            print(f"browser test failed: see {path}")
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
