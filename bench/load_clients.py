"""The simulated users of `bench/load.py`: visitors (chat, search, pages, /healthz) and
coordinators editing gremien with the real forms (login, CSRF token, optimistic version).

Each client is one thread with its own cookie jar and makes one request at a time, with a
think time between requests. Every request is recorded as (kind, seconds, outcome); an
outcome other than the expected status is an error.
"""

from __future__ import annotations

import html
import json
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from typing import Any

TIMEOUT = 60.0
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
PASSWORD = "ein-langes-passwort-123"  # noqa: S105 - accounts of a throwaway benchmark graph


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 302 is an answer to record, not to follow


@dataclass
class Recorder:
    """Latencies and outcomes of all clients (thread-safe)."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    saved: list[tuple[str, str]] = field(default_factory=list)  # (gremium, contact)
    conflicts: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self._lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")

    def edited(self, status: int, gremium: str, contact: str) -> None:
        with self._lock:
            if status == 302:
                self.saved.append((gremium, contact))
            elif status == 409:
                self.conflicts += 1


class Session:
    """One browser: a cookie jar, no redirects followed, every request timed."""

    def __init__(self, base: str, recorder: Recorder) -> None:
        self.base = base
        self.recorder = recorder
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect())

    def call(self, kind: str, path: str, *, form: dict[str, str] | None = None,
             body: Any = None, expect: tuple[int, ...] = (200,)) -> tuple[int, str]:
        data, headers = None, {}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
        elif body is not None:
            data, headers = json.dumps(body).encode(), {"Content-Type": "application/json"}
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            status, text = exc.code, exc.read().decode(errors="replace")
        except OSError as exc:  # refused, reset, timed out
            self.recorder.record(kind, time.perf_counter() - started, f"{path}: {exc}")
            return 0, ""
        error = None if status in expect else f"{path}: HTTP {status}"
        self.recorder.record(kind, time.perf_counter() - started, error)
        return status, text


@dataclass(frozen=True)
class Material:
    """What the visitors ask and open: questions, chats, page paths."""

    questions: list[str]
    chats: list[list[str]]
    pages: list[str]


def visitor(session: Session, material: Material, stop: threading.Event, think: float,
            rng: random.Random) -> None:
    """Chats (whole conversations with the token), searches, pages and /healthz, mixed."""
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.25:
            token = None
            for turn in rng.choice(material.chats):
                status, text = session.call("chat", "/api/v1/chat",
                                            body={"message": turn, "conversation": token})
                token = json.loads(text)["conversation"] if status == 200 else None
                stop.wait(rng.uniform(0.5, 1.5) * think)
        elif roll < 0.5:
            question = urllib.parse.quote(rng.choice(material.questions))
            path = rng.choice(["/api/v1/search?q=", "/suche?q="]) + question
            session.call("search", path)
        elif roll < 0.8:
            session.call("page", rng.choice(material.pages))
        else:
            session.call("healthz", "/healthz")
        stop.wait(rng.uniform(0.5, 1.5) * think)


def coordinator(session: Session, email: str, gremien: list[str], stop: threading.Event,
                think: float, rng: random.Random) -> None:
    """Log in, then edit the contact of one of `gremien` again and again with the real
    form; a 409 (somebody saved first) is a properly refused stale save."""
    status, page = session.call("login", "/login")
    token = CSRF.search(page)
    session.call("login", "/login", form={"email": email, "password": PASSWORD,
                                          "csrf_token": token[1] if token else ""},
                 expect=(302,))
    n = 0
    while not stop.is_set():
        gremium = rng.choice(gremien)
        path = f"/verwalten/gremien/{gremium}"
        status, page = session.call("edit-form", path)
        csrf, version = CSRF.search(page), VERSION.search(page)
        if status != 200 or not csrf or not version:
            session.recorder.record("edit", 0.0, f"{path}: no form (HTTP {status})")
            stop.wait(think)
            continue
        n += 1
        contact = f"{email} #{n}"
        stop.wait(rng.uniform(0.0, 0.5) * think)  # typing, while others may save
        status, _ = session.call("edit", path, expect=(302, 409), form={
            "csrf_token": csrf[1], "version": version[1], "contact": contact,
            **form_fields(page)})
        session.recorder.edited(status, gremium, contact)
        stop.wait(rng.uniform(0.5, 1.5) * think)


def form_fields(page: str) -> dict[str, str]:
    """The gremium form's other fields as the page shows them (so only the contact differs)."""
    fields = {}
    for name in ("description", "next_meetings"):
        found = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
        fields[name] = html.unescape(found[1]).strip("\r\n") if found else ""
    rhythm = re.search(r'name="meeting_rhythm"[^>]*value="([^"]*)"', page)
    fields["meeting_rhythm"] = html.unescape(rhythm[1]) if rhythm else ""
    return fields
