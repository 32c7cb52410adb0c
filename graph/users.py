"""User accounts in the graph: roles, what each may edit, hashed passwords.

Roles: `admin` (social planning: everything, user management), `coordinator`
(of one or more Gremien), `editor` (of one or more Institutions) and `planner`
(read access to the planning views). Emails are stored lower-cased and are
unique. Passwords are hashed with scrypt; an `Account` never carries the hash,
only `verify_login` reads it, and the Neo4j driver's debug log of query
parameters is redacted so that the hash cannot reach a log file either.
"""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import neo4j
from werkzeug.security import check_password_hash, generate_password_hash

from graph.driver import Graph
from graph.errors import GraphError
from graph.queries import MISSING_IDS
from graph.queries import users as q

ROLES = ("admin", "coordinator", "editor", "planner")
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 1024  # bounds the hashing work a single request can ask for
MAX_EMAIL_LENGTH = 254
HASH_METHOD = "scrypt"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class UserError(GraphError):
    """An account operation was refused: a German message for people, English for logs."""

    def __init__(self, german: str, english: str) -> None:
        super().__init__(english)
        self.german = german
        self.english = english


@dataclass(frozen=True)
class Account:
    """What the app knows about a user; deliberately without the password hash."""

    id: str
    email: str
    role: str
    active: bool
    gremien: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    last_login: datetime | None = None
    generation: int = 0  # sessions of an older generation are no longer valid


class _RedactPasswordHashes(logging.Filter):
    """Blank out password hashes in the driver's DEBUG lines (it logs every RUN's parameters)."""

    PATTERN = re.compile(r"(?:scrypt|pbkdf2)[^$'\"\s]*\$[^$'\"\s]*\$[0-9a-fA-F]+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.PATTERN.sub("<password hash>", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


logging.getLogger("neo4j.io").addFilter(_RedactPasswordHashes())


def normalise_email(email: str) -> str:
    return email.strip().lower()


def ensure_user_schema(graph: Graph) -> None:
    """The unique constraint on emails (the one on ids is part of graph.schema)."""
    graph.write(q.USER_EMAIL_CONSTRAINT)


def check_password(password: str) -> None:
    """Refuse passwords that are too short (or absurdly long)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(
            f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen lang sein.",
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise UserError(
            f"Das Passwort darf höchstens {MAX_PASSWORD_LENGTH} Zeichen lang sein.",
            f"the password must be at most {MAX_PASSWORD_LENGTH} characters long",
        )


def create_user(graph: Graph, email: str, password: str, role: str,
                gremien: Iterable[str] = (), institutions: Iterable[str] = ()) -> Account:
    """Create an active account and its links in one write transaction, after checking input."""
    email = normalise_email(email)
    gremien, institutions = sorted(set(gremien)), sorted(set(institutions))
    _check_new_account(email, role, gremien, institutions)
    check_password(password)
    password_hash = generate_password_hash(password, method=HASH_METHOD)
    user_id = str(uuid.uuid4())

    def work(tx: neo4j.ManagedTransaction) -> None:
        if tx.run(q.EMAIL_TAKEN, email=email).single()["taken"]:
            raise _email_taken(email)
        _require_existing(tx, MISSING_IDS["Gremium"], gremien, "Gremium", "gremium")
        _require_existing(tx, MISSING_IDS["Institution"], institutions, "Einrichtung",
                          "institution")
        tx.run(q.CREATE_USER, id=user_id, email=email, password_hash=password_hash,
               role=role).consume()
        tx.run(q.LINK_GREMIEN, id=user_id, ids=gremien).consume()
        tx.run(q.LINK_INSTITUTIONS, id=user_id, ids=institutions).consume()

    try:
        graph.write_tx(work)
    except UserError:
        raise
    except GraphError as exc:  # two creations raced past EMAIL_TAKEN: the constraint decides
        if "ConstraintValidationFailed" in str(exc):
            raise _email_taken(email) from exc
        raise
    return Account(id=user_id, email=email, role=role, active=True,
                   gremien=tuple(gremien), institutions=tuple(institutions))


def _check_new_account(email: str, role: str, gremien: list[str],
                       institutions: list[str]) -> None:
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise UserError("Bitte geben Sie eine gültige E-Mail-Adresse an.",
                        f"not a valid email address: {email!r}")
    if role not in ROLES:
        raise UserError("Diese Rolle gibt es nicht.",
                        f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    # Links must match the role, so that a permission never hangs on a stale link.
    if role == "coordinator" and not gremien:
        raise UserError("Eine Gremienkoordination braucht mindestens ein Gremium.",
                        "a coordinator needs at least one gremium")
    if role == "editor" and not institutions:
        raise UserError("Ein Einrichtungskonto braucht mindestens eine Einrichtung.",
                        "an editor needs at least one institution")
    if gremien and role != "coordinator":
        raise UserError("Gremien lassen sich nur einer Gremienkoordination zuordnen.",
                        f"only coordinators coordinate gremien, not {role}s")
    if institutions and role != "editor":
        raise UserError("Einrichtungen lassen sich nur einem Einrichtungskonto zuordnen.",
                        f"only editors edit institutions, not {role}s")


def _require_existing(tx: neo4j.ManagedTransaction, query: str, ids: list[str],
                      german_kind: str, english_kind: str) -> None:
    if not ids:
        return
    missing = tx.run(query, ids=ids).single()["missing"]
    if missing:
        names = ", ".join(missing)
        raise UserError(f"{german_kind} nicht gefunden: {names}",
                        f"no {english_kind} with id {names}")


def _email_taken(email: str) -> UserError:
    return UserError("Für diese E-Mail-Adresse gibt es schon ein Konto.",
                     f"an account for {email} exists already")


def _account(record: neo4j.Record | dict[str, Any]) -> Account:
    last_login = record["last_login"]
    return Account(
        id=record["id"],
        email=record["email"],
        role=record["role"],
        active=bool(record["active"]),
        gremien=tuple(record["gremien"]),
        institutions=tuple(record["institutions"]),
        last_login=last_login.to_native() if last_login is not None else None,
        generation=record["generation"],
    )


def get_account(graph: Graph, user_id: str) -> Account | None:
    records = graph.read(q.GET_ACCOUNT, id=user_id)
    return _account(records[0]) if records else None


def find_by_email(graph: Graph, email: str) -> Account | None:
    records = graph.read(q.FIND_BY_EMAIL, email=normalise_email(email))
    return _account(records[0]) if records else None


def list_accounts(graph: Graph) -> list[Account]:
    return [_account(record) for record in graph.read(q.LIST_ACCOUNTS)]


@cache
def _dummy_hash() -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=HASH_METHOD)


def verify_login(graph: Graph, email: str, password: str) -> Account | None:
    """The active account with this email and password, else None.

    Unknown emails are checked against a dummy hash, so that all failures take
    about as long as a wrong password and a caller cannot tell them apart.
    """
    records = graph.read(q.LOGIN_BY_EMAIL, email=normalise_email(email))
    record = records[0] if records else None
    stored = (record["password_hash"] if record else None) or _dummy_hash()
    if not check_password_hash(stored, password) or record is None:
        return None
    account = _account(record)
    return account if account.active else None


def record_login(graph: Graph, user_id: str) -> None:
    graph.write(q.RECORD_LOGIN, id=user_id)


def end_sessions(graph: Graph, user_id: str) -> None:
    """Invalidate every session of the account (all browsers, all workers)."""
    graph.write(q.END_SESSIONS, id=user_id)


def set_password(graph: Graph, email: str, password: str) -> None:
    """Store a new password; every session of the account ends."""
    check_password(password)
    password_hash = generate_password_hash(password, method=HASH_METHOD)
    records = graph.write(q.STORE_NEW_HASH, email=normalise_email(email),
                          password_hash=password_hash)
    if not records[0]["updated"]:
        raise _unknown_account(email)


def set_active(graph: Graph, email: str, active: bool) -> None:
    """Enable or disable an account; a disabled one cannot log in and loses its sessions."""
    records = graph.write(q.SET_ACTIVE, email=normalise_email(email), active=active)
    if not records[0]["updated"]:
        raise _unknown_account(email)


def _unknown_account(email: str) -> UserError:
    return UserError("Dieses Konto gibt es nicht.", f"no account for {normalise_email(email)}")
