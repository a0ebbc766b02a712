"""Security headers on every response: what the browser may load, frame, send and remember."""

from __future__ import annotations

import re

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

# An order page, its calendar files and its status-page redirect, under any mount point.
_ORDER_PAGES = re.compile(r"/order/[^/]+(?:/[^/]+)?$")
_PERMISSIONS = ("accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                "microphone=(), payment=(), usb=(), interest-cohort=()")
_ALWAYS = (("X-Content-Type-Options", "nosniff"),
           # Carriers' sites and product image hosts must never learn an order page's URL.
           ("Referrer-Policy", "no-referrer"),
           ("Permissions-Policy", _PERMISSIONS),
           ("Cross-Origin-Opener-Policy", "same-origin"))


def content_security_policy(frame_ancestors: str) -> str:
    """No inline script or style, nothing from elsewhere but product images over HTTPS."""
    return "; ".join((
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "connect-src 'self'",
        "font-src 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        f"frame-ancestors 'self' {frame_ancestors}".strip(),
    ))


def init_app(app: Flask) -> None:
    policy = content_security_policy(app.config.get("FRAME_ANCESTORS") or "")
    app.session_interface = SessionOverTLS()

    @app.after_request
    def _secure(response: Response) -> Response:
        headers = response.headers
        # One pass over what the view set, then one extend: werkzeug's Headers scans every
        # header (and raises inside for a missing one) on each single set, about a tenth of a
        # page served from memory.
        present = {name.lower() for name, _ in headers.items()}
        liquid = response.mimetype == "application/liquid"
        ours = list(_ALWAYS)
        # A Liquid page becomes part of the theme's page, whose own scripts our policy would block.
        if not liquid and "content-security-policy" not in present:
            ours.append(("Content-Security-Policy", policy))
        if response.mimetype == "text/html" or liquid:
            # Pages hold CSRF tokens, typed emails or order data: no cache may keep them.
            ours.append(("Cache-Control", "no-store"))
        if request.is_secure:
            ours.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        for name, _ in ours:
            if name.lower() in present:
                del headers[name]
        headers.extend(ours)
        return response


class SessionOverTLS(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS (directly, or through
    a trusted proxy), without a setting that would break plain-HTTP development. Order pages hold
    no form, so they skip reading the session cookie (a signature check on every view)."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.method in ("GET", "HEAD") and _ORDER_PAGES.search(request.path):
            return self.session_class()
        return super().open_session(app, request)

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure
