"""The whole journey through Shopify's App Proxy (a test double that signs requests and strips
cookies): every link stays under the shop's path prefix and no cookie is needed."""

import re
import time

import pytest
from itsdangerous import TimestampSigner
from werkzeug.test import Client

from portal.demo.builder import customer_gid
from portal.demo.sample_orders import Item, build_order
from portal.web.forms import FORM_TOKEN_SECONDS
from tests.support.shopify_proxy import ShopifyAppProxy

PREFIX = "/apps/track"
_FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def storefront(app, settings):
    """A browser on the shop's domain, talking to the portal only through the proxy."""
    proxy = ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"], prefix=PREFIX)
    return proxy, Client(proxy)


def form_token(browser, path=PREFIX + "/"):
    page = browser.get(path)
    assert page.status_code == 200
    return _FORM_TOKEN.search(page.get_data(as_text=True)).group(1)


def proxied_lookup(browser, number, email, path=PREFIX + "/"):
    return browser.post(path, data={"form_token": form_token(browser, path),
                                    "order_number": number, "email": email})


def local_links(html):
    return re.findall(r'(?:href|action|src)="(/[^"]*)"', html)


def test_the_whole_journey_stays_under_the_prefix_without_cookies(storefront, shopify):
    proxy, browser = storefront
    form = browser.get(PREFIX + "/?order=1002")
    assert 'action="/apps/track/"' in form.get_data(as_text=True)
    found = proxied_lookup(browser, "1002", "hanako.yamada@example.com")
    assert found.status_code == 303
    assert found.headers["Location"].startswith(PREFIX + "/order/")
    page = browser.get(found.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Order #1002" in html
    assert page.headers["Cache-Control"] == "no-store"
    links = local_links(html)
    assert links and all(link.startswith(PREFIX + "/") for link in links), links
    assert "/proxy" not in html
    japanese = browser.get(found.headers["Location"] + "?lang=ja")
    assert '<html lang="ja">' in japanese.get_data(as_text=True)
    assert all(link.startswith(PREFIX + "/") for link in local_links(japanese.get_data(as_text=True)))
    status = browser.get(found.headers["Location"] + "/status-page")
    assert status.status_code == 303 and "/authenticate" in status.headers["Location"]
    assert proxy.cookies_seen == [], "the proxied flow sets no cookie"


def test_the_form_token_is_required_and_must_be_genuine(storefront, shopify):
    _, browser = storefront
    for token in ("", "lookup.forged.token"):
        response = browser.post(PREFIX + "/", data={"form_token": token, "order_number": "1002",
                                                    "email": "hanako.yamada@example.com"})
        assert response.status_code == 400
        assert "This page was open for a long time" in response.get_data(as_text=True)
    assert shopify.calls("PortalCandidates") == []


def test_unsigned_or_forged_proxy_requests_get_401_and_no_order_data(client, storefront, shopify):
    _, browser = storefront
    order_url = proxied_lookup(browser, "1002", "hanako.yamada@example.com").headers["Location"]
    direct = order_url.replace(PREFIX, "/proxy")
    for path in (direct, direct + "?shop=demo-store.myshopify.com&signature=00&timestamp=1",
                 "/proxy/"):
        response = client.get(path)
        assert response.status_code == 401
        assert "Order #1002" not in response.get_data(as_text=True)


def test_the_shoppers_address_from_shopify_drives_the_rate_limit(make_app, settings, shopify):
    app = make_app(RATE_LIMIT_PER_IP="2 per minute")
    first = ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"], shopper_ip="203.0.113.1")
    second = ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"], shopper_ip="203.0.113.2")
    statuses = [proxied_lookup(Client(first), f"{8300 + n}", "x@example.com").status_code
                for n in range(3)]
    assert statuses == [404, 404, 429]
    assert proxied_lookup(Client(second), "8400", "x@example.com").status_code == 404


def test_liquid_pages_render_inside_the_theme_and_never_run_shop_data(make_app, settings, shopify):
    app = make_app(PROXY_RESPONSE="liquid")
    browser = Client(ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"]))
    shopify.store.add(build_order(7301, "liquid@example.com",
                                  items=[Item("Mug {{ shop.name }} {% layout none %}", "9.00")]))
    found = proxied_lookup(browser, "7301", "liquid@example.com {{x}}")
    assert found.status_code == 400  # the odd email is refused; Liquid never sees it raw
    assert "{{" not in found.get_data(as_text=True)
    found = proxied_lookup(browser, "7301", "liquid@example.com")
    page = browser.get(found.headers["Location"])
    body = page.get_data(as_text=True)
    assert page.headers["Content-Type"].startswith("application/liquid")
    assert "<html" not in body and "{" not in body and "}" not in body
    assert "Mug &#123;&#123; shop.name &#125;&#125; &#123;% layout none %&#125;" in body
    assert page.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" not in page.headers
    tags = re.findall(r"<(?:a|img|link)\b[^>]*>", body)
    assert any(tag.startswith("<img") for tag in tags) and any(t.startswith("<a") for t in tags)
    assert all('referrerpolicy="no-referrer"' in tag for tag in tags), tags


def test_a_signed_in_customer_sees_their_own_recent_orders(make_app, settings, shopify):
    app = make_app()
    email = "hanako.yamada@example.com"
    customer = customer_gid(email).rsplit("/", 1)[-1]
    stranger = build_order(7401, "stranger@example.com")
    stranger["customer"] = {**stranger["customer"], "id": customer_gid("stranger@example.com")}
    shopify.store.add(stranger)
    proxy = ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"], customer_id=customer)
    browser = Client(proxy)
    html = browser.get(PREFIX + "/").get_data(as_text=True)
    assert "Your recent orders" in html and "Order #1002" in html and "#7401" not in html
    link = re.search(r'href="(/apps/track/order/[^"]+)"', html).group(1)
    assert "Order #1002" in browser.get(link).get_data(as_text=True)


def test_an_order_claiming_the_customer_but_not_theirs_is_left_out(make_app, settings, shopify):
    email = "hanako.yamada@example.com"
    customer = customer_gid(email)
    # Shopify's answer lists an order with the customer's email whose own customer is someone
    # else: it is not shown.
    impostor = build_order(7402, email)
    shopify.store.add(impostor)
    shopify.store.update(impostor["id"], customer={"id": customer_gid("impostor@example.com")})
    proxy = ShopifyAppProxy(make_app().wsgi_app, settings["SHOPIFY_API_SECRET"],
                            customer_id=customer.rsplit("/", 1)[-1])
    html = Client(proxy).get(PREFIX + "/").get_data(as_text=True)
    assert "#7402" not in html and "Order #1002" in html


@pytest.mark.parametrize("headers", [{"Origin": "https://demo-store.myshopify.com"},
                                     {"Sec-Fetch-Site": "same-origin"}])
def test_the_themes_own_form_may_post_without_a_token(storefront, shopify, headers):
    _, browser = storefront
    response = browser.post(PREFIX + "/", headers=headers, data={
        "order_number": "1002", "email": "hanako.yamada@example.com"})
    assert response.status_code == 303


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"},
                                     {"Sec-Fetch-Site": "cross-site"}, {}])
def test_other_sites_still_need_the_token(storefront, shopify, headers):
    _, browser = storefront
    response = browser.post(PREFIX + "/", headers=headers, data={
        "order_number": "1002", "email": "hanako.yamada@example.com"})
    assert response.status_code == 400


def test_a_form_token_only_works_for_the_shopper_it_was_issued_to(make_app, settings, shopify):
    app = make_app()
    secret = settings["SHOPIFY_API_SECRET"]
    owner = Client(ShopifyAppProxy(app.wsgi_app, secret, shopper_ip="203.0.113.1"))
    harvested = form_token(owner)
    same_64 = Client(ShopifyAppProxy(app.wsgi_app, secret, shopper_ip="2001:db8::1"))
    elsewhere = Client(ShopifyAppProxy(app.wsgi_app, secret, shopper_ip="203.0.113.2"))
    signed_in = Client(ShopifyAppProxy(app.wsgi_app, secret, shopper_ip="203.0.113.1",
                                       customer_id="7001"))
    v6_token = form_token(same_64)
    for browser, token in ((elsewhere, harvested), (signed_in, harvested),
                           (owner, form_token(signed_in))):
        refused = browser.post(PREFIX + "/", data={"form_token": token, "order_number": "1002",
                                                   "email": "hanako.yamada@example.com"})
        assert refused.status_code == 400
    other_address_in_64 = Client(ShopifyAppProxy(app.wsgi_app, secret, shopper_ip="2001:db8::9"))
    for browser, token in ((owner, harvested), (other_address_in_64, v6_token)):
        assert browser.post(PREFIX + "/", data={"form_token": token, "order_number": "1002",
                                                "email": "hanako.yamada@example.com"}
                            ).status_code == 303
    assert len(shopify.calls("PortalCandidates")) == 1


def test_a_form_token_lives_minutes_not_an_hour(make_app, settings, shopify):
    app = make_app()
    browser = Client(ShopifyAppProxy(app.wsgi_app, settings["SHOPIFY_API_SECRET"]))
    fresh = form_token(browser)
    value = fresh.rsplit(".", 2)[0]
    with app.test_request_context():
        aged = _AgedSigner(app.secret_key, salt="portal proxy lookup form")
        old = aged.sign(value).decode()
    assert FORM_TOKEN_SECONDS <= 900
    answer = browser.post(PREFIX + "/", data={"form_token": old, "order_number": "1002",
                                              "email": "hanako.yamada@example.com"})
    assert answer.status_code == 400
    assert shopify.calls("PortalCandidates") == []


class _AgedSigner(TimestampSigner):
    """Signs as the portal did just over FORM_TOKEN_SECONDS ago."""

    def get_timestamp(self) -> int:
        return int(time.time()) - FORM_TOKEN_SECONDS - 5


@pytest.mark.parametrize(("storefront_language", "html_lang", "not_found"), [
    ("ja", "ja", "ご注文が見つかりませんでした"), ("nb", "nb", "Vi fant ikke bestillingen"),
    ("es-ES", "es", "No hemos encontrado ese pedido")])
def test_the_themes_form_gets_answers_in_the_storefronts_language(
        storefront, shopify, storefront_language, html_lang, not_found):
    _, browser = storefront
    action = f"{PREFIX}/?lang={storefront_language}"  # what the section's form posts to
    same_site = {"Sec-Fetch-Site": "same-origin"}
    found = browser.post(action, headers=same_site, data={
        "order_number": "1002", "email": "hanako.yamada@example.com"})
    assert found.status_code == 303 and f"lang={html_lang}" in found.headers["Location"]
    page = browser.get(found.headers["Location"]).get_data(as_text=True)
    assert f'<html lang="{html_lang}"' in page
    missing = browser.post(action, headers=same_site, data={
        "order_number": "1002", "email": "someone.else@example.com"}).get_data(as_text=True)
    assert f'<html lang="{html_lang}"' in missing and not_found in missing
