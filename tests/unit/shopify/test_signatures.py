"""App Proxy signatures, starting from Shopify's own worked example."""

import pytest

from portal.shopify.signatures import ProxyRequest, signed_message, verify

EXAMPLE = ("extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1"
           "&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555"
           "&signature=4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb")
STAMP = 1317327555


def test_shopifys_worked_example_is_valid():
    assert verify(EXAMPLE, "hush", STAMP) == ProxyRequest(
        shop="shop-name.myshopify.com", path_prefix="/apps/awesome_reviews", customer_id="1")


def test_signed_message_matches_shopifys_example():
    from urllib.parse import parse_qsl
    assert signed_message(parse_qsl(EXAMPLE, keep_blank_values=True)) == (
        "extra=1,2logged_in_customer_id=1path_prefix=/apps/awesome_reviews"
        "shop=shop-name.myshopify.comtimestamp=1317327555")


@pytest.mark.parametrize("query,secret,now", [
    (EXAMPLE, "wrong", STAMP),                                   # another app's secret
    (EXAMPLE.replace("extra=2", "extra=3"), "hush", STAMP),      # a changed parameter
    (EXAMPLE.replace("signature=4c", "signature=5c"), "hush", STAMP),  # a forged signature
    (EXAMPLE.split("&signature")[0], "hush", STAMP),             # no signature
    (EXAMPLE, "hush", STAMP + 91),                               # stale
    (EXAMPLE, "hush", STAMP - 91),                               # from the future
    (EXAMPLE + "&shop=evil.myshopify.com", "hush", STAMP),       # repeated shop
    (EXAMPLE + "&timestamp=1317327555", "hush", STAMP),          # repeated timestamp
    (EXAMPLE + "&signature=00", "hush", STAMP),                  # repeated signature
    (EXAMPLE, "", STAMP),                                        # no secret configured
])
def test_anything_else_is_refused(query, secret, now):
    assert verify(query, secret, now) is None


def test_blank_values_are_kept_in_the_signature():
    from tests.support.shopify_proxy import ShopifyAppProxy
    double = ShopifyAppProxy(app=None, secret="hush")
    params = [("shop", "a.myshopify.com"), ("logged_in_customer_id", ""),
              ("path_prefix", "/apps/track"), ("timestamp", str(STAMP))]
    signed = "&".join(f"{k}={v}" for k, v in params) + "&signature=" + double.signature(params)
    assert verify(signed.replace("/", "%2F"), "hush", STAMP).customer_id is None
    without_blank = [p for p in params if p[0] != "logged_in_customer_id"]
    forged = "&".join(f"{k}={v}" for k, v in params) + "&signature=" + double.signature(without_blank)
    assert verify(forged.replace("/", "%2F"), "hush", STAMP) is None


def _signed(params):
    from tests.support.shopify_proxy import ShopifyAppProxy
    signature = ShopifyAppProxy(app=None, secret="hush").signature(params)
    return "&".join(f"{k}={v}" for k, v in params).replace("/", "%2F") + "&signature=" + signature


BASE = [("shop", "a.myshopify.com"), ("path_prefix", "/apps/track"), ("timestamp", str(STAMP))]


@pytest.mark.parametrize("extra", [
    [("logged_in_customer_id", ""), ("logged_in_customer_id", "999")],  # a second customer id
    [("path_prefix", "/apps/other")],                                     # a second prefix
])
def test_a_repeated_shopify_parameter_is_refused_even_when_signed(extra):
    assert verify(_signed(BASE + extra), "hush", STAMP) is None


@pytest.mark.parametrize("prefix", ["//evil.example", "/apps//track", "/../admin", "apps/track"])
def test_a_prefix_that_could_leave_the_store_is_refused(prefix):
    params = [("shop", "a.myshopify.com"), ("path_prefix", prefix), ("timestamp", str(STAMP))]
    assert verify(_signed(params), "hush", STAMP) is None


def test_another_stores_signed_request_is_refused():
    assert verify(_signed(BASE), "hush", STAMP, shop="a.myshopify.com") is not None
    assert verify(_signed(BASE), "hush", STAMP, shop="b.myshopify.com") is None
