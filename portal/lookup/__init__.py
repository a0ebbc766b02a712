"""The lookup domain: the rules for finding an order by two facts, verifying that it belongs to
the email given, loading it through the cache, sealing it into a link, and limiting guesses.

It depends on Shopify only through the `OrderSource` interface and returns plain values from
portal.model. May import: portal.shopify (through its interface), portal.shipping, portal.store,
portal.model, portal.clock, portal.failures. Never the web layer.
"""
