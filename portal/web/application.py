"""The Flask class the portal runs on: Flask, with two costs of every request paid once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from portal.web.templating import PageEnvironment


class PortalFlask(Flask):
    """Renders with PageEnvironment, and asks once per function whether it is a coroutine.

    Flask asks on every call, for each of a request's hooks, context processors and its view:
    a dozen inspections of about 1 us each on a page served from memory in about 200 us."""

    jinja_environment = PageEnvironment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = super().ensure_sync(func)
            # The portal's own functions are a few dozen; anything made per call is not kept.
            if len(self._sync) < _KEPT:
                self._sync[func] = sync
        return sync


_KEPT = 512
