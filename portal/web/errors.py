"""Every failure a shopper can meet, as a clear page with the right status. The pages make no
calls to Shopify or Redis, so they render even when both are down."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from portal.failures import Unavailable
from portal.web.services import services

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60

_PAGES = {
    400: (_l("Something was wrong with that request"),
          _l("Go back to the form and try again.")),
    401: (_l("Open order tracking from the store"),
          _l("This page only works through the store's website. Go to the store and choose "
             "“Track your order”.")),
    404: (_l("Page not found"), _l("This page does not exist. Check the address, or look up "
                                   "your order from the start.")),
    405: (_l("That did not work"), _l("Go back to the form and try again.")),
    413: (_l("That was too much to send"), _l("Go back to the form and try again.")),
    429: (_l("Too many attempts"),
          _l("For your security, lookups are paused for a little while. Please try again later.")),
    500: (_l("Something went wrong on our side"),
          _l("Sorry about that. Please try again in a moment.")),
    503: (_l("We can't reach the store right now"),
          _l("Your order is safe. Please try again in a minute.")),
}


def error_page(status: int, headers: dict[str, str] | None = None) -> ResponseReturnValue:
    """Return a response for an error status, with a translated title and explanation."""
    title, message = _PAGES.get(status, _PAGES[500] if status >= 500 else _PAGES[400])
    known = services().shop.known()
    if known and "store_name" not in g:
        g.store_name = known.name
    body = render_template("error.html", status=status, title=title, message=message)
    return body, status, headers or {}


def _http_error(error: HTTPException) -> ResponseReturnValue:
    # Keep what the exception asks for (Allow on 405, Retry-After on 429), not its content type.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    return error_page(error.code or 500, headers)


def _unavailable(error: Unavailable) -> ResponseReturnValue:
    log.warning("event=unavailable error=%r", str(error))
    return error_page(503, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _unexpected(error: Exception) -> ResponseReturnValue:
    log.exception("unhandled error")
    return error_page(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Unavailable, _unavailable)
    app.register_error_handler(Exception, _unexpected)
