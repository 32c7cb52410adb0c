"""Account commands: `flask --app webapp users create | list | set-password | disable | enable`.

Passwords come from a hidden prompt (asked twice) or, for scripts, from the
environment variable LOTSE_NEW_PASSWORD; they are never an argument (visible in
the process list and the shell history), never echoed and never logged.
Errors are one English line and exit code 1, like the other operator commands.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from flask import Flask
from flask.cli import with_appcontext

from graph.driver import get_graph
from graph.users import (
    ROLES,
    UserError,
    check_password,
    create_user,
    ensure_user_schema,
    list_accounts,
    set_active,
    set_password,
)
from webapp.cli import operator_errors


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """A refused account operation becomes its English message and exit code 1."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            raise click.ClickException(exc.english) from None

    return wrapper


def new_password() -> str:
    """From LOTSE_NEW_PASSWORD when set (even if empty: scripts must not hang on a prompt)."""
    from_env = os.environ.get("LOTSE_NEW_PASSWORD")
    if from_env is not None:
        return from_env
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    check_password(password)  # before any database work
    return password


@click.group("users")
def users_group() -> None:
    """Manage user accounts (roles: admin, coordinator, editor, planner)."""


@users_group.command("create")
@click.option("--email", required=True, help="Login email (stored lower-cased).")
@click.option("--role", required=True, help=f"One of: {', '.join(ROLES)}.")
@click.option("--gremium", "gremien", multiple=True, metavar="ID",
              help="Gremium a coordinator coordinates (repeatable).")
@click.option("--institution", "institutions", multiple=True, metavar="ID",
              help="Institution an editor maintains (repeatable).")
@with_appcontext
@operator_errors
@user_errors
def create_command(email: str, role: str, gremien: tuple[str, ...],
                   institutions: tuple[str, ...]) -> None:
    """Create an active account; the password is asked for (or read from LOTSE_NEW_PASSWORD)."""
    password = new_password()
    graph = get_graph()
    ensure_user_schema(graph)
    account = create_user(graph, email, password, role, gremien, institutions)
    click.echo(f"Created {account.role} {account.email} ({account.id}).")


@users_group.command("list")
@with_appcontext
@operator_errors
def list_command() -> None:
    """List accounts: email, role, state, what they may edit, last login."""
    accounts = list_accounts(get_graph())
    if not accounts:
        click.echo("No accounts.")
    for account in accounts:
        state = "active" if account.active else "disabled"
        scope = ", ".join(account.gremien + account.institutions) or "-"
        last = account.last_login.strftime("%Y-%m-%d %H:%M UTC") if account.last_login else "never"
        click.echo(f"{account.email}\t{account.role}\t{state}\t{scope}\tlast login: {last}")


@users_group.command("set-password")
@click.option("--email", required=True)
@with_appcontext
@operator_errors
@user_errors
def set_password_command(email: str) -> None:
    """Set a new password (asked for, or read from LOTSE_NEW_PASSWORD)."""
    set_password(get_graph(), email, new_password())
    click.echo(f"Password changed for {email.strip().lower()}.")


@users_group.command("disable")
@click.option("--email", required=True)
@with_appcontext
@operator_errors
@user_errors
def disable_command(email: str) -> None:
    """Disable an account: no more logins, open sessions end at their next request."""
    set_active(get_graph(), email, False)
    click.echo(f"Disabled {email.strip().lower()}.")


@users_group.command("enable")
@click.option("--email", required=True)
@with_appcontext
@operator_errors
@user_errors
def enable_command(email: str) -> None:
    """Enable a disabled account again."""
    set_active(get_graph(), email, True)
    click.echo(f"Enabled {email.strip().lower()}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(users_group)
