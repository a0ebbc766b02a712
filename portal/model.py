"""The order view model: plain, frozen values a template can show without knowing Shopify.

Statuses stay as Shopify's enum names here; `labels` turns them into words at render time,
in the shopper's language, so one cached order serves every locale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from typing import Literal

EstimateSource = Literal["shopify", "checkout_promise", "store_history", "portal_estimate"]
RegionKind = Literal["province", "postcode", "country"]

# Shipment statuses that mean the parcel will never come.
CALLED_OFF = frozenset({"CANCELED", "LABEL_VOIDED"})


@dataclass(frozen=True)
class HistoryBasis:
    """What a window from the store's own deliveries rests on, so the page can say it."""

    carrier_key: str | None  # None: parcels of every carrier
    country: str
    region_kind: RegionKind
    # The province's name as the shopper's address gives it, the postcode's first characters,
    # or the country code.
    region: str
    province_code: str | None
    parcels: int
    period_days: int
    # Business days from hand-over to delivery, or from payment for an order not sent yet.
    fewest: int
    most: int
    from_payment: bool = False


@dataclass(frozen=True)
class DeliveryEstimate:
    """An expected delivery window, both days included; always an estimate, `source` says whose."""

    earliest: date
    latest: date
    source: EstimateSource
    # Past the latest day without delivery: the page says "running late" and keeps the dates.
    is_late: bool
    basis: HistoryBasis | None = None


Days = tuple[int, int, int]  # the 20th, 50th and 80th percentile, in business days


@dataclass(frozen=True)
class Figures:
    """What the store's parcels of one carrier ("*": any) to one region ("": the whole
    country) took: percentiles of business days, and how many parcels they rest on."""

    carrier: str
    country: str
    region: str
    count: int
    handling: Days
    transit: Days


@dataclass(frozen=True)
class Learned:
    """Every group's figures, with the period they cover and when they were learned."""

    learned_at: datetime
    days: int
    figures: tuple[Figures, ...]

    @cached_property
    def index(self) -> dict[tuple[str, str, str], Figures]:
        """The figures by (carrier, country, region)."""
        return {(f.carrier, f.country, f.region): f for f in self.figures}


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str


@dataclass(frozen=True)
class Image:
    url: str
    alt: str
    width: int | None
    height: int | None


@dataclass(frozen=True)
class LineItem:
    id: str
    title: str
    variant: str | None
    quantity: int
    removed_quantity: int
    unit_price: Money | None
    total: Money | None
    image: Image | None
    unshipped_quantity: int


@dataclass(frozen=True)
class ShipmentItem:
    title: str
    variant: str | None
    quantity: int
    image: Image | None


@dataclass(frozen=True)
class Tracking:
    number: str | None
    carrier: str | None
    carrier_key: str | None
    url: str | None
    link_source: str | None


@dataclass(frozen=True)
class TrackingEvent:
    status: str
    happened_at: datetime
    message: str | None
    city: str | None
    country: str | None


@dataclass(frozen=True)
class NextStep:
    """What a shopper does after a failed delivery attempt with this carrier: `practice` names
    the carrier's way ("request_redelivery", "collect_at_pickup_point", "collect_with_notice"),
    `url` is the carrier's page for it, `bring` what to take along ("pickup_code", "id",
    "notice"), `holding_days` how long the carrier keeps the parcel, where the table says."""

    practice: str
    url: str | None
    holding_days: int | None = None
    bring: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shipment:
    name: str
    status: str
    created_at: datetime
    in_transit_at: datetime | None
    delivered_at: datetime | None
    tracking: tuple[Tracking, ...]
    items: tuple[ShipmentItem, ...]
    events: tuple[TrackingEvent, ...]
    estimate: DeliveryEstimate | None
    next_step: NextStep | None = None


@dataclass(frozen=True)
class Address:
    """A postal address in Shopify's structured fields; the street is already masked."""

    name: str | None
    street: str | None
    city: str | None
    postcode: str | None
    country: str | None
    province: str | None = None
    province_code: str | None = None


@dataclass(frozen=True)
class Pickup:
    location: str
    address: Address | None
    ready: bool
    ready_on: date | None
    collected: bool


@dataclass(frozen=True)
class RequestedDelivery:
    """What the shopper asked for at checkout (Japanese stores: お届け希望日・時間帯, 置き配):
    `day` when the app stored a date we could read, else `day_text` as the app wrote it."""

    day: date | None
    day_text: str | None
    time_slot: str | None
    leave_at_door: bool


@dataclass(frozen=True)
class Totals:
    subtotal: Money | None
    shipping: Money | None
    tax: Money | None
    discounts: Money | None
    total: Money | None
    refunded: Money | None
    # Prices already hold the tax (and duties): the page says "incl." and never adds them again.
    taxes_included: bool = False
    duties: Money | None = None
    duties_included: bool = False

    @property
    def has_discount(self) -> bool:
        return self.discounts is not None and self.discounts.amount > 0


@dataclass(frozen=True)
class Order:
    id: str
    name: str
    confirmation_number: str | None
    placed_at: datetime
    payment_status: str
    fulfillment_status: str
    return_status: str
    cancelled_at: datetime | None
    cancel_reason: str | None
    scheduled_at: datetime | None
    hold_reason: str | None
    line_items: tuple[LineItem, ...]
    shipments: tuple[Shipment, ...]
    totals: Totals
    shipping_address: Address | None
    shipping_method: str | None
    pickup: Pickup | None
    estimate: DeliveryEstimate | None
    # The zone every time on the page is shown in: the destination's, else the store's, and then
    # `timezone_is_store` asks the page to name it.
    timezone: str
    timezone_is_store: bool = False
    requested: RequestedDelivery | None = None
    # Sent to a pickup point (hentested, punto de recogida): the address is the point's.
    to_pickup_point: bool = False

    @property
    def is_pickup(self) -> bool:
        return self.pickup is not None

    @property
    def unshipped_items(self) -> tuple[LineItem, ...]:
        """Line items with units that no shipment holds yet."""
        return tuple(item for item in self.line_items if item.unshipped_quantity > 0)

    @property
    def items_still_to_send(self) -> tuple[LineItem, ...]:
        """What a partly sent order still owes; nothing when all or none was sent, when it was
        cancelled, or for a pickup, whose card already says what waits."""
        if not self.shipments or self.is_cancelled or self.pickup:
            return ()
        return self.unshipped_items

    @property
    def active_shipments(self) -> tuple[Shipment, ...]:
        """The shipments still meant to arrive: not cancelled, not a voided label."""
        return tuple(s for s in self.shipments if s.status not in CALLED_OFF)

    @property
    def arrival(self) -> DeliveryEstimate | None:
        """One window spanning every travelling shipment's estimate; when any parcel is late,
        the late ones' window, so the page never calls a future date late."""
        windows = [shipment.estimate for shipment in self.active_shipments if shipment.estimate]
        windows = [w for w in windows if w.is_late] or windows
        if not windows:
            return None
        return DeliveryEstimate(earliest=min(w.earliest for w in windows),
                                latest=max(w.latest for w in windows), source=windows[0].source,
                                is_late=windows[0].is_late)

    @property
    def delivered_at(self) -> datetime | None:
        """When the last parcel arrived, once every one has and nothing is left to send."""
        shipments = self.active_shipments
        dates = [s.delivered_at for s in shipments if s.delivered_at is not None]
        if not dates or len(dates) < len(shipments) or self.unshipped_items:
            return None
        return max(dates)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def was_refunded(self) -> bool:
        return self.totals.refunded is not None and self.totals.refunded.amount > 0


@dataclass(frozen=True)
class ShopInfo:
    """The store's settings that decide how orders are found and shown."""

    name: str
    timezone: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class OrderQuery:
    """What a shopper typed, normalised: an order or confirmation number and an email."""

    number: str
    may_be_confirmation: bool
    email: str


@dataclass(frozen=True)
class OrderFacts:
    """Whose an order is, as the store states it: what every ownership check is decided on."""

    id: str
    name: str
    confirmation_number: str | None
    email: str | None
    test: bool
    customer_id: str | None = None


@dataclass(frozen=True)
class SourcedOrder:
    """An order read whole, with the facts that decide who may see it."""

    facts: OrderFacts
    order: Order


@dataclass(frozen=True)
class StatusPage:
    """A freshly minted link to the store's own order status page."""

    facts: OrderFacts
    url: str | None


@dataclass(frozen=True)
class CustomerOrder:
    """One of a signed-in customer's orders, as the form page lists them."""

    facts: OrderFacts
    placed_at: datetime
    fulfillment_status: str
