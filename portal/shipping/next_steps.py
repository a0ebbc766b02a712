"""What happens after a carrier could not deliver, carrier by carrier, and where to act on it.

Japanese carriers keep the parcel until the shopper asks for redelivery (再配達); Norwegian
carriers send it to a pickup point and text a pickup code; Spanish carriers leave a notice (aviso)
and hold the parcel at an office or point, released against ID.
"""

from __future__ import annotations

from portal.model import NextStep
from portal.shipping.carriers import CarrierDirectory

REQUEST_REDELIVERY = "request_redelivery"
PICKUP_POINT = "pickup_point"
COLLECT_WITH_NOTICE = "collect_with_notice"

PRACTICE = {
    **dict.fromkeys(("yamato", "sagawa", "japan_post"), REQUEST_REDELIVERY),
    **dict.fromkeys(("posten_bring", "postnord", "helthjem"), PICKUP_POINT),
    **dict.fromkeys(("correos", "correos_express", "seur", "gls_spain", "mrw"),
                    COLLECT_WITH_NOTICE),
}

# Statuses after which the shopper has to do something to get the parcel.
AFTER_ATTEMPT = frozenset({"ATTEMPTED_DELIVERY", "NOT_DELIVERED"})


def next_step(directory: CarrierDirectory, carrier_key: str | None,
              status: str) -> NextStep | None:
    """The carrier's practice after a missed delivery, with its page when the table has one."""
    practice = PRACTICE.get(carrier_key or "")
    if status not in AFTER_ATTEMPT or practice is None:
        return None
    carrier = directory.find_key(carrier_key or "")
    return NextStep(practice, carrier.redelivery_url if carrier else None)
