"""gunicorn's access log without capabilities: an order token opens an order while its link is
valid, and a signed App Proxy query (signature, timestamp, logged_in_customer_id) replays as that
shopper for as long as Shopify's signature is accepted. Whoever reads the log must get neither."""

from __future__ import annotations

import re
import traceback
from collections.abc import MutableMapping
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
               request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        # The stubs' TypedDict names gunicorn's fixed atoms, not the "{variable}e" ones it adds.
        atoms = self.atoms_wrapper_class(
            cast("dict[str, Any]", self.atoms(resp, req, environ, request_time)))
        try:
            line = self.cfg.access_log_format % atoms
        except Exception:
            self.error(traceback.format_exc())
            return
        self.access_log.info("%s", redact(line))
