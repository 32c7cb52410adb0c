"""A failed browser test leaves a screenshot and the page's console in test-artifacts/."""

from __future__ import annotations

import pytest

from tests.e2e.failure_report import artifact_stem, listen, save_failure_report

pytestmark = pytest.mark.e2e


def test_the_report_holds_a_screenshot_and_the_console(browser, live_server, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    console = listen(page)
    page.goto(live_server + "/")
    page.evaluate("console.error('kaputt'); setTimeout(() => { throw new Error('boom'); })")
    page.wait_for_timeout(200)
    files = save_failure_report(page, console, "tests/e2e/test_x.py::test_y[a b]", tmp_path)
    context.close()
    assert [f.name for f in files] == ["test_x-test_y-a-b.png", "test_x-test_y-a-b.console.txt"]
    assert files[0].read_bytes().startswith(b"\x89PNG")
    log = files[1].read_text(encoding="utf-8")
    assert "[error] kaputt" in log and "boom" in log and live_server in log


def test_artifact_names_are_file_names():
    assert artifact_stem("tests/e2e/test_chat_browser.py::test_chat[Sterkrade/Nord]") == (
        "test_chat_browser-test_chat-Sterkrade-Nord")
