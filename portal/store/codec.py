"""JSON round trip for the frozen view-model dataclasses, so orders can live in Redis."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def dumps(value: Any) -> str:
    """Return `value` (a dataclass tree) as compact JSON."""
    return json.dumps(plain(value), separators=(",", ":"), ensure_ascii=False)


def loads(cls: type[T], text: str) -> T:
    """Return an instance of `cls` rebuilt from `dumps` output."""
    value: T = build(cls, json.loads(text))
    return value


def plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def build(kind: Any, data: Any) -> Any:
    """Return `data` (parsed JSON) rebuilt as `kind`: a dataclass, a tuple of them, a date..."""
    return _builder(kind)(data)


Builder = Callable[[Any], Any]


@cache
def _builder(kind: Any) -> Builder:
    # One builder per type, made once: reading a cached order is on every page view, and
    # inspecting type hints field by field cost more than the JSON parse itself.
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return _nullable(_builder(inner[0]))
    if origin is tuple:
        item = _builder(typing.get_args(kind)[0])
        return _nullable(lambda data: tuple(map(item, data)))
    if dataclasses.is_dataclass(kind):
        return _nullable(_dataclass_builder(kind))
    parse = _PARSERS.get(kind)
    return _nullable(parse) if parse else _same


def _dataclass_builder(kind: Any) -> Builder:
    hints = typing.get_type_hints(kind)
    fields = [(f.name, _builder(hints[f.name])) for f in dataclasses.fields(kind)]
    if any(not f.init for f in dataclasses.fields(kind)) or hasattr(kind, "__post_init__") \
            or hasattr(kind, "__slots__"):
        raise TypeError(f"{kind.__name__} needs its __init__, which the codec does not call")
    # Most fields are text, numbers, flags or None, which JSON already gives as they are: they
    # are copied without a call each (two thirds of an order's fields).
    plain = [name for name, build_field in fields if build_field is _same]
    built = [(name, build_field) for name, build_field in fields if build_field is not _same]

    def filled(data: Any) -> Any:
        # A frozen dataclass's __init__ sets each field through object.__setattr__, about a
        # third of rebuilding an order; these classes have nothing else in __init__, so the
        # fields go straight into the instance's __dict__.
        value = object.__new__(kind)
        found = value.__dict__
        for name in plain:
            found[name] = data.get(name)
        for name, build_field in built:
            found[name] = build_field(data.get(name))
        return value

    return filled


def _nullable(builder: Builder) -> Builder:
    if builder is _same:
        return _same  # None stays None as it is
    return lambda data: None if data is None else builder(data)


def _same(data: Any) -> Any:
    return data


_PARSERS: dict[Any, Builder] = {datetime: datetime.fromisoformat, date: date.fromisoformat,
                                Decimal: Decimal}
