"""The web layer: everything that speaks HTTP.

Views and forms, error pages, security headers, languages and formats, labels, addresses and
advice in the shopper's words, calendar files, the theme stylesheet, the webhooks' HTTP side, the
App Proxy middleware, the per-client limits, rendered pages, metrics and the CLI. It turns lookup
outcomes into responses and the neutral `Unavailable` into the 503 page.

May import: every other part of the portal (it is the top layer), reaching the store and the
adapter through the services the app factory builds.
"""
