"""The carrier table: from Shopify company names, aliases or the number itself to tracking links."""

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from portal.shipping.attempted_delivery import AttemptedDelivery, attempted_delivery
from portal.shipping.carrier_text import (
    clean_number,
    fill,
    fold,
    is_web_url,
    language,
    named_company,
)
from portal.shipping.tracking_numbers import Detection, detect

CARRIERS_FILE = Path(__file__).parent / "data" / "carriers.json"

LinkSource = Literal["shopify", "carrier_table", "detected"]

@dataclass(frozen=True)
class DetectionRule:
    """Which tracking-number detections identify a carrier."""

    courier: str
    formats: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()

    def matches(self, detection: Detection) -> bool:
        """True for a detection of this courier (and of a listed format or country, if any)."""
        return (
            detection.courier_code == self.courier
            and (not self.formats or detection.format_id in self.formats)
            and (not self.countries or detection.country in self.countries)
        )


@dataclass(frozen=True)
class Carrier:
    """One row of the carrier table."""

    key: str
    name: str
    # Excluded from the hash only because a dict cannot be hashed; it still takes part in ==.
    local_names: Mapping[str, str] = field(hash=False)
    home_country: str | None
    shopify_companies: tuple[str, ...]
    aliases: tuple[str, ...]
    url_template: str | None
    detection: tuple[DetectionRule, ...]
    confidence: str
    # Pages in the shopper's language where the carrier has them (Japan Post's locale=ja).
    language_templates: Mapping[str, str] = field(default_factory=dict, hash=False)
    # The carrier's own page for numbers it carries at home (GLS Spain's needs the postcode).
    domestic_template: str | None = None
    attempted_delivery: AttemptedDelivery | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the carrier goes by: display names, Shopify company strings, aliases."""
        return (self.name, *self.local_names.values(), *self.shopify_companies, *self.aliases)

    def display_name(self, locale: str | None = None) -> str:
        """The name shoppers of `locale` know the carrier by (ヤマト運輸 for ja)."""
        return self.local_names.get(language(locale), self.name)

    def template_for(self, country: str | None = None, locale: str | None = None) -> str | None:
        """The domestic template for a parcel in the carrier's home country, else the one in the
        shopper's language, else the main one."""
        if self.domestic_template and country and country.upper() == self.home_country:
            return self.domestic_template
        return self.language_templates.get(language(locale), self.url_template)


@dataclass(frozen=True)
class TrackingLink:
    """What the order page shows for one tracking number; `source` says where the url came from."""

    carrier_key: str | None
    carrier_name: str | None
    url: str | None
    source: LinkSource | None


def _carrier(key: str, row: Mapping[str, Any]) -> Carrier:
    return Carrier(
        key=key,
        name=row["name"],
        local_names=dict(row.get("local_names") or {}),
        home_country=row.get("home_country"),
        shopify_companies=tuple(row.get("shopify_company") or ()),
        aliases=tuple(row.get("aliases") or ()),
        url_template=row.get("url_template"),
        detection=tuple(
            DetectionRule(rule["courier"], frozenset(rule.get("formats", ())),
                          frozenset(rule.get("countries", ())))
            for rule in row.get("detection") or ()
        ),
        confidence=row["confidence"],
        language_templates=dict(row.get("url_templates_by_language") or {}),
        domestic_template=row.get("domestic_url_template"),
        attempted_delivery=attempted_delivery(row.get("attempted_delivery")),
    )


class CarrierDirectory:
    """Looks carriers up by name or by tracking number and builds their tracking links."""

    def __init__(self, carriers: Iterable[Carrier]) -> None:
        self.carriers = tuple(carriers)
        self._by_key = {carrier.key: carrier for carrier in self.carriers}
        self._by_name: dict[str, Carrier] = {}
        for carrier in self.carriers:
            for name in carrier.names:
                owner = self._by_name.setdefault(fold(name), carrier)
                if owner is not carrier:
                    raise ValueError(f"{name!r} names both {owner.key} and {carrier.key}")

    @classmethod
    def load(cls, path: Path | None = None) -> "CarrierDirectory":
        """The directory of the carrier table at `path`, by default portal/data/carriers.json."""
        table = json.loads((path or CARRIERS_FILE).read_text(encoding="utf-8"))
        return cls(_carrier(key, row) for key, row in table["carriers"].items())

    def find_key(self, key: str) -> Carrier | None:
        """The carrier with this table key."""
        return self._by_key.get(key)

    def find(self, company: str | None) -> Carrier | None:
        """The carrier a `company` string or alias names; None if blank, "Other" or unknown."""
        named = named_company(company)
        return self._by_name.get(fold(named)) if named else None

    @staticmethod
    def tracking_url(
        carrier: Carrier, number: str, *, postcode: str | None = None, country: str | None = None,
        year: int | None = None, locale: str | None = None,
    ) -> str | None:
        """The carrier's page for `number`; None without a template or a value it needs."""
        template = carrier.template_for(country, locale)
        if template is None:
            return None
        cleaned = clean_number(number)
        # NACEX references are "agency/albarán", and its tracking page wants the two halves apart.
        agency, slash, albaran = cleaned.partition("/")
        values = {
            "number": cleaned,
            "postcode": "".join((postcode or "").split()),
            "country": (country or "").upper(),
            "year": str(year) if year else None,
            "agency": agency if slash else None,
            "albaran": albaran if slash else None,
        }
        return fill(template, values)

    @staticmethod
    def attempted_delivery_url(carrier: Carrier, number: str) -> str | None:
        """The carrier's page for what to do after it missed the shopper (再配達 for Japan Post)."""
        step = carrier.attempted_delivery
        return fill(step.url, {"number": clean_number(number)}) if step and step.url else None

    def detected_carrier(self, number: str) -> Carrier | None:
        """The one carrier the number's format points to; None if none or several could be meant."""
        detections = detect(number)
        # A verified check digit outranks a format without one (S10 "RX…DE" fits DHL eCommerce too).
        verified = [d for d in detections if d.checksum_verified]
        carriers = {self._carrier_for(d) for d in verified or detections}
        return carriers.pop() if len(carriers) == 1 else None

    def resolve(
        self, company: str | None, number: str, shopify_url: str | None, *,
        postcode: str | None = None, country: str | None = None, year: int | None = None,
        locale: str | None = None,
    ) -> TrackingLink:
        """The link to show: Shopify's url, else the named carrier's, else a sure detection's."""
        named = named_company(company)
        carrier = self.find(named)
        if carrier is None and named is None:
            carrier = self.detected_carrier(number)
        url: str | None = None
        source: LinkSource | None = None
        if is_web_url(shopify_url):
            url, source = shopify_url.strip(), "shopify"
        elif carrier is not None:
            url = self.tracking_url(carrier, number, postcode=postcode, country=country, year=year,
                                    locale=locale)
            source = ("carrier_table" if named else "detected") if url else None
        if carrier is None:
            return TrackingLink(None, named, url, source)
        return TrackingLink(carrier.key, carrier.display_name(locale), url, source)

    def _carrier_for(self, detection: Detection) -> Carrier | None:
        matching = (c for c in self.carriers if any(r.matches(detection) for r in c.detection))
        return next(matching, None)
