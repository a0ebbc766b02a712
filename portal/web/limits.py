"""Per-client limits on the pages that make an uncached Shopify call for whoever asks, counted
with the failed-guess counters: in Redis, so they hold across workers, and while Redis is down
in the host's fallback file, so recycling a worker does not reset them.

A view declares its limit with `@per_client`.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from typing import TypeGuard, TypeVar

from flask import Flask, request
from flask.typing import ResponseReturnValue, RouteCallable

from portal.web.errors import error_page
from portal.web.services import services

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])
_MARK = "limited_per_client"


def _limited_per_client(view: RouteCallable) -> TypeGuard[Callable[..., ResponseReturnValue]]:
    # Only `per_client` marks a view, and it takes plain (not async) views alone.
    return bool(getattr(view, _MARK, False))


def per_client(view: View) -> View:
    """Limit a view to RATE_LIMIT_PER_IP per client address: for pages that ask Shopify on demand."""
    setattr(view, _MARK, True)
    return view


def client_address() -> str:
    """The client's address, canonical and hashed, for per-IP limits and log lines; never empty,
    since an empty key disables a limit."""
    return services().keys.client(canonical_client(request.remote_addr or ""))


def canonical_client(address: str) -> str:
    """One spelling per client: IPv4 as dotted quad (also when mapped into IPv6), IPv6 as its
    /64, since one subscriber usually holds a whole /64 and picks addresses from it at will."""
    text = address.strip().removeprefix("[").split("]", 1)[0].split("%", 1)[0]
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        # Every unparseable spelling shares one bucket rather than each getting its own.
        return "unparseable"
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def init_app(app: Flask) -> None:
    """Apply the per-client limit to every view declared with `per_client`. Call after
    registering views; every other page skips the limit's work altogether."""
    for endpoint, view in list(app.view_functions.items()):
        if _limited_per_client(view):
            app.view_functions[endpoint] = _limited(view)


def _limited(view: View) -> Callable[..., ResponseReturnValue]:
    @functools.wraps(view)
    def limited(*args: object, **kwargs: object) -> ResponseReturnValue:
        # Each page keeps its own count, as each asks Shopify for something else.
        wait = services().client_limit.wait(f"ip:{request.endpoint}:{client_address()}")
        if wait:
            services().metrics.refused("per_ip")
            return error_page(429, {"Retry-After": str(wait)})
        return view(*args, **kwargs)
    return limited
