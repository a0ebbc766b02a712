"""gunicorn's access log without order tokens: a token in a log would open the order to anyone
who reads the log while the link is valid."""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

_TOKEN = re.compile(r"(/order/)[^/?\s\"]+")


def redact(text: str) -> str:
    """Return a path or request line with every order token replaced by '…'."""
    return _TOKEN.sub(r"\1…", text)


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict, request_time: Any) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
