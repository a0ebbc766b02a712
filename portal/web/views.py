"""The portal's pages: the lookup form, the order page and its status-page redirect, health."""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.failures import Unavailable
from portal.lookup.customers import RecentOrder
from portal.lookup.normalise import MAX_ORDER_INPUT
from portal.lookup.reader import LoadedOrder
from portal.lookup.service import Found, Invalid, Locked, NotFound
from portal.model import DeliveryEstimate, Tracking
from portal.web import app_proxy as proxy
from portal.web import labels, limits, stages
from portal.web.addresses import address_lines
from portal.web.advice import advice
from portal.web.current import served_request
from portal.web.forms import LookupForm, ProxyLookupForm
from portal.web.i18n import LANGUAGE_NAMES, explicit_locale, locale_code
from portal.web.ics import delivery_ics, pickup_ics
from portal.web.pages import RenderedPages
from portal.web.services import services
from portal.web.urls import page_url

log = logging.getLogger(__name__)

bp = Blueprint("portal", __name__)


def lang_args() -> dict[str, Any]:
    """Query arguments that keep the shopper's chosen language on the next page."""
    # Typed as url_for's keyword values, which also take its bool flags (_external).
    lang = explicit_locale()
    return {"lang": lang} if lang else {}


@bp.app_context_processor
def _page_context() -> dict[str, Any]:
    kept = lang_args()
    return {"store_name": g.get("store_name", ""), "lang_args": kept,
            # Each page links the form twice: built once.
            "home_url": page_url("portal.lookup_form", **kept),
            "language_links": language_links, "carrier_name": _carrier_name,
            "tracking_url": _tracking_url, "estimate_basis": _estimate_basis,
            "advice": advice}


def _carrier_name(tracking: Tracking) -> str | None:
    return services().shipping.carrier_name(tracking, locale_code())


def _tracking_url(tracking: Tracking) -> str | None:
    return services().shipping.tracking_url(tracking, locale_code())


def _estimate_basis(estimate: DeliveryEstimate) -> str | None:
    """What a window learned from the store's deliveries rests on; None for other windows."""
    if estimate.basis is None:
        return None
    carrier = services().shipping.carrier_display(estimate.basis.carrier_key, locale_code())
    return labels.history_basis(estimate.basis, carrier)


def language_links() -> list[tuple[str, str, str | None]]:
    """Each language's code and name, with a link to the current page in it (None for the
    page's own language). One URL is built and the others are copied from it: building each
    cost a tenth of a new order page's rendering."""
    here = locale_code()
    built = switch_language_url(_LANGUAGE_MARK)
    start, _, end = built.rpartition("lang=" + _LANGUAGE_MARK)
    return [(code, name, None if code == here else f"{start}lang={code}{end}")
            for code, name in LANGUAGE_NAMES.items()]


# Letters only, so URL quoting leaves it as it is.
_LANGUAGE_MARK = "LANGUAGE"


def switch_language_url(code: str) -> str:
    """The current page in another language; pages reached by POST switch on the form."""
    served = served_request()
    if served.method == "GET" and served.endpoint and served.endpoint.startswith("portal."):
        kept: dict[str, Any] = {"order": served.args["order"]} if "order" in served.args else {}
        # A page rendered for every holder of the order's links carries a placeholder token.
        view_args = {**(served.view_args or {}), **g.get("link_args", {})}
        return page_url(served.endpoint, **view_args, **kept, lang=code)
    return page_url("portal.lookup_form", lang=code)


def _form(**kwargs: Any) -> LookupForm:
    """The lookup form; under the App Proxy, one protected without cookies."""
    return ProxyLookupForm(**kwargs) if proxy.current() else LookupForm(**kwargs)


def _render_form(form: LookupForm, status: int = 200, not_found: bool = False) -> ResponseReturnValue:
    g.store_name = services().shop.get().name
    if isinstance(form, ProxyLookupForm):
        form.issue_token()
    return render_template("lookup.html", form=form, not_found=not_found,
                           recent=_recent_orders(), labels=labels), status


def _recent_orders() -> list[tuple[str, RecentOrder]]:
    """A signed-in shopper's own recent orders with their links, when Shopify says who they are."""
    proxied = proxy.current()
    if not proxied or not proxied.customer_id:
        return []
    try:
        orders = services().customers.recent(proxied.customer_id)
    except Unavailable as error:
        log.warning("recent orders unavailable: %s", error)
        return []
    links = services().links
    return [(url_for(".order_page", token=links.seal(o.access), **lang_args()), o) for o in orders]


@bp.get("/")
def lookup_form() -> ResponseReturnValue:
    form = _form(formdata=None)
    # A theme's "Track my order" link or a shipping email may carry the order number, never the email.
    form.order_number.data = request.args.get("order", "").strip()[:MAX_ORDER_INPUT]
    return _render_form(form)


@bp.post("/")
@limits.per_client
def lookup_submit() -> ResponseReturnValue:
    form = _form()
    if not form.validate():
        return _render_form(form, 400)
    client = limits.client_address()
    try:
        # Both fields are required, so a validated form holds text in each.
        outcome = services().lookup.submit(form.order_number.data or "", form.email.data or "",
                                           client)
    except Unavailable:
        services().metrics.lookup("unavailable")
        raise
    services().metrics.lookup(outcome.kind)
    log.info("lookup outcome=%s order=%s client=%s", outcome.kind,
             outcome.name if isinstance(outcome, Found) else "-", client)
    if isinstance(outcome, Locked):
        services().metrics.refused("failed_guesses")
        abort(429, retry_after=outcome.retry_after)
    if isinstance(outcome, Invalid):
        form.refuse_order_number()
        return _render_form(form, 400)
    if isinstance(outcome, NotFound):
        return _render_form(form, 404, not_found=True)
    token = services().links.seal(outcome.access)
    return redirect(url_for(".order_page", token=token, **lang_args()), 303)


def _load(token: str) -> LoadedOrder | None:
    access = services().links.open(token)
    return services().reader.load(access) if access else None


@bp.get("/order/<token>")
def order_page(token: str) -> ResponseReturnValue:
    opened = services().links.read(token)
    loaded = services().reader.load(opened.access) if opened else None
    g.store_name = services().shop.get().name
    if opened is None or loaded is None:
        return render_template("link_expired.html"), 404
    g.timezone = loaded.order.timezone
    # Shopify's status page is offered only while the link is young (see portal/lookup/links.py).
    offers_status_page = opened.offers_status_page

    def render(placeholder: str) -> str:
        g.link_args = {"token": placeholder}
        return render_template("order.html", order=loaded.order, fetched_at=loaded.fetched_at,
                               stale=loaded.stale, token=placeholder, labels=labels,
                               stages=stages, offers_status_page=offers_status_page)

    html = _pages().page(_page_key(loaded, offers_status_page), token, render)
    return html  # no-store, as every HTML page (headers.py)


def _page_key(loaded: LoadedOrder, offers_status_page: bool) -> tuple[object, ...]:
    """Everything an order page depends on besides the link token."""
    proxied = proxy.current()
    return (loaded.order.id, loaded.fetched_at, loaded.stale, offers_status_page,
            locale_code(), explicit_locale(), g.get("timezone"), g.get("store_name"),
            request.script_root, (proxied.shop, proxied.path_prefix) if proxied else None)


def _pages() -> RenderedPages:
    pages: RenderedPages | None = current_app.extensions.get("portal.pages")
    if pages is None:
        # Made once per app: setdefault would build (and throw away) a store on every view.
        pages = current_app.extensions["portal.pages"] = RenderedPages()
    return pages


@bp.get("/order/<token>/delivery-<int:shipment>.ics")
def delivery_calendar(token: str, shipment: int) -> ResponseReturnValue:
    """The delivery window as a calendar event: 0 for the order's own, else that shipment's."""
    loaded = _load(token)
    order = loaded.order if loaded else None
    window = None
    if order and shipment == 0:
        window = order.estimate
    elif order and 0 < shipment <= len(order.shipments):
        window = order.shipments[shipment - 1].estimate
    if order is None or window is None or window.is_late:
        abort(404)
    body = delivery_ics(key=f"{order.id}/{shipment}", domain=request.host,
                        earliest=window.earliest, latest=window.latest,
                        summary=_("Delivery of order %(name)s", name=order.name),
                        description=str(labels.estimate_source(window.source)))
    return _calendar_response(body, f"delivery-{shipment}.ics")


@bp.get("/order/<token>/pickup.ics")
def pickup_calendar(token: str) -> ResponseReturnValue:
    loaded = _load(token)
    order = loaded.order if loaded else None
    if not order or not order.pickup or not order.pickup.ready_on:
        abort(404)
    place = ", ".join((order.pickup.location,
                       *address_lines(order.pickup.address, locale_code())))
    body = pickup_ics(key=order.id, domain=request.host, start=order.pickup.ready_on,
                      end=order.pickup.ready_on, location=place,
                      summary=_("Collect order %(name)s", name=order.name))
    return _calendar_response(body, "pickup.ics")


def _calendar_response(body: str, filename: str) -> ResponseReturnValue:
    return body, 200, {"Content-Type": "text/calendar; charset=utf-8",
                       "Content-Disposition": f'attachment; filename="{filename}"',
                       "Cache-Control": "no-store"}


@bp.get("/order/<token>/status-page")
@limits.per_client
def status_page(token: str) -> ResponseReturnValue:
    access = services().links.status_page_access(token)
    url = services().reader.status_page_url(access) if access else None
    if not url:
        abort(404)
    return redirect(url, 303)


@bp.get("/healthz")
def health() -> ResponseReturnValue:
    redis_ok = services().index.reachable()
    body = {"status": "ok" if redis_ok else "degraded", "redis": redis_ok}
    return jsonify(body), 200, {"Cache-Control": "no-store"}
