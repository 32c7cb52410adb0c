"""Login, logout and roles: flask-login sessions over accounts stored in Neo4j.

Login hygiene: one generic failure message for unknown emails, wrong passwords
and disabled accounts; the session is cleared before a login (no fixation);
failed attempts are rate-limited per address and per account (Flask-Limiter,
storage from RATELIMIT_STORAGE_URI); `next` may only be a path on this site.
Public pages and the search need no login.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user
from flask_login import logout_user as end_login
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from graph.driver import get_graph
from graph.errors import GraphUnavailable
from graph.users import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    ROLES,
    Account,
    end_sessions,
    get_account,
    record_login,
    verify_login,
)
from webapp.errors import error_response
from webapp.forms import GermanForm
from webapp.ratelimit_store import default_storage

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)
login_manager = LoginManager()
# Counts failed logins only (see `_login_failed`); storage comes from RATELIMIT_STORAGE_URI.
limiter = Limiter(key_func=get_remote_address, default_limits=[],
                  in_memory_fallback_enabled=True)

LOGIN_FAILED = "E-Mail oder Passwort ist falsch."
LIMIT_PER_ADDRESS = "5 per minute"
LIMIT_PER_EMAIL = "10 per 15 minutes"
GENERATION_SEPARATOR = "~"
# Where a login without a usable `next` lands: the first endpoint the app has (planners
# on their planning hub, everyone else on the maintenance dashboard).
DEFAULT_ENDPOINTS = ("manage.dashboard", "search.chat_page")
PLANNER_ENDPOINT = "planning.index"


class CurrentUser(UserMixin):
    """The logged-in account with the permission checks the views use."""

    def __init__(self, account: Account) -> None:
        self.account = account

    def get_id(self) -> str:
        """What the session stores: the account and its session generation (see
        `_load_user`), so that raising the generation ends this session."""
        return f"{self.account.id}{GENERATION_SEPARATOR}{self.account.generation}"

    @property
    def id(self) -> str:
        return self.account.id

    @property
    def email(self) -> str:
        return self.account.email

    @property
    def role(self) -> str:
        return self.account.role

    @property
    def gremien(self) -> tuple[str, ...]:
        return self.account.gremien

    @property
    def institutions(self) -> tuple[str, ...]:
        return self.account.institutions

    @property
    def is_active(self) -> bool:
        return self.account.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def can_edit_gremium(self, gremium_id: str) -> bool:
        return self.is_admin or (self.role == "coordinator" and gremium_id in self.gremien)

    def can_edit_institution(self, institution_id: str) -> bool:
        return self.is_admin or (self.role == "editor" and institution_id in self.institutions)

    def can_see_planning(self) -> bool:
        return self.role in ("admin", "planner")


def roles_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous users go to the login; others need one of `roles` (admins always pass) or 403."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown role(s): {', '.join(sorted(unknown))}")
    allowed = frozenset(roles) | {"admin"}

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return login_required(wrapper)

    return decorator


class LoginForm(GermanForm):
    email = EmailField(
        "E-Mail",
        validators=[DataRequired("Bitte geben Sie Ihre E-Mail-Adresse ein."),
                    Length(max=MAX_EMAIL_LENGTH)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Passwort",
        validators=[DataRequired("Bitte geben Sie Ihr Passwort ein."),
                    Length(max=MAX_PASSWORD_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Anmelden")


class LogoutForm(GermanForm):
    """Nothing but the CSRF token: logging out is a POST from this site."""


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site, else None.

    Refused: absolute URLs, protocol-relative `//host`, backslashes (browsers
    read `/\\host` as `//host`) and control characters.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def default_target() -> str:
    """Where a login goes when there is no (acceptable) `next`."""
    planner = current_user.is_authenticated and current_user.role == "planner"
    endpoints = (PLANNER_ENDPOINT, *DEFAULT_ENDPOINTS) if planner else DEFAULT_ENDPOINTS
    endpoint = next(e for e in endpoints if e in current_app.view_functions)
    return url_for(endpoint)


def _email_key() -> str:
    """Rate-limit key per account; hashed so that no email lands in the limiter's storage/log."""
    email = (request.form.get("email") or "").strip().lower()
    return "email:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _login_failed(response: Response) -> bool:
    return bool(g.get("login_failed"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LIMIT_PER_ADDRESS, methods=["POST"], deduct_when=_login_failed)
@limiter.limit(LIMIT_PER_EMAIL, methods=["POST"], key_func=_email_key,
               deduct_when=_login_failed)
def login() -> Any:
    target = safe_next(request.args.get("next"))
    if request.method == "GET" and current_user.is_authenticated:
        return redirect(target or default_target())
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        account = verify_login(get_graph(), form.email.data, form.password.data)
        if account is not None:
            record_login(get_graph(), account.id)
            session.clear()  # nothing from before the login survives (no session fixation)
            login_user(CurrentUser(account))
            log.info("User %s logged in", account.id)
            return redirect(target or default_target())
        failed = True
    if request.method == "POST":
        g.login_failed = True
        log.info("Failed login attempt from %s", get_remote_address())
    return render_template("auth/login.html", form=form, failed=failed,
                           message=LOGIN_FAILED, next=target)


@bp.post("/logout")
def logout() -> Any:
    if not LogoutForm().validate_on_submit():  # CSRFProtect refuses a missing token before
        abort(400)
    if current_user.is_authenticated:
        end_sessions(get_graph(), current_user.id)  # a copied cookie dies with this one
        log.info("User %s logged out", current_user.id)
    end_login()
    session.clear()
    flash("Sie sind abgemeldet.", "success")
    return redirect(url_for("search.chat_page"))


def relogin(account: Account) -> None:
    """Keep this browser logged in after its account's generation was raised (a new
    password ends the other sessions, not the one that set it)."""
    login_user(CurrentUser(account))


def _load_user(session_id: str) -> CurrentUser | None:
    """The session's account if it still exists, is active and the session is of its
    current generation (logout, a new password or disabling end older sessions)."""
    user_id, _, generation = session_id.rpartition(GENERATION_SEPARATOR)
    try:
        account = get_account(get_graph(), user_id) if user_id else None
    except GraphUnavailable as exc:
        # Anonymous for this request (the session is kept) so that the error page renders;
        # `_user_unavailable` answers the request with 503, not as if nobody were logged in.
        log.warning("Could not load user %s, Neo4j unavailable: %s", user_id, exc)
        g.user_unavailable = True
        return None
    if account is None or not account.active or str(account.generation) != generation:
        return None
    return CurrentUser(account)


def _user_unavailable() -> Any:
    """503 for a request with a session whose account cannot be read right now."""
    unavailable = ("_user_id" in session and not current_user.is_authenticated
                   and g.get("user_unavailable"))
    return error_response(503) if unavailable else None


def init_app(app: Flask) -> None:
    """Sessions (flask-login), the login rate limits (Flask-Limiter) and `logout_form`."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Bitte melden Sie sich an."
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_user)
    login_manager.init_app(app)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = default_storage(
            app.config["LOTSE_ENV"], Path(app.config["LOTSE_STATE_DIR"]))
    limiter.init_app(app)
    app.before_request(_user_unavailable)

    @app.context_processor
    def account_context() -> dict[str, Any]:
        # Only for logged-in users: a form sets a CSRF token, i.e. a session cookie.
        if not current_user.is_authenticated:
            return {"logout_form": None, "manage_url": None}
        manage = "manage.dashboard" in current_app.view_functions
        return {"logout_form": LogoutForm(),
                "manage_url": url_for("manage.dashboard") if manage else None}
