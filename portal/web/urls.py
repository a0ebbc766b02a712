"""URLs that depend only on where the portal is mounted, built once per worker.

url_for is the costliest call a page makes (about 15 us). What a rendered page links to (its
static files, the lookup form, an order page's own links, which carry the placeholder token
rather than a shopper's) is the same for every page under one mount point: the portal's root,
or the shop's App Proxy prefix. Each such URL is built once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask, url_for

from portal.web.current import running_app, served_request

EXTENSION = "portal.urls"
UrlValue = str | int


def _build(script_root: str, endpoint: str, values: tuple[tuple[str, UrlValue], ...]) -> str:
    # script_root is part of the cache key: url_for reads it from the request.
    # url_for's keyword values are typed together with its own flags (_external...).
    arguments: dict[str, Any] = dict(values)
    return url_for(endpoint, **arguments)


def page_url(endpoint: str, **values: UrlValue) -> str:
    """url_for(endpoint, **values) for the current mount point, built once. Meant for values
    pages share (the placeholder token, a language); a value seen once, such as an expired
    link's token on its own error page, only takes a slot in the bounded cache, and no other
    values ever return its URL."""
    built = running_app().extensions[EXTENSION]
    url: str = built(served_request().script_root, endpoint, tuple(sorted(values.items())))
    return url


def init_app(app: Flask) -> None:
    # One cache per app: another app may be mounted or versioned differently.
    app.extensions[EXTENSION] = lru_cache(maxsize=256)(_build)
    app.jinja_env.globals["page_url"] = page_url
