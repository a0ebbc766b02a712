"""The Flask and Jinja classes the portal runs on: Flask's, with costs of every request and every
render paid once."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from types import FunctionType
from typing import Any

from flask import Flask
from flask.templating import Environment
from jinja2.runtime import Context


class PageContext(Context):
    """Jinja's context, calling plain functions straight away.

    Every call a template makes goes through Context.call, which first asks whether the callee
    wants the context, its eval context or the environment passed in: two attribute probes on
    the callee and two on its __call__. A page makes some fifty calls, nearly all to plain
    functions that want none of them (`_`, the stage and label helpers, page_url): together a
    tenth of rendering an order page."""

    # Named as Jinja names them, so a template may pass keyword arguments called "self".
    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        # Only Jinja's pass_* decorators set jinja_pass_arg; the loop and block variables the
        # template adds are for those callees alone.
        if type(__obj) is not FunctionType or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            # As Jinja does: a StopIteration escaping into the template's generator would end
            # the page silently.
            return __self.environment.undefined("value was undefined because a callable raised"
                                                " a StopIteration exception")


class PageEnvironment(Environment):
    """Flask's Jinja environment, with each template's globals as one plain dict and
    PageContext as its context.

    Jinja keeps a template's globals as a ChainMap over the environment's and copies them into
    every context it makes, once for the page and once per include: each copy walks the
    ChainMap in Python, a third of rendering an empty page. The app factory installs every
    global before any template is loaded, so a template can hold a snapshot."""

    context_class = PageContext

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


class PortalFlask(Flask):
    """Renders with PageEnvironment, and asks once per function whether it is a coroutine.

    Flask asks on every call, for each of a request's hooks, context processors and its view:
    a dozen inspections of about 1 us each on a page served from memory in about 200 us."""

    jinja_environment = PageEnvironment

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sync: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        sync = self._sync.get(func)
        if sync is None:
            sync = super().ensure_sync(func)
            # The portal's own functions are a few dozen; anything made per call is not kept.
            if len(self._sync) < _KEPT:
                self._sync[func] = sync
        return sync


_KEPT = 512
