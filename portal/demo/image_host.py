"""The demo store's product images, served on the portal's own origin.

A real store's images come from Shopify's CDN over HTTPS, which the portal's Content Security
Policy allows. The demo store runs over plain HTTP on another port, which the policy rightly
blocks, so the demo and the browser tests mount the placeholder images next to the portal:

    app.wsgi_app = with_demo_images(app.wsgi_app)
    shop.image_base_url = f"http://127.0.0.1:{port}{PREFIX}"
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

from werkzeug.wrappers import Response

from portal.demo.images import placeholder_svg

PREFIX = "/demo-store"
_IMAGE = re.compile(rf"{PREFIX}/images/(\d{{1,4}})\.svg")

WSGIApp = WSGIApplication


def with_demo_images(app: WSGIApp) -> WSGIApp:
    """Return `app` answering `/demo-store/images/<n>.svg` itself, everything else unchanged."""
    def wsgi(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        match = _IMAGE.fullmatch(environ.get("PATH_INFO", ""))
        if match is None:
            return app(environ, start_response)
        response = Response(placeholder_svg(int(match.group(1))), mimetype="image/svg+xml",
                            headers={"Cache-Control": "public, max-age=86400"})
        return response(environ, start_response)
    return wsgi
