"""Hardened responses on every page type: CSP, framing, sniffing, referrers, caching, cookies."""

import re

import pytest

from tests.support.helpers import csrf_token, submit


def _pages(client, shopify):
    found = submit(client, "1001", "alice.martin@example.com")
    pages = {
        "form": client.get("/"),
        "invalid form": submit(client, "", "nope"),
        "not found": submit(client, "1001", "mallory@example.com"),
        "order": client.get(found.headers["Location"]),
        "expired link": client.get("/order/expired"),
        "404": client.get("/no/such/page"),
        "405": client.put("/"),
    }
    shopify.fail("server_error", times=None)
    pages["503"] = submit(client, "1002", "hanako.yamada@example.com")
    shopify.clear_failures()
    return pages


def test_every_page_is_hardened(client, shopify):
    for name, page in _pages(client, shopify).items():
        csp = page.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "script-src 'self'" in csp, name
        assert "frame-ancestors 'self'" in csp and "default-src 'none'" in csp, name
        assert page.headers["X-Content-Type-Options"] == "nosniff", name
        assert page.headers["Referrer-Policy"] == "no-referrer", name
        assert "camera=()" in page.headers["Permissions-Policy"], name
        assert page.headers["Cache-Control"] == "no-store", name
        assert "Strict-Transport-Security" not in page.headers, name
        assert "Traceback" not in page.get_data(as_text=True), name


def test_error_pages_have_their_status(client, shopify):
    pages = _pages(client, shopify)
    assert {name: pages[name].status_code for name in ("invalid form", "not found", "expired link",
                                                        "404", "405", "503")} == {
        "invalid form": 400, "not found": 404, "expired link": 404, "404": 404, "405": 405,
        "503": 503}
    assert pages["503"].headers["Retry-After"] == "60"
    assert "can't reach the store" in pages["503"].get_data(as_text=True)


def test_store_domains_may_frame_the_portal(make_app):
    client = make_app(FRAME_ANCESTORS="https://shop.example.com").test_client()
    csp = client.get("/").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://shop.example.com" in csp


def test_cookies_are_httponly_lax_and_secure_over_https(client):
    plain = client.get("/").headers.getlist("Set-Cookie")
    assert plain and all("HttpOnly" in c and "SameSite=Lax" in c for c in plain)
    assert not any("Secure" in c for c in plain)
    secure_client = client.application.test_client()
    secure = secure_client.get("/", base_url="https://portal.example.com")
    assert all("Secure" in c for c in secure.headers.getlist("Set-Cookie"))
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("field,value", [("order_number", "1" * 41), ("email", "a" * 250 + "@x.com"),
                                         ("order_number", "10\x0001"), ("email", "a\x1b@b.com")])
def test_oversized_or_control_input_gets_a_plain_error(client, shopify, field, value):
    data = {"order_number": "1001", "email": "alice.martin@example.com", field: value}
    response = client.post("/", data={**data, "csrf_token": csrf_token(client)})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert shopify.calls("PortalCandidates") == []


def test_a_huge_body_is_refused(client):
    assert client.post("/", data={"email": "x" * 100_000}).status_code == 413


def test_static_files_are_versioned_and_cached_for_long(client):
    html = client.get("/").get_data(as_text=True)
    css = re.search(r'href="(/static/css/portal\.css\?v=[0-9a-f]{12})"', html).group(1)
    with client.get(css) as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
