"""Neutral failures that any service may raise and the web layer turns into pages."""


class Unavailable(Exception):
    """A service the portal needs could not answer in time: the shopper should try again soon."""


class Busy(Unavailable):
    """Another job holds what this one needs, so nothing was done: try again when it ends."""
