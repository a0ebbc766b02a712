"""Executes Admin API queries against a DemoStore with graphql-core, honouring field arguments."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLResolveInfo,
    execute,
    get_named_type,
    get_nullable_type,
    is_list_type,
    is_non_null_type,
)

from portal.demo.bulk import BulkOperations
from portal.demo.bulk_resolvers import bulk_resolvers
from portal.demo.paging import is_connection, paginate
from portal.demo.schema import API_VERSION, load_schema
from portal.demo.store import DemoStore

_ORDER_GID = re.compile(r"gid://shopify/Order/\d+")
# OrderSortKeys -> how to read the key from an order; the rest sort by id, as RELEVANCE does here.
_ORDER_SORT = {
    "PROCESSED_AT": lambda order: order.get("processedAt") or "",
    "CREATED_AT": lambda order: order.get("createdAt") or "",
    "UPDATED_AT": lambda order: order.get("updatedAt") or "",
    "ORDER_NUMBER": lambda order: int(re.sub(r"\D", "", order.get("name", "")) or 0),
    "TOTAL_PRICE": lambda order: float(order["totalPriceSet"]["shopMoney"]["amount"]),
}


@dataclass
class Context:
    """What resolvers need beyond the data: the store, and the server's own URLs."""

    store: DemoStore
    base_url: str
    status_page_url: Callable[[dict[str, Any]], str]
    api_version: str = API_VERSION
    bulk: BulkOperations | None = None


def run(document: DocumentNode, variables: dict[str, Any] | None, operation_name: str | None,
        context: Context) -> ExecutionResult:
    """Execute a validated document; results and errors come back as graphql-core reports them."""
    # Root fields all have resolvers of their own, so the root value carries nothing.
    result = execute(load_schema(), document, root_value={}, context_value=context,
                     variable_values=variables, operation_name=operation_name,
                     field_resolver=resolve_field)
    return cast(ExecutionResult, result)


def resolve_field(source: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
    """Read a dict key, page lists that the schema calls connections, slice lists by `first`."""
    special = _RESOLVERS.get((info.parent_type.name, info.field_name))
    if special is not None:
        return special(source, info, **args)
    value = source.get(info.field_name) if isinstance(source, dict) else None
    return shape(value, info, args)


def shape(value: Any, info: GraphQLResolveInfo, args: dict[str, Any]) -> Any:
    """Turn a stored list into what the field's type promises: a connection or a (sliced) list."""
    named = get_named_type(info.return_type)
    if is_connection(named):
        nodes = value.get("nodes", []) if isinstance(value, dict) else value or []
        return paginate(nodes, **args)
    # graphql-core's output type union names the abstract GraphQLWrappingType, which
    # get_nullable_type's overloads leave out; at run time it is a list or a non-null type.
    if is_list_type(get_nullable_type(info.return_type)):  # type: ignore[arg-type]
        if value is None and is_non_null_type(info.return_type):
            value = []
        if value is not None and args.get("first") is not None:
            value = value[: args["first"]]
    return value


def _context(info: GraphQLResolveInfo) -> Context:
    # graphql-core passes the context through untyped; `run` always hands it a Context.
    context: Context = info.context
    return context


def _shop(_: Any, info: GraphQLResolveInfo) -> dict[str, Any]:
    return _context(info).store.shop


def _order(_: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    if not _ORDER_GID.fullmatch(id):
        raise GraphQLError(f"Invalid global id '{id}'")
    return _context(info).store.get(id)


def _orders(_: Any, info: GraphQLResolveInfo, query: str | None = None,
            sortKey: str = "ID", reverse: bool = False, **args: Any) -> dict[str, Any]:
    return _sorted_page(info.context.store.search(query), sortKey, reverse, args)


def _sorted_page(orders: list[dict[str, Any]], sort_key: str, reverse: bool,
                 args: dict[str, Any]) -> dict[str, Any]:
    key = _ORDER_SORT.get(sort_key, lambda order: int(order["id"].rsplit("/", 1)[-1]))
    return paginate(sorted(orders, key=key), reverse=reverse, **args)


def _customer(_: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:
    owned = [order for order in info.context.store.orders()
             if (order.get("customer") or {}).get("id") == id]
    if not owned:
        return None
    # Loose on purpose, as a store's data can be: orders that merely share the customer's email
    # come along, and the portal must check each order's own customer.
    emails = {(order.get("email") or "").lower() for order in owned}
    orders = [order for order in info.context.store.orders()
              if order in owned or (order.get("email") or "").lower() in emails]
    return {**owned[0]["customer"], "orders": orders}


def _customer_orders(customer: dict[str, Any], info: GraphQLResolveInfo, sortKey: str = "ID",
                     reverse: bool = False, query: str | None = None,
                     **args: Any) -> dict[str, Any]:
    return _sorted_page(customer["orders"], sortKey, reverse, args)


def _status_page_url(order: dict[str, Any], info: GraphQLResolveInfo, **_: Any) -> str:
    return _context(info).status_page_url(order)


def _image_url(image: dict[str, Any], info: GraphQLResolveInfo,
               transform: dict[str, Any] | None = None) -> str:
    url = image["url"]
    if url.startswith("/"):
        url = info.context.base_url + url
    # Shopify's CDN resizes through query parameters; the original width/height stay as they are.
    transform = transform or {}
    params = {"width": transform.get("maxWidth"), "height": transform.get("maxHeight")}
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{url}?{query}" if query else url


def _events(fulfillment: dict[str, Any], info: GraphQLResolveInfo, sortKey: str = "ID",
            **args: Any) -> dict[str, Any]:
    field = "happenedAt" if sortKey == "HAPPENED_AT" else "id"
    events = sorted(fulfillment.get("events") or [], key=lambda event: event[field])
    return paginate(events, **args)


def _fulfillment_orders(order: dict[str, Any], info: GraphQLResolveInfo,
                        displayable: bool | None = None, **args: Any) -> dict[str, Any]:
    nodes = order.get("fulfillmentOrders") or []
    if displayable:
        # What a customer may see: not the cancelled or superseded ones.
        nodes = [node for node in nodes if node["status"] not in ("CANCELLED", "INCOMPLETE")]
    return paginate(nodes, **args)


def _webhook_subscriptions(_: Any, info: GraphQLResolveInfo, topics: list[str] | None = None,
                           uri: str | None = None, callbackUrl: str | None = None,
                           format: str | None = None, **args: Any) -> dict[str, Any]:
    def wanted(subscription: dict[str, Any]) -> bool:
        return ((not topics or subscription["topic"] in topics)
                and (uri is None or subscription["uri"] == uri)
                and (callbackUrl is None or subscription["callbackUrl"] == callbackUrl)
                and (format is None or subscription["format"] == format))
    return paginate([s for s in info.context.store.webhook_subscriptions() if wanted(s)], **args)


def _webhook_create(_: Any, info: GraphQLResolveInfo, topic: str,
                    webhookSubscription: dict[str, Any]) -> dict[str, Any]:
    store: DemoStore = info.context.store
    uri = webhookSubscription.get("uri") or webhookSubscription.get("callbackUrl") or ""
    if not re.match(r"https?://[^\s/]+", uri):
        return _user_error(["webhookSubscription", "callbackUrl"], "Address is invalid")
    if any(s["topic"] == topic and s["uri"] == uri for s in store.webhook_subscriptions()):
        return _user_error(["webhookSubscription", "callbackUrl"],
                           "Address for this topic has already been taken")
    subscription = store.add_webhook_subscription(
        topic, uri, webhookSubscription.get("format") or "JSON", info.context.api_version)
    return {"webhookSubscription": subscription, "userErrors": []}


def _webhook_delete(_: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:
    if info.context.store.remove_webhook_subscription(id):
        return {"deletedWebhookSubscriptionId": id, "userErrors": []}
    return {"deletedWebhookSubscriptionId": None,
            "userErrors": [{"field": ["id"], "message": "Webhook subscription does not exist"}]}


def _user_error(field: list[str], message: str) -> dict[str, Any]:
    return {"webhookSubscription": None, "userErrors": [{"field": field, "message": message}]}


_RESOLVERS: dict[tuple[str, str], Callable[..., Any]] = {
    ("QueryRoot", "shop"): _shop,
    ("QueryRoot", "order"): _order,
    ("QueryRoot", "orders"): _orders,
    ("QueryRoot", "customer"): _customer,
    ("Customer", "orders"): _customer_orders,
    ("QueryRoot", "webhookSubscriptions"): _webhook_subscriptions,
    ("Mutation", "webhookSubscriptionCreate"): _webhook_create,
    ("Mutation", "webhookSubscriptionDelete"): _webhook_delete,
    ("Order", "statusPageUrl"): _status_page_url,
    ("Image", "url"): _image_url,
    ("Fulfillment", "events"): _events,
    ("Order", "fulfillmentOrders"): _fulfillment_orders,
    **bulk_resolvers(run),
}
