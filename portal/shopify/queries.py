"""Every GraphQL document the portal sends to Shopify's Admin API.

Kept in one module so a test can validate each one against Shopify's published schema.
User input only ever reaches Shopify through variables, never through these texts.
"""

SHOP_QUERY = """
query PortalShop {
  shop {
    name
    ianaTimezone
    orderNumberFormatPrefix
    orderNumberFormatSuffix
  }
}
"""

# A cheap first step: just enough of each candidate to check name, confirmation number,
# email and test flag on our side, because Shopify's search is fuzzy.
CANDIDATES_QUERY = """
query PortalCandidates($search: String!) {
  orders(first: 10, query: $search, sortKey: PROCESSED_AT, reverse: true) {
    nodes {
      id
      name
      confirmationNumber
      email
      test
    }
  }
}
"""

_MONEY = "presentmentMoney { amount currencyCode }"

# Both the order and its further pages of line items read the same fields of each item.
_LINE_ITEM = f"""
fragment PortalLineItem on LineItem {{
  id
  title
  variantTitle
  quantity
  currentQuantity
  unfulfilledQuantity
  image {{ url(transform: {{ maxWidth: 160, maxHeight: 160 }}) altText width height }}
  originalUnitPriceSet {{ {_MONEY} }}
  discountedTotalSet {{ {_MONEY} }}
}}
"""

# Shopify refuses a query whose requested cost passes 1,000 points; the order query is kept near
# 800 (a test checks) by reading the first 25 line items here and any more page by page.

ORDER_QUERY = f"""
query PortalOrder($id: ID!) {{
  order(id: $id) {{
    id
    name
    email
    confirmationNumber
    test
    createdAt
    processedAt
    cancelledAt
    cancelReason
    displayFinancialStatus
    displayFulfillmentStatus
    returnStatus
    subtotalPriceSet {{ {_MONEY} }}
    totalShippingPriceSet {{ {_MONEY} }}
    totalTaxSet {{ {_MONEY} }}
    totalDiscountsSet {{ {_MONEY} }}
    totalPriceSet {{ {_MONEY} }}
    totalRefundedSet {{ {_MONEY} }}
    currentTotalDutiesSet {{ {_MONEY} }}
    taxesIncluded
    dutiesIncluded
    customAttributes {{ key value }}
    shippingAddress {{
      firstName lastName address1 city province provinceCode zip countryCodeV2 timeZone
    }}
    shippingLine {{ title }}
    lineItems(first: 25) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ ...PortalLineItem }}
    }}
    fulfillments(first: 10) {{
      name
      status
      displayStatus
      createdAt
      inTransitAt
      deliveredAt
      estimatedDeliveryAt
      trackingInfo(first: 5) {{ company number url }}
      fulfillmentLineItems(first: 20) {{
        nodes {{ quantity lineItem {{ id }} }}
      }}
      events(first: 10, sortKey: HAPPENED_AT, reverse: true) {{
        nodes {{ status happenedAt message city country estimatedDeliveryAt }}
      }}
    }}
    fulfillmentOrders(first: 5, displayable: true) {{
      nodes {{
        status
        fulfillAt
        fulfillmentHolds {{ reason }}
        deliveryMethod {{ methodType minDeliveryDateTime maxDeliveryDateTime }}
        assignedLocation {{ name address1 address2 city province zip countryCode }}
      }}
    }}
  }}
}}
{_LINE_ITEM}"""

# Orders with more line items than the first page holds are read on, page by page.
LINE_ITEMS_QUERY = f"""
query PortalLineItems($id: ID!, $after: String) {{
  order(id: $id) {{
    lineItems(first: 50, after: $after) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ ...PortalLineItem }}
    }}
  }}
}}
{_LINE_ITEM}"""

# statusPageUrl mints a fresh limited-use token on every call, so it is asked for only when
# the shopper follows the link, and never cached. The email comes back for the ownership check.
STATUS_PAGE_QUERY = """
query PortalStatusPage($id: ID!) {
  order(id: $id) {
    id
    email
    test
    statusPageUrl
  }
}
"""

# A signed-in shopper arriving through the App Proxy sees their recent orders without typing;
# `customer { id }` lets us check that each order really is theirs.
CUSTOMER_ORDERS_QUERY = """
query PortalCustomerOrders($id: ID!) {
  customer(id: $id) {
    orders(first: 10, sortKey: PROCESSED_AT, reverse: true) {
      nodes {
        id
        name
        email
        test
        processedAt
        displayFulfillmentStatus
        customer { id }
      }
    }
  }
}
"""

# The set-up command (portal/shopify/webhook_setup.py) lists the subscriptions already pointing at the
# portal, then creates the missing ones. The mutation is named *_QUERY like every document here,
# so the schema and cost tests cover it too.
WEBHOOK_SUBSCRIPTIONS_QUERY = """
query PortalWebhookSubscriptions($uri: String!, $after: String) {
  webhookSubscriptions(first: 100, after: $after, uri: $uri) {
    pageInfo { hasNextPage endCursor }
    nodes { id topic uri }
  }
}
"""

WEBHOOK_SUBSCRIPTION_CREATE_QUERY = """
mutation PortalWebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: {uri: $uri, format: JSON}) {
    webhookSubscription { id topic uri }
    userErrors { field message }
  }
}
"""

ALL_QUERIES = {
    "shop": SHOP_QUERY,
    "candidates": CANDIDATES_QUERY,
    "order": ORDER_QUERY,
    "line_items": LINE_ITEMS_QUERY,
    "status_page": STATUS_PAGE_QUERY,
    "webhook_subscriptions": WEBHOOK_SUBSCRIPTIONS_QUERY,
    "webhook_subscription_create": WEBHOOK_SUBSCRIPTION_CREATE_QUERY,
    "customer_orders": CUSTOMER_ORDERS_QUERY,
}

# Each document's requested cost by Shopify's documented rules (the demo store computes the same,
# and a test holds these figures to it): what the client expects the bucket to need before it
# has seen Shopify's own figure for a query.
REQUESTED_COST = {
    "shop": 1,
    "candidates": 12,
    "order": 792,
    "line_items": 303,
    "status_page": 1,
    "webhook_subscriptions": 102,
    "webhook_subscription_create": 10,
    "customer_orders": 23,
}
COST_OF = {ALL_QUERIES[name]: cost for name, cost in REQUESTED_COST.items()}
