"""One log format: JSON lines on stderr, each with the id of the request it belongs to.

`LOGGING` is a `logging.config.dictConfig` dictionary; gunicorn applies it in the master and
every worker (`logconfig_dict` in gunicorn.conf.py), so gunicorn's own lines, the app's
lines and each request's line (webapp.request_log) come out alike:

    {"time": "2026-12-03T10:15:02.311Z", "level": "ERROR", "logger": "webapp.errors",
     "message": "Unhandled error on GET /angebote", "request_id": "9f1c…", "pid": 812,
     "exception": "Traceback …"}

Fields passed with `extra=` (the request line's method, endpoint, status, …) are added as
they are. No question text and no query string is ever logged.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from flask import g, has_request_context

# Attributes every LogRecord has; anything else on a record came in through `extra=`.
STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {
    "message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record made while a request is handled (else None)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = (g.get("request_id") if has_request_context() else None)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; exceptions as a text field of the same line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "pid": record.process,
        }
        entry.update({k: v for k, v in record.__dict__.items() if k not in STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": RequestIdFilter}},
    "formatters": {"json": {"()": JsonFormatter}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                   "formatter": "json", "filters": ["request_id"]},
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    # gunicorn's own lines go to the root handler; its access lines are dropped, since the
    # app logs each request itself (webapp.request_log), with its id and without the query.
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
        "neo4j": {"level": "WARNING"},
    },
}
