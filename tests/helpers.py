"""Small helpers the tests share: submitting the lookup form as a browser would."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/") -> str:
    page = client.get(path)
    match = _CSRF.search(page.get_data(as_text=True))
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


def without_csrf(html: str) -> str:
    return _CSRF.sub('name="csrf_token" type="hidden" value=""', html)
