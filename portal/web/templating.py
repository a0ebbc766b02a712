"""The Jinja environment pages are rendered with."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment


class PageEnvironment(Environment):
    """Flask's Jinja environment, with each template's globals as one plain dict.

    Jinja keeps a template's globals as a ChainMap over the environment's and copies them into
    every context it makes, once for the page and once per include: each copy walks the
    ChainMap in Python, a third of rendering an empty page. The app factory installs every
    global before any template is loaded, so a template can hold a snapshot."""

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}
