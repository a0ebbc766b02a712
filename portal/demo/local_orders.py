"""Demo orders that show local conventions: Japanese requested-delivery attributes and 置き配,
missed deliveries with Yamato, Sagawa, Japan Post, Posten, PostNord, Helthjem, Correos, SEUR,
GLS and MRW, duties included in the price, and Japanese names in family-name order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from portal.demo.builder import Event, Shipment, build_order
from portal.demo.sample_catalog import sample_items

# Japanese customers' names as they typed them (given name, family name).
JAPANESE_NAMES = {"hanako.yamada": ("花子", "山田"), "kenji.sato": ("健二", "佐藤"),
                  "yuki.ito": ("由紀", "伊藤"), "aiko.tanaka": ("愛子", "田中"),
                  "daichi.mori": ("大地", "森"), "sakura.kimura": ("さくら", "木村"),
                  "haruto.kato": ("陽翔", "加藤")}

# Which carrier misses the shopper in each demo order: (order number, email, currency, company,
# tracking number, the carrier's own words).
MISSED = (
    (1030, "daichi.mori@example.com", "JPY", "Yamato (JA)", "4321-8765-0930", "ご不在のため持戻"),
    (1031, "sakura.kimura@example.com", "JPY", "Sagawa (JA)", "3601-2345-6731", "不在持戻"),
    (1032, "erik.dahl@example.com", "NOK", "PostNord NO", "00370722150393571032",
     "Pakken er sendt til hentested"),
    (1033, "sofie.lund@example.com", "NOK", "Helthjem", "7072215039357103",
     "Ingen hjemme, sendt til hentested"),
    (1034, "diego.navarro@example.com", "EUR", "SEUR", "05812345671034",
     "Ausente. Se deja aviso"),
    (1035, "ana.serrano@example.com", "EUR", "MRW", "0460103500035",
     "Destinatario ausente, aviso en buzón"),
    (1038, "haruto.kato@example.com", "JPY", "Japan Post (JA)", "5521-0398-4438",
     "ご不在のため持ち戻り"),
    (1039, "nora.vik@example.com", "NOK", "Bring", "70722150393571039",
     "Mottaker ikke hjemme, sendt til hentested"),
    (1040, "pau.ferrer@example.com", "EUR", "GLS Spain", "61234567890",
     "Ausente, se deja aviso"),
)


def japanese_name(email: str) -> tuple[str, str] | None:
    """The Japanese demo customer's (given, family) name for an email, if they have one."""
    return JAPANESE_NAMES.get(email.split("@")[0])


def local_orders(now: datetime | None) -> list[dict[str, Any]]:
    """The demo orders of this module, dated relative to `now`."""
    order = partial(build_order, now=now)
    missed = [order(number, email, currency=currency, customer=japanese_name(email),
                    processed_days_ago=3, items=sample_items(currency, 6),
                    shipments=[Shipment("ATTEMPTED_DELIVERY", [(company, tracking)], days_ago=2,
                                        events=[Event("OUT_FOR_DELIVERY", 30, None),
                                                Event("ATTEMPTED_DELIVERY", 26, words)])])
              for number, email, currency, company, tracking, words in MISSED]
    return [
        *missed,
        # A Japanese order with お届け希望日・時間帯 and 置き配 as a delivery-date app stores them.
        order(1036, "riko.ueda@example.com", currency="JPY", customer=("莉子", "上田"),
              fulfillment="UNFULFILLED", processed_days_ago=0.5, items=sample_items("JPY", 7, 10),
              attributes=[("配送希望日", _days_ahead(now, 9)), ("配送希望時間", "14時～16時"),
                          ("置き配", "希望する")]),
        # Duties paid at checkout: the page says they are included, never adds them.
        order(1037, "freya.holm@example.com", currency="NOK", duties="120", items=sample_items(
            "NOK", 12), shipments=[Shipment("IN_TRANSIT", [("Bring", "70722150393571037")])]),
    ]


def _days_ahead(now: datetime | None, days: int) -> str:
    day = (now or datetime.now(UTC)) + timedelta(days=days)
    return f"{day:%Y/%m/%d}"
