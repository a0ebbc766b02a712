"""Where the Admin API access token comes from: a fixed one from the environment, or one the
portal gets and renews itself with the OAuth client credentials grant (Dev Dashboard apps).

Tokens and the client secret never appear in a log line or an exception message.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

import requests

from portal.clock import SYSTEM_CLOCK, Clock, Deadline
from portal.config import token_url
from portal.shopify.errors import ShopifyAuthError, ShopifyError, ShopifyUnavailable
from portal.shopify.http import read_body

log = logging.getLogger(__name__)

# Renew this share of a token's lifetime early, but never more than five minutes early.
EARLY_SHARE = 0.1
EARLY_MAX_SECONDS = 300.0
# After a failed renewal, keep using a token that has not expired yet and ask again this much later.
RETRY_SECONDS = 10.0
# Refused credentials, or a new token rejected like the last one, stay so until someone acts:
# ask Shopify (and log) again at most this often.
REFUSED_PAUSE_SECONDS = 30.0
_MAX_BODY = 64 * 1024
_ERROR_CODE = re.compile(r"[a-z_]{1,64}")


class AccessToken(Protocol):
    """The token to send as X-Shopify-Access-Token, and what to do when Shopify rejects it."""

    origin: str  # the settings it comes from, named in the operator's log lines

    def value(self, deadline: Deadline) -> str:
        """Return the token to send now; raises ShopifyError when there is none."""
        ...

    def renew_after_rejection(self, rejected: str, deadline: Deadline) -> bool:
        """Return True when a token other than `rejected` is now ready to send."""
        ...


def access_token(settings: Mapping[str, Any], clock: Clock = SYSTEM_CLOCK) -> AccessToken:
    """Return the token source the settings ask for: SHOPIFY_CLIENT_ID wins."""
    if settings.get("SHOPIFY_CLIENT_ID"):
        return ClientCredentialsToken(token_url(settings), settings["SHOPIFY_CLIENT_ID"],
                                      settings["SHOPIFY_API_SECRET"], clock=clock.monotonic)
    return FixedToken(settings["SHOPIFY_ACCESS_TOKEN"])


class FixedToken:
    """A token made in the store's admin: it does not expire, and nothing can renew it."""

    origin = "SHOPIFY_ACCESS_TOKEN"

    def __init__(self, token: str) -> None:
        self._token = token

    def __repr__(self) -> str:
        return "FixedToken(...)"

    def value(self, deadline: Deadline) -> str:
        return self._token

    def renew_after_rejection(self, rejected: str, deadline: Deadline) -> bool:
        return False


@dataclass(frozen=True)
class _Held:
    token: str = ""
    renew_at: float = 0.0
    expires_at: float = 0.0


class ClientCredentialsToken:
    """Gets a token on first use and renews it before it expires or after Shopify rejects it.

    Held in memory, per process: each gunicorn worker gets its own. One thread fetches at a time;
    the others wait for its result, or keep sending the current token while it is still valid.
    """

    origin = "SHOPIFY_CLIENT_ID and SHOPIFY_API_SECRET"

    def __init__(self, url: str, client_id: str, client_secret: str, *,
                 connect_timeout: float = 2.0, read_timeout: float = 5.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.url = url
        self._form = {"grant_type": "client_credentials", "client_id": client_id,
                      "client_secret": client_secret}
        self._timeouts = (connect_timeout, read_timeout)
        self._clock = clock
        self._held = _Held()
        self._lock = threading.Lock()
        self._fetches = 0
        self._last_error: ShopifyError | None = None
        self._refused_until = 0.0
        self._renewed_after_rejection_at = -math.inf
        self._session: requests.Session | None = None
        self._session_pid = 0

    def __repr__(self) -> str:
        return f"ClientCredentialsToken({self.url!r}, {self._form['client_id']!r}, ...)"

    def value(self, deadline: Deadline) -> str:
        held = self._held
        if held.token and self._clock() < held.renew_at:
            return held.token
        return self._renew(held, "", deadline)

    def renew_after_rejection(self, rejected: str, deadline: Deadline) -> bool:
        return self._renew(self._held, rejected, deadline) != rejected

    def _renew(self, held: _Held, rejected: str, deadline: Deadline) -> str:
        usable = self._still_valid(held, rejected)
        fetches_seen = self._fetches
        if usable:
            if not self._lock.acquire(blocking=False):
                return held.token  # another thread is renewing it; this one still works
        elif not self._lock.acquire(timeout=max(0.0, deadline.remaining())):
            raise ShopifyUnavailable("no access token in time: another request is still fetching one")
        try:
            held = self._held
            if held.token != rejected and held.token and self._clock() < held.renew_at:
                return held.token  # renewed while this thread waited
            if self._fetches != fetches_seen and self._last_error is not None:
                # The fetch this thread waited for failed: share its answer rather than repeat it.
                raise type(self._last_error)(str(self._last_error))
            if rejected and self._clock() < self._renewed_after_rejection_at + REFUSED_PAUSE_SECONDS:
                return rejected  # a new token was rejected just like the last: renewing won't help
            return self._fetch_or_keep(held, rejected, deadline)
        finally:
            self._lock.release()

    def _fetch_or_keep(self, held: _Held, rejected: str, deadline: Deadline) -> str:
        if rejected:
            self._renewed_after_rejection_at = self._clock()
            if held.token == rejected:
                self._held = held = _Held()
        try:
            if self._clock() < self._refused_until:
                raise ShopifyAuthError("Shopify refused the app's credentials a moment ago")
            self._held = self._fetch(deadline)
        except ShopifyError as error:
            self._last_error = error
            if not self._still_valid(held, rejected):
                raise
            log.warning("could not renew the Shopify access token (%s): using the current one "
                        "until it expires", error)
            self._held = replace(held, renew_at=min(held.expires_at, self._clock() + RETRY_SECONDS))
            return held.token
        finally:
            self._fetches += 1
        self._last_error = None
        return self._held.token

    def _still_valid(self, held: _Held, rejected: str) -> bool:
        return bool(held.token) and held.token != rejected and self._clock() < held.expires_at

    def _fetch(self, deadline: Deadline) -> _Held:
        remaining = deadline.remaining()
        if remaining <= 0:
            raise ShopifyUnavailable("lookup deadline passed before an access token was fetched")
        connect, read = self._timeouts
        started = self._clock()
        try:
            response = self._http().post(self.url, data=self._form, stream=True,
                                         timeout=(min(connect, remaining), min(read, remaining)))
            with response:
                status = response.status_code
                body = read_body(response, deadline, _MAX_BODY, ShopifyUnavailable)
        except requests.Timeout:
            raise ShopifyUnavailable("the access token request timed out") from None
        except requests.RequestException as error:
            raise ShopifyUnavailable(
                f"access token endpoint unreachable: {type(error).__name__}") from None
        return self._grant(status, body, started)

    def _grant(self, status: int, body: bytes, started: float) -> _Held:
        payload = _json_object(body)
        if status in (400, 401, 403):
            self._refused_until = self._clock() + REFUSED_PAUSE_SECONDS
            code = payload.get("error")
            log.error("Shopify refused the app's credentials (HTTP %s%s): check SHOPIFY_CLIENT_ID "
                      "and SHOPIFY_API_SECRET, and that the app is installed on the store", status,
                      f", {code}" if isinstance(code, str) and _ERROR_CODE.fullmatch(code) else "")
            raise ShopifyAuthError(f"access token request refused (HTTP {status})")
        if status != 200:
            raise ShopifyUnavailable(f"access token request failed (HTTP {status})")
        token = payload.get("access_token")
        if not isinstance(token, str) or not token:
            raise ShopifyUnavailable("access token endpoint answered without a token")
        lifetime = payload.get("expires_in")
        if isinstance(lifetime, bool) or not isinstance(lifetime, (int, float)) or lifetime <= 0:
            # No lifetime given: keep the token until Shopify rejects it.
            return _Held(token, math.inf, math.inf)
        expires_at = started + lifetime  # counted from before the request: errs on the early side
        return _Held(token, expires_at - min(lifetime * EARLY_SHARE, EARLY_MAX_SECONDS), expires_at)

    def _http(self) -> requests.Session:
        # Made on first use and again after a fork, so no worker shares another's connections.
        if self._session is None or self._session_pid != os.getpid():
            self._session = requests.Session()
            self._session.headers["Accept"] = "application/json"
            self._session_pid = os.getpid()
        return self._session


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except ValueError:
        return {}
    return payload if isinstance(payload, dict) else {}
