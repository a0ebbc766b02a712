"""Shopify's order search syntax, matched as loosely as Shopify matches it.

`name:1001` also finds `#10011` (values match by token prefix), email matches without regard to
case and on single tokens, unknown filter keys are ignored, and no input makes the parser fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

Order = dict[str, Any]
Predicate = Callable[[Order], bool]

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_TOKEN = re.compile(r"[^\W_]+")
_COMPARATOR = re.compile(r"^(<=|>=|<|>|=)")
# Deeper nesting than any real search is read as flat text rather than recursed into.
_MAX_DEPTH = 32


def search_orders(orders: Iterable[Order], query: str | None) -> list[Order]:
    """Return the orders that Shopify's fuzzy search would return for this query string."""
    predicate = parse_query(query or "")
    return [order for order in orders if predicate(order)]


def parse_query(query: str) -> Predicate:
    """Return a predicate for a search string; odd input yields a plausible, never failing one."""
    return _Parser(_tokens(query)).parse()


def tokens_of(text: str) -> list[str]:
    """Return the lower-cased word tokens Shopify indexes a value by."""
    return _TOKEN.findall(text.casefold())


def _tokens(query: str) -> list[str]:
    """Split into '(', ')' and terms; quotes group, backslashes escape, unclosed quotes run on."""
    tokens: list[str] = []
    term: list[str] = []
    quoted = escaped = False
    for char in query:
        if escaped:
            term.append(char)
            escaped = False
        elif char == "\\":
            term.append(char)
            escaped = True
        elif char == '"':
            term.append(char)
            quoted = not quoted
        elif not quoted and (char.isspace() or char in "()"):
            if term:
                tokens.append("".join(term))
                term = []
            if char in "()":
                tokens.append(char)
        else:
            term.append(char)
    if term:
        tokens.append("".join(term))
    return tokens


def _unquote(value: str) -> str:
    """Remove quotes and escapes: `"#1001"` -> `#1001`, `\\"` -> `"`."""
    return re.sub(r'\\(.)|"', lambda match: match.group(1) or "", value, flags=re.DOTALL)


def _everything(order: Order) -> bool:
    return True


class _Parser:
    """Recursive descent: or := and (OR and)*; and := not (AND? not)*; not := NOT* atom."""

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = tokens
        self._at = 0
        self._depth = 0

    def parse(self) -> Predicate:
        parts = [self._or()]
        while self._peek() == ")":  # a stray closing parenthesis is skipped, as Shopify does
            self._at += 1
            parts.append(self._or())
        return _all_of(parts)

    def _peek(self) -> str | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _or(self) -> Predicate:
        options = [self._and()]
        while self._peek() == "OR":
            self._at += 1
            options.append(self._and())
        if len(options) == 1:
            return options[0]
        return lambda order: any(option(order) for option in options)

    def _and(self) -> Predicate:
        parts = []
        while (token := self._peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self._at += 1
            else:
                parts.append(self._not())
        return _all_of(parts)

    def _not(self) -> Predicate:
        token = self._peek()
        if token is None or token in ("OR", ")", "AND"):
            return _everything
        if token == "NOT":
            # Counted rather than recursed into, so a long run of NOTs cannot exhaust the stack.
            negations = 0
            while self._peek() == "NOT":
                negations += 1
                self._at += 1
            inner = self._not()
            return inner if negations % 2 == 0 else (lambda order: not inner(order))
        self._at += 1
        if token == "(" and self._depth < _MAX_DEPTH:
            self._depth += 1
            inner = self._or()
            self._depth -= 1
            if self._peek() == ")":
                self._at += 1
            return inner
        if token == "(":
            return _everything
        return _term(token)


def _all_of(parts: list[Predicate]) -> Predicate:
    if len(parts) == 1:
        return parts[0]
    return lambda order: all(part(order) for part in parts)


def _term(term: str) -> Predicate:
    """Return the predicate for one `key:value`, `-key:value` or bare term."""
    stripped = term.lstrip("-")
    if stripped and stripped != term:
        inner = _term(stripped)
        negated = (len(term) - len(stripped)) % 2 == 1
        return (lambda order: not inner(order)) if negated else inner
    key, colon, value = term.partition(":")
    if colon and _KEY.fullmatch(key):
        value = _COMPARATOR.sub("", _unquote(value))
        matcher = _FILTERS.get(key.lower())
        if matcher is None:  # Shopify silently ignores filters it does not know
            return _everything
        return lambda order: matcher(order, value)
    return lambda order: _bare(order, _unquote(term))


def _prefix_match(value: str, text: str | None) -> bool:
    """True when every token of the value starts some token of the text."""
    wanted = tokens_of(value)
    if not wanted:
        return True
    have = tokens_of(text or "")
    return all(any(token.startswith(part) for token in have) for part in wanted)


def _name(order: Order, value: str) -> bool:
    return _prefix_match(value, order.get("name"))


def _email(order: Order, value: str) -> bool:
    email = order.get("email") or ""
    return email.casefold() == value.strip().casefold() or _prefix_match(value, email)


def _confirmation(order: Order, value: str) -> bool:
    return _prefix_match(value, order.get("confirmationNumber"))


def _id(order: Order, value: str) -> bool:
    digits = value.rsplit("/", 1)[-1].strip()
    return str(order.get("id", "")).rsplit("/", 1)[-1] == digits


def _bare(order: Order, value: str) -> bool:
    address = order.get("shippingAddress") or {}
    fields = (order.get("name"), order.get("email"), order.get("confirmationNumber"),
              address.get("firstName"), address.get("lastName"))
    text = " ".join(field for field in fields if field)
    return _prefix_match(value, text)


_FILTERS: dict[str, Callable[[Order, str], bool]] = {
    "name": _name,
    "email": _email,
    "confirmation_number": _confirmation,
    "id": _id,
}
