"""gunicorn's access log without order tokens: a token in a log would open the order to anyone
who reads the log while the link is valid."""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any, cast

from gunicorn.glogging import Logger

if TYPE_CHECKING:
    from gunicorn.glogging import _AtomsDict

_TOKEN = re.compile(r"(/order/)[^/?\s\"]+")


def redact(text: str) -> str:
    """Return a path or request line with every order token replaced by '…'."""
    return _TOKEN.sub(r"\1…", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: MutableMapping[str, Any],
              request_time: Any) -> _AtomsDict:
        atoms = super().atoms(resp, req, environ, request_time)
        # The stubs' TypedDict names gunicorn's fixed atoms, not the "{variable}e" ones it adds.
        entries = cast("dict[str, Any]", atoms)
        for key in ("r", "U", "{raw_uri}e"):
            if isinstance(entries.get(key), str):
                entries[key] = redact(entries[key])
        return atoms
