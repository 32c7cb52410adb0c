"""The chat in a real headless Chromium on a phone-sized screen, served by gunicorn with 2
workers (a follow-up may reach the other worker)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def ask(page, question: str) -> None:
    turns = page.locator(".turn").count()
    page.get_by_label("Ihre Frage").fill(question)
    page.get_by_role("button", name="Fragen").click()
    page.locator(".turn").nth(turns).wait_for()


def test_question_follow_up_and_context(page, gunicorn_url, artifacts):
    page.goto(gunicorn_url + "/")
    ask(page, "Welche Angebote gibt es für Senioren in Osterfeld?")
    first = page.locator(".turn").nth(0)
    assert "Gesucht:" in first.locator(".bot-answer").inner_text()
    assert first.locator(".card.result").count() >= 1
    assert page.url.rstrip("/") == gunicorn_url  # answered in place by the script

    ask(page, "Und in Sterkrade?")
    second = page.locator(".turn").nth(1)
    answer = second.locator(".bot-answer").inner_text()
    assert "Seniorinnen und Senioren" in answer and "Sterkrade" in answer
    assert second.locator(".card.result").count() >= 1
    page.screenshot(path=str(artifacts / "chat-follow-up.png"), full_page=True)

    second.get_by_role("button", name="nur kostenlose").click()
    third = page.locator(".turn").nth(2)
    third.wait_for()
    assert "kostenlos" in third.locator(".bot-answer").inner_text()


def test_chat_works_without_javascript(browser, gunicorn_url):
    context = browser.new_context(java_script_enabled=False, locale="de-DE")
    page = context.new_page()
    try:
        page.goto(gunicorn_url + "/")
        page.get_by_label("Ihre Frage").fill("Schuldnerberatung in Sterkrade")
        page.get_by_role("button", name="Fragen").click()
        page.wait_for_url("**/chat")
        assert page.locator(".turn .card.result").count() >= 1
    finally:
        context.close()


def test_a_gremium_answer_shows_its_card(page, gunicorn_url):
    page.goto(gunicorn_url + "/")
    ask(page, "Wann tagt das Sozialraumgremium Osterfeld?")
    card = page.locator(".turn .card.entity-gremium").first
    card.wait_for()
    link = card.get_by_role("link", name="Sozialraumgremium Osterfeld")
    assert link.get_attribute("href") == "/gremien/sozialraumgremium-osterfeld"
