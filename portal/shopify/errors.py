"""What can go wrong when asking Shopify. Every error is Unavailable to the rest of the portal,
which shows the "try again" page; only the adapter tells the kinds apart."""

from portal.failures import Unavailable


class ShopifyError(Unavailable):
    """Shopify could not answer the query."""


class ShopifyUnavailable(ShopifyError):
    """Shopify is down, slow, throttling us or answered garbage: the shopper should try again."""


class ShopifyAuthError(ShopifyUnavailable):
    """The access token was rejected: an operator has to act."""


class ShopifyQueryError(ShopifyError):
    """Shopify refused the query itself: a bug on our side, never the shopper's."""
