"""Subscribes the portal to the Shopify webhooks that change what a shopper sees.

    python -m portal.shopify.webhook_setup --endpoint https://track.example.com/webhooks/shopify

It reads SHOPIFY_SHOP and SHOPIFY_ACCESS_TOKEN, or SHOPIFY_CLIENT_ID and SHOPIFY_API_SECRET (and
SHOPIFY_API_VERSION or SHOPIFY_API_URL when set) from the environment, lists the subscriptions
already pointing at the endpoint and creates the missing ones, so running it again creates
nothing. The privacy topics (customers/redact, customers/data_request, shop/redact) cannot be
subscribed through the API: Shopify takes their URL from the app's configuration only.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from portal.clock import Deadline
from portal.config import ConfigError, graphql_url, load_settings
from portal.shopify import queries
from portal.shopify.access_tokens import access_token
from portal.shopify.client import ShopifyClient
from portal.shopify.errors import ShopifyAuthError, ShopifyError

# As they arrive in X-Shopify-Topic; the GraphQL enum value is the same text upper-cased with
# "_" for "/" (orders/partially_fulfilled -> ORDERS_PARTIALLY_FULFILLED).
TOPICS: tuple[str, ...] = (
    # Status, payment, cancellation, edits and deletion of the order itself.
    "orders/updated", "orders/cancelled", "orders/fulfilled", "orders/partially_fulfilled",
    "orders/edited", "orders/delete",
    # Shipments, their tracking numbers and carrier events (read_fulfillments).
    "fulfillments/create", "fulfillments/update",
    "fulfillment_events/create", "fulfillment_events/delete",
    "refunds/create",
    # The order's return status (read_returns). returns/update is left out: its payload names
    # the return's line items but not the order.
    "returns/request", "returns/approve", "returns/decline", "returns/cancel",
    "returns/close", "returns/reopen", "returns/process",
)

_SETTINGS = ("SHOPIFY_SHOP", "SHOPIFY_ACCESS_TOKEN", "SHOPIFY_CLIENT_ID", "SHOPIFY_API_SECRET",
             "SHOPIFY_API_VERSION", "SHOPIFY_API_URL")
_CALL_SECONDS = 15.0
_MAX_PAGES = 20


def enum_name(topic: str) -> str:
    """Return the WebhookSubscriptionTopic value of a REST topic name."""
    return topic.replace("/", "_").upper()


@dataclass
class Report:
    """What one run did, topic by topic (GraphQL enum names)."""

    existing: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def register(client: ShopifyClient, endpoint: str,
             topics: Sequence[str] = TOPICS) -> Report:
    """Create a JSON subscription to `endpoint` for each topic that has none yet; raises
    ShopifyError when Shopify cannot be asked at all."""
    report = Report()
    subscribed = subscribed_topics(client, endpoint)
    for name in map(enum_name, topics):
        if name in subscribed:
            report.existing.append(name)
            continue
        try:
            result = client.execute(queries.WEBHOOK_SUBSCRIPTION_CREATE_QUERY,
                                    {"topic": name, "uri": endpoint},
                                    Deadline.after(_CALL_SECONDS))["webhookSubscriptionCreate"]
        except ShopifyAuthError:
            raise
        except ShopifyError as error:
            # e.g. a topic whose access scope the app lacks: report it, go on with the rest.
            report.failed.append((name, str(error)))
            continue
        errors = result.get("userErrors") or []
        if errors or not result.get("webhookSubscription"):
            report.failed.append((name, "; ".join(e.get("message", "") for e in errors)
                                  or "no subscription returned"))
        else:
            report.created.append(name)
    return report


def subscribed_topics(client: ShopifyClient, endpoint: str) -> set[str]:
    """Return the topics (enum names) that already have a subscription to `endpoint`."""
    topics: set[str] = set()
    after = None
    for _ in range(_MAX_PAGES):
        data = client.execute(queries.WEBHOOK_SUBSCRIPTIONS_QUERY,
                              {"uri": endpoint, "after": after}, Deadline.after(_CALL_SECONDS))
        page = data["webhookSubscriptions"]
        topics.update(node["topic"] for node in page["nodes"] if node["uri"] == endpoint)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return topics


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Run the command; return the exit status (0 when every topic is subscribed)."""
    parser = argparse.ArgumentParser(prog="python -m portal.shopify.webhook_setup",
                                     description="Subscribe the portal to Shopify's webhooks.")
    parser.add_argument("--endpoint", required=True,
                        help="the portal's webhook URL, https://<portal>/webhooks/shopify")
    endpoint = parser.parse_args(argv).endpoint.strip()
    try:
        settings = load_settings(os.environ if environ is None else environ, _SETTINGS)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    client = ShopifyClient(graphql_url(settings), access_token(settings))
    try:
        report = register(client, endpoint)
    except ShopifyError as error:
        print(f"error: Shopify could not be asked ({error}); nothing was changed after that",
              file=sys.stderr)
        return 1
    for name in report.existing:
        print(f"{name}: already subscribed")
    for name in report.created:
        print(f"{name}: created")
    for name, message in report.failed:
        print(f"{name}: FAILED: {message}")
    print(f"{len(report.created)} created, {len(report.existing)} already there, "
          f"{len(report.failed)} failed, for {endpoint}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
