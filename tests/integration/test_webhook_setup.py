"""The set-up command subscribes every topic once, against the fake Shopify over HTTP."""

from collections import Counter

import pytest

from portal.demo.schema import load_schema
from portal.shopify.access_tokens import FixedToken
from portal.shopify.client import ShopifyClient
from portal.shopify.webhook_setup import TOPICS, enum_name, main, register
from portal.web import webhooks

ENDPOINT = "https://portal.example.com/webhooks/shopify"


@pytest.fixture
def admin(shopify):
    return ShopifyClient(shopify.url, FixedToken(shopify.access_token))


def subscriptions(shopify):
    return Counter((s["topic"], s["uri"]) for s in shopify.store.webhook_subscriptions())


def environ(shopify, **overrides):
    return {"SHOPIFY_SHOP": "demo-store.myshopify.com",
            "SHOPIFY_ACCESS_TOKEN": shopify.access_token, "SHOPIFY_API_URL": shopify.url,
            **overrides}


def test_every_topic_is_one_shopify_knows_and_the_portal_handles():
    known = set(load_schema().get_type("WebhookSubscriptionTopic").values)
    for topic in TOPICS:
        assert enum_name(topic) in known, topic
        assert webhooks.handler_for(topic) is not None, topic


def test_registering_creates_every_topic_once(admin, shopify):
    report = register(admin, ENDPOINT)
    assert report.created == [enum_name(topic) for topic in TOPICS]
    assert report.existing == [] and report.failed == []
    assert subscriptions(shopify) == Counter((enum_name(t), ENDPOINT) for t in TOPICS)
    assert all(s["format"] == "JSON" for s in shopify.store.webhook_subscriptions())


def test_registering_again_creates_nothing(admin, shopify):
    register(admin, ENDPOINT)
    shopify.reset_calls()
    report = register(admin, ENDPOINT)
    assert report.created == [] and report.failed == []
    assert sorted(report.existing) == sorted(enum_name(t) for t in TOPICS)
    assert sum(subscriptions(shopify).values()) == len(TOPICS)
    assert shopify.calls("PortalWebhookSubscriptionCreate") == []


def test_only_missing_topics_are_created_and_other_addresses_are_left_alone(admin, shopify):
    shopify.store.add_webhook_subscription("ORDERS_UPDATED", ENDPOINT)
    shopify.store.add_webhook_subscription("ORDERS_CANCELLED", "https://old.example.com/hooks")
    report = register(admin, ENDPOINT)
    assert report.existing == ["ORDERS_UPDATED"]
    assert "ORDERS_CANCELLED" in report.created and len(report.created) == len(TOPICS) - 1
    assert subscriptions(shopify)[("ORDERS_CANCELLED", "https://old.example.com/hooks")] == 1


def test_user_errors_are_reported_per_topic(admin, shopify):
    report = register(admin, "not-an-address")
    assert report.created == []
    assert [name for name, _ in report.failed] == [enum_name(t) for t in TOPICS]
    assert all(message == "Address is invalid" for _, message in report.failed)
    assert sum(subscriptions(shopify).values()) == 0


def test_the_command_prints_what_it_did(shopify, capsys):
    assert main(["--endpoint", ENDPOINT], environ(shopify)) == 0
    first = capsys.readouterr().out
    assert "ORDERS_UPDATED: created" in first
    assert f"{len(TOPICS)} created, 0 already there, 0 failed" in first
    assert main(["--endpoint", ENDPOINT], environ(shopify)) == 0
    assert f"0 created, {len(TOPICS)} already there, 0 failed" in capsys.readouterr().out


def test_the_command_fails_on_user_errors(shopify, capsys):
    assert main(["--endpoint", "not-an-address"], environ(shopify)) == 1
    out = capsys.readouterr().out
    assert "ORDERS_UPDATED: FAILED: Address is invalid" in out
    assert f"0 created, 0 already there, {len(TOPICS)} failed" in out


def test_the_command_names_a_missing_setting_or_a_refused_token(shopify, capsys):
    assert main(["--endpoint", ENDPOINT], environ(shopify, SHOPIFY_ACCESS_TOKEN="")) == 2
    assert "SHOPIFY_ACCESS_TOKEN is not set" in capsys.readouterr().err
    assert main(["--endpoint", ENDPOINT], environ(shopify, SHOPIFY_ACCESS_TOKEN="wrong")) == 1
    assert "Shopify could not be asked" in capsys.readouterr().err
    assert sum(subscriptions(shopify).values()) == 0


def test_the_command_gets_its_own_token_for_a_dev_dashboard_app(shopify, capsys):
    app = {"SHOPIFY_ACCESS_TOKEN": "", "SHOPIFY_CLIENT_ID": shopify.oauth.client_id}
    assert main(["--endpoint", ENDPOINT], environ(shopify, **app)) == 2
    assert "SHOPIFY_API_SECRET is not set" in capsys.readouterr().err
    app["SHOPIFY_API_SECRET"] = shopify.oauth.client_secret
    assert main(["--endpoint", ENDPOINT], environ(shopify, **app)) == 0
    assert f"{len(TOPICS)} created" in capsys.readouterr().out
    assert len(shopify.calls("oauth/access_token")) == 1
