"""Redis and what sits on it: the order cache, single flight, counters and the Shopify call
budget, the host's fallback counters, outage tracking, the learned delivery figures, and the one
versioned envelope every stored value uses.

Fails open: an outage is logged once and read as a miss. May import: the kernel (portal.model,
clock, failures, config, metrics). Never portal.web, portal.lookup or portal.shopify.
"""
