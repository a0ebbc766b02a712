"""Start-up work for a served worker: the check gunicorn.conf.py runs (where gunicorn listens, and
whether slow clients reach it), and preparing pages and languages before the first shopper asks."""

from __future__ import annotations

import gc
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from flask import Flask

from portal.web import formats
from portal.web.i18n import store_locale

SETTING = "BEHIND_BUFFERING_PROXY"


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def exposed_addresses(addresses: Iterable[Any], env: Mapping[str, str]) -> list[str]:
    """Return the TCP addresses other machines can reach with nothing buffering requests in front.

    gunicorn's threaded workers read a request themselves, so a client sending it a byte at a time
    holds a worker thread for as long as it likes; a buffering proxy (nginx, Heroku's router)
    reads the whole request first. `addresses` are gunicorn's parsed binds; unix sockets are local."""
    if env.get(SETTING, "").strip().lower() in ("1", "true", "yes"):
        return []
    return [f"{address[0]}:{address[1]}" for address in addresses
            if isinstance(address, tuple) and not _is_loopback(str(address[0]))]


def warning(address: str) -> str:
    """The start-up warning for one exposed address, as a key=value log line."""
    return (f"listening address={address} buffering_proxy=none: slow clients can hold every worker "
            f"thread; put nginx in front (deploy/nginx.conf) and listen on 127.0.0.1, or set "
            f"{SETTING}=1 when a buffering proxy or router is already in front")


def prepare_worker(app: Flask) -> None:
    """Do now, in a worker that has just started, what its first shoppers would otherwise wait
    for: compile every page template (about 70 ms, a quarter of the CPU of a worker's first
    views in the benchmark), load the store's language's CLDR data (about 10 ms), and set what
    start-up made aside from the garbage collector."""
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)
    # The store's own language only: each other language's data is 1 MB more in every worker,
    # paid once by its first page instead.
    formats.load(store_locale(app.config["DEFAULT_LOCALE"]))
    # What start-up made (modules, the app, locale data, templates: some 90,000 objects) lives
    # as long as the worker. Frozen, the collector stops walking it in every full collection
    # (about 30 ms each, charged to whichever request set it off).
    gc.freeze()
