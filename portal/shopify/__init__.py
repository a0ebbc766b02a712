"""The Shopify adapter: the only code that reads Shopify's JSON.

The GraphQL client with its deadlines, retries and errors, access tokens, throttling, the
queries, the mapping from Shopify's answers to portal.model values, App Proxy and webhook
signatures, and webhook registration. Its errors are all `portal.failures.Unavailable`.

May import: portal.shipping, portal.model, portal.clock, portal.failures, portal.config. Never
portal.web, portal.lookup or portal.store.
"""
