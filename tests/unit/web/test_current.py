"""The helpers return the very objects behind Flask's proxies, request by request."""

from flask import Flask, current_app, g, request

from portal.web.current import request_globals, running_app, served_request


def test_each_helper_returns_the_object_behind_its_proxy_for_the_request_being_served():
    app = Flask(__name__)
    seen = []
    for path in ("/first", "/second"):
        with app.test_request_context(path):
            g.mark = path
            assert served_request() is request._get_current_object()  # type: ignore[attr-defined]
            assert served_request().path == path
            assert request_globals().mark == path
            assert running_app() is app is current_app._get_current_object()  # type: ignore[attr-defined]
            seen.append(served_request())
    assert seen[0] is not seen[1]
