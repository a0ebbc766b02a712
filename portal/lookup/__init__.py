"""The lookup domain: the rules for finding an order by two facts, verifying that it belongs to
the email given, loading it through the cache, sealing it into a link, limiting guesses, deciding
the order's stage, and learning delivery times from the store's history.

It depends on Shopify only through its interfaces (`OrderSource`, `DeliverySource`) and returns
plain values from portal.model. May import: portal.shipping, portal.store and the kernel
(portal.model, clock, failures, config, metrics). Never portal.web or portal.shopify.
"""
