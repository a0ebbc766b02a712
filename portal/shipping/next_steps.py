"""What the shopper does after a carrier missed them, from the carrier table's
`attempted_delivery` entries: Japanese carriers wait to be asked to redeliver (再配達), Nordic
ones leave the parcel at a pickup point, Spanish ones leave a notice (aviso)."""

from __future__ import annotations

from portal.model import NextStep
from portal.shipping.carriers import CarrierDirectory

# Statuses after which the shopper has to act to get the parcel.
AFTER_ATTEMPT = frozenset({"ATTEMPTED_DELIVERY", "NOT_DELIVERED"})


def next_step(directory: CarrierDirectory, carrier_key: str | None, number: str | None,
              status: str) -> NextStep | None:
    """The carrier's way after a missed delivery, with its page when the table has one; None
    when the parcel needs nothing from the shopper or the table does not know the carrier."""
    carrier = directory.find_key(carrier_key) if carrier_key else None
    step = carrier.attempted_delivery if carrier else None
    if status not in AFTER_ATTEMPT or carrier is None or step is None:
        return None
    url = directory.attempted_delivery_url(carrier, number) if number else None
    return NextStep(step.next_step, url, step.holding_days, step.bring)
