"""What a carrier does after it missed the shopper, as the carrier table records it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

NextStep = Literal["request_redelivery", "collect_at_pickup_point", "collect_with_notice"]
# What the shopper takes along: the code from the carrier's SMS, an identity document, the notice.
Bring = Literal["pickup_code", "id", "notice"]


@dataclass(frozen=True)
class AttemptedDelivery:
    """The shopper's next step with one carrier: Japanese carriers wait to be asked to deliver
    again, Nordic ones leave the parcel at a pickup point, Spanish ones leave a notice."""

    next_step: NextStep
    # The carrier's page for that step; it may hold {number}, filled like a tracking template.
    url: str | None
    # Days the carrier keeps the parcel before it goes back to the store, where published.
    holding_days: int | None
    bring: tuple[Bring, ...]


def attempted_delivery(row: Mapping[str, Any] | None) -> AttemptedDelivery | None:
    """The `attempted_delivery` entry of a carrier row; ValueError for an unknown step or item."""
    if not row:
        return None
    if row["next_step"] not in get_args(NextStep):
        raise ValueError(f"unknown next step {row['next_step']!r}")
    bring = tuple(row.get("bring") or ())
    unknown = set(bring) - set(get_args(Bring))
    if unknown:
        raise ValueError(f"unknown things to bring: {sorted(unknown)}")
    return AttemptedDelivery(row["next_step"], row.get("url"), row.get("holding_days"), bring)
