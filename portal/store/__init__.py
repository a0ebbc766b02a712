"""Redis and what sits on it: the order cache, single flight, counters and the Shopify call
budget, outage tracking, and the one versioned envelope every stored value uses.

Fails open: an outage is logged once and read as a miss. May import: portal.clock,
portal.failures. Never portal.web, portal.lookup or portal.shopify.
"""
