"""User accounts in the browser: admins create, disable and enable them; everyone
logged in changes their own password.

The CLI (`flask users …`, webapp/cli_users.py) does the same for operators;
both go through graph.users, which checks roles, links and password rules.
Account operations are logged in English without any password or hash.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_login import current_user, login_required

from graph import manage_reads
from graph.driver import get_graph
from graph.users import (
    UserError,
    create_user,
    get_account,
    list_accounts,
    set_active,
    set_password,
    verify_login,
)
from webapp.auth import limiter, relogin
from webapp.manage_common import allow
from webapp.manage_forms import (
    AccountActiveForm,
    AccountCreateForm,
    PasswordChangeForm,
    choice_list,
)

log = logging.getLogger(__name__)
bp = Blueprint("manage_users", __name__, url_prefix="/verwalten")


@bp.before_request
@login_required
def require_login() -> None:
    """Every /verwalten URL needs a login; the admin-only views check the role themselves."""


def _create_form() -> AccountCreateForm:
    form = AccountCreateForm()
    graph = get_graph()
    form.gremien.choices = choice_list([(g["id"], g["name"])
                                        for g in manage_reads.managed_gremien(graph, None)])
    form.institutions.choices = choice_list(manage_reads.institution_choices(graph))
    return form


@bp.get("/konten")
def users() -> str:
    allow(current_user.is_admin)
    return _users_page(_create_form())


def _users_page(form: AccountCreateForm, status: int = 200) -> Any:
    accounts = list_accounts(get_graph())
    return render_template("manage/users.html", accounts=accounts, form=form,
                           active_form=AccountActiveForm()), status


@bp.post("/konten")
def create_account() -> Any:
    allow(current_user.is_admin)
    form = _create_form()
    if not form.validate_on_submit():
        return _users_page(form, 400)
    try:
        account = create_user(get_graph(), form.email.data, form.password.data, form.role.data,
                              form.gremien.data, form.institutions.data)
    except UserError as exc:
        log.info("Account creation refused: %s", exc.english)
        form.email.errors.append(exc.german)
        return _users_page(form, 400)
    log.info("User %s created account %s (%s)", current_user.id, account.id, account.role)
    flash(f"Das Konto für {account.email} ist angelegt.", "success")
    return redirect(url_for("manage_users.users"))


@bp.post("/konten/<user_id>/sperren")
def lock_account(user_id: str) -> Any:
    return _set_active(user_id, False)


@bp.post("/konten/<user_id>/entsperren")
def unlock_account(user_id: str) -> Any:
    return _set_active(user_id, True)


def _set_active(user_id: str, active: bool) -> Any:
    allow(current_user.is_admin)
    form = AccountActiveForm()
    if form.validate_on_submit():
        if user_id == current_user.id and not active:
            flash("Das eigene Konto lässt sich nicht sperren.", "error")
            return redirect(url_for("manage_users.users"))
        account = get_account(get_graph(), user_id)
        if account is None:
            flash("Dieses Konto gibt es nicht.", "error")
            return redirect(url_for("manage_users.users"))
        email = account.email
        set_active(get_graph(), email, active)
        log.info("User %s %s account %s", current_user.id,
                 "enabled" if active else "disabled", user_id)
        flash(f"{email} ist {'wieder freigeschaltet' if active else 'gesperrt'}.", "success")
    return redirect(url_for("manage_users.users"))


# Guessing the current password with a stolen session is limited like a login.
LIMIT_CURRENT_CHECK = "5 per 15 minutes"


def _account_key() -> str:
    return "password-check:" + str(getattr(current_user, "id", None))


def _check_failed(response: Any) -> bool:
    return bool(g.get("password_check_failed"))


@bp.route("/passwort", methods=["GET", "POST"])
@limiter.limit(LIMIT_CURRENT_CHECK, methods=["POST"], key_func=_account_key,
               deduct_when=_check_failed)
def change_password() -> Any:
    form = PasswordChangeForm()
    if form.validate_on_submit():
        graph = get_graph()
        if verify_login(graph, current_user.email, form.current.data) is None:
            g.password_check_failed = True
            log.info("User %s gave a wrong current password", current_user.id)
            form.current.errors.append("Das bisherige Passwort stimmt nicht.")
        else:
            try:
                set_password(graph, current_user.email, form.new.data)
            except UserError as exc:
                form.new.errors.append(exc.german)
            else:
                account = get_account(graph, current_user.id)
                if account is not None:
                    relogin(account)  # this browser stays logged in, the other sessions end
                log.info("User %s changed their password", current_user.id)
                flash("Ihr Passwort ist geändert.", "success")
                return redirect(url_for("manage.dashboard"))
    return render_template("manage/password.html", form=form)

