"""The web layer: everything that speaks HTTP.

Views and forms, error pages, security headers, languages, the theme stylesheet, the webhooks'
HTTP side, the App Proxy middleware, labels and calendar files, and the per-client limits.
It turns lookup outcomes into responses and the neutral `Unavailable` into the 503 page.

May import: portal.lookup, portal.model, portal.clock, portal.failures, portal.config, and the
store or adapter only through the services the app factory hands it.
"""
