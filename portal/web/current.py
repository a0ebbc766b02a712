"""The objects behind Flask's context proxies, for code that reads them many times a page.

Each attribute read through `request`, `g` or `current_app` resolves the proxy again (about 0.7
us); an order page's filters, translations and links made about a hundred such reads. Taking
the object once (about 0.1 us, werkzeug's documented `_get_current_object`) and reading it
directly costs a plain attribute's."""

from __future__ import annotations

from typing import Any, cast

from flask import Flask, Request, current_app, g, request
from flask.ctx import _AppCtxGlobals


def served_request() -> Request:
    held: Request = cast(Any, request)._get_current_object()
    return held


def request_globals() -> _AppCtxGlobals:
    held: _AppCtxGlobals = cast(Any, g)._get_current_object()
    return held


def running_app() -> Flask:
    held: Flask = cast(Any, current_app)._get_current_object()
    return held
