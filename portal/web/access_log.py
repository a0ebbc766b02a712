"""gunicorn's access log without capabilities: an order token opens an order while its link is
valid, and a signed App Proxy query (signature, timestamp, logged_in_customer_id) replays as that
shopper for as long as Shopify's signature is accepted. Whoever reads the log must get neither."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Iterable, MutableMapping
from datetime import timedelta
from typing import Any, cast
from urllib.parse import unquote_plus

from gunicorn.glogging import Logger

HIDDEN = "…"
_TOKEN = re.compile(r"(/order/)[^/?#\s\"]+")
# A long run of token alphabet is a capability whatever route carries it (an order token is
# over 100 characters); request ids (32) and static file hashes stay readable.
_LONG_TOKEN = re.compile(r"[A-Za-z0-9_-]{40,}={0,2}")
_PARAMETER = re.compile(r"([?&;])([^=&;#\s\"]*)=([^&;#\s\"]*)")
SIGNED_PARAMETERS = frozenset({"signature", "timestamp", "logged_in_customer_id"})


def _hide_signed(match: re.Match[str]) -> str:
    separator, name, _value = match.groups()
    # The portal reads names percent-decoded, so 'sig%6Eature' is the signature too.
    if unquote_plus(name).strip().lower() in SIGNED_PARAMETERS:
        return f"{separator}{name}={HIDDEN}"
    return match.group(0)


def redact(text: str) -> str:
    """Return a log line with every order token and signed App Proxy parameter replaced."""
    text = _PARAMETER.sub(_hide_signed, text)
    return _LONG_TOKEN.sub(HIDDEN, _TOKEN.sub(rf"\1{HIDDEN}", text))


class RedactingLogger(Logger):
    """Redacts the finished line, so every part of it (request line, path, query, referer,
    Location or any header an operator adds to the format) is covered at once."""

    def access(self, resp: Any, req: Any, environ: MutableMapping[str, Any],
               request_time: timedelta) -> None:
        if not self.access_log_enabled:
            return
        atoms = LazyAtoms(resp, req, environ, request_time, lambda: self.atoms_wrapper_class(
            # The stubs' TypedDict names gunicorn's fixed atoms, not the "{variable}e" ones.
            cast("dict[str, Any]", self.atoms(resp, req, environ, request_time))))
        try:
            line = self.cfg.access_log_format % atoms
        except Exception:
            self.error(traceback.format_exc())
            return
        self.access_log.info("%s", redact(line))


class LazyAtoms(dict[str, Any]):
    """gunicorn's log atoms, each made when the format names it.

    gunicorn makes every atom for every request, an entry for each request header, response
    header and WSGI variable included, then escapes them all: some 35 us a request, a tenth of
    a page served from memory, for the six the format uses. The atoms of the shipped format and
    any `{header}i`, `{header}o` or `{variable}e` are made here as gunicorn makes them; any
    other comes from gunicorn's own full set."""

    def __init__(self, resp: Any, req: Any, environ: MutableMapping[str, Any],
                 request_time: timedelta, everything: Callable[[], MutableMapping[str, Any]]) -> None:
        super().__init__()
        self._resp = resp
        self._req = req
        self._environ = environ
        self._time = request_time
        self._everything = everything

    def __missing__(self, key: str) -> Any:
        value = self._made(key)
        if value is _OTHER:
            value = self._everything()[key]  # already escaped by gunicorn
        elif isinstance(value, str):
            # As gunicorn's own atoms: a quote in a value cannot end a quoted field early.
            value = value.replace('"', '\\"')
        self[key] = value
        return value

    def _made(self, key: str) -> Any:
        environ = self._environ
        if key.startswith("{") and key[-2:-1] == "}" and key[-1] in "ioe":
            name, source = key[1:-2].lower(), key[-1]
            found: Iterable[tuple[str, Any]] = (
                environ.items() if source == "e" else
                getattr(self._req, "headers", self._req) if source == "i" else self._resp.headers)
            # The last of repeated headers, as gunicorn's own table keeps it.
            return ([value for header, value in found if header.lower() == name] or ["-"])[-1]
        if key == "h":
            return environ.get("REMOTE_ADDR", "-")
        if key == "r":
            return f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}"
        if key == "s":
            status = self._resp.status
            return status.split(None, 1)[0] if isinstance(status, str) else status
        if key == "b":
            sent = getattr(self._resp, "sent", None)
            return "-" if sent is None else str(sent)
        if key == "L":
            return f"{self._time.seconds}.{self._time.microseconds:06d}"
        return _OTHER


# Any atom not made above (the time, the user agent...): gunicorn's own full set answers.
_OTHER = object()
