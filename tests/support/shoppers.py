"""Shopper: a browser reaching the portal over HTTP from an address of its own, as the load
balancer in front of several instances reports it (X-Forwarded-For, with TRUSTED_PROXIES=1)."""

from __future__ import annotations

import itertools
import re

import requests

_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
# TEST-NET-3 addresses: each shopper meets only the per-address limit of its own requests.
_ADDRESSES = (f"203.0.113.{n % 250 + 1}" for n in itertools.count())


class Shopper:
    def __init__(self) -> None:
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = next(_ADDRESSES)

    def look_up(self, base: str, number: str, email: str) -> requests.Response:
        """Fetch the form and submit it, without following the redirect to the order page."""
        form = self.session.get(base + "/", timeout=10)
        token = _CSRF.search(form.text)
        assert token, form.text[:300]
        return self.session.post(base + "/", data={"csrf_token": token.group(1),
                                                   "order_number": number, "email": email},
                                 allow_redirects=False, timeout=20)
