"""The Shopify adapter: the only code that reads Shopify's JSON.

The GraphQL client with its deadlines, retries and errors, access tokens, throttling, the
queries, bulk operations, the mapping from Shopify's answers to portal.model values, App Proxy
and webhook signatures and payloads, and webhook registration. Its errors are all
`portal.failures.Unavailable`, so nothing outside this package imports them.

May import: portal.shipping and the kernel (portal.model, clock, failures, config, metrics).
Never portal.web, portal.lookup or portal.store.
"""
