"""Small helpers the tests share: submitting the lookup form as a browser would, and listing
the messages marked for translation."""

from __future__ import annotations

import re
from pathlib import Path

import requests
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import SECRET_KEY

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    return csrf_in(client.get(path).get_data(as_text=True))


def csrf_in(html: str) -> str:
    """The CSRF token of the lookup form in a page."""
    match = _CSRF.search(html)
    assert match, "the form has no CSRF token"
    return match.group(1)


def submit(client: FlaskClient, order_number: str, email: str, *, path: str = "/",
           headers: dict[str, str] | None = None) -> TestResponse:
    """POST the lookup form with a valid CSRF token, without following the redirect."""
    token = csrf_token(client, path)
    return client.post(path, data={"csrf_token": token, "order_number": order_number,
                                   "email": email}, headers=headers or {})


def open_order(client: FlaskClient, order_number: str, email: str, **kwargs) -> TestResponse:
    """Look an order up and follow the redirect to its page; asserts the lookup succeeded."""
    found = submit(client, order_number, email, **kwargs)
    assert found.status_code == 303, found.get_data(as_text=True)[:500]
    return client.get(found.headers["Location"])


def post_lookup(base_url: str, order_number: str, email: str) -> requests.Response:
    """Submit the lookup form to a running server as a browser would, without following the
    redirect."""
    session = requests.Session()
    token = csrf_in(session.get(base_url + "/", timeout=10).text)
    return session.post(base_url + "/", data={"csrf_token": token,
                                              "order_number": order_number, "email": email},
                        allow_redirects=False, timeout=15)


def lookup_over_http(base_url: str, order_number: str, email: str) -> int:
    """Submit the lookup form to a running server as a browser would; return the status code."""
    return post_lookup(base_url, order_number, email).status_code


def gunicorn_settings(shopify, redis_url: str, **overrides: str) -> dict[str, str]:
    """Environment for the portal under gunicorn against the test Redis and the fake Shopify."""
    return {"WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4",
            "SHOPIFY_SHOP": "demo-store.myshopify.com", "SHOPIFY_ACCESS_TOKEN": shopify.access_token,
            "SHOPIFY_API_URL": shopify.url, "SHOPIFY_API_SECRET": "test-api-secret",
            "REDIS_URL": redis_url, "SECRET_KEY": SECRET_KEY,
            "RATE_LIMIT_PER_IP": "1000 per minute", "NOT_FOUND_MIN_MS": "0", **overrides}


def without_csrf(html: str) -> str:
    return _CSRF.sub('name="csrf_token" type="hidden" value=""', html)


ROOT = Path(__file__).resolve().parents[2]
MessageKey = tuple[str | tuple[str, ...], str | None]


def _searched(path: str) -> bool:
    name = Path(path).name
    return not name.startswith(".") and name != "node_modules"


def translatable_messages() -> dict[MessageKey, str]:
    """Every message `make translations` extracts (per babel.cfg): (msgid, context) -> the first
    file that uses it. Plural messages have a (singular, plural) msgid."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[MessageKey, str] = {}
    for filename, _line, msgid, _comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, directory_filter=_searched):
        found.setdefault((msgid, context), filename)
    return found
