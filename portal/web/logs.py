"""Log lines an operator can parse: key=value, one line per event, each with the id of the request
it belongs to, which the access log and the response's X-Request-Id header carry too."""

from __future__ import annotations

import logging
import random
import re

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-Id"
# What nginx's $request_id and most tracing proxies send; anything else could forge log fields.
_INCOMING = re.compile(r"[A-Za-z0-9._-]{8,64}")


def request_id() -> str:
    """The id of the request being served, or '-' outside a request."""
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, so one format fits requests and start-up alike."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


class OneLineFormatter(logging.Formatter):
    """A record, traceback included, on one line: a newline in a value cannot start a fake event."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")


def _new_id() -> str:
    # An id names a request in the logs; it is no secret, so the process's own generator (reseeded
    # in each forked worker) serves, without uuid4's read of the kernel's random source.
    return f"{random.getrandbits(128):032x}"


def init_app(app: Flask) -> None:
    # Only a proxy of ours may name the request: from anyone else the header is ignored.
    trusted = app.config["TRUSTED_PROXIES"] > 0

    @app.before_request
    def assign_request_id() -> None:
        incoming = request.headers.get(HEADER, "") if trusted else ""
        g.request_id = incoming if _INCOMING.fullmatch(incoming) else _new_id()

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        # Added, not set: nothing else names a response's id, and a set scans every header.
        response.headers.add(HEADER, request_id())
        return response
