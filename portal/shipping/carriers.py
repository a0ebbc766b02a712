"""The carrier table: from Shopify company names, aliases or the number itself to tracking links."""

import json
import string
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from portal.shipping.tracking_numbers import Detection, detect

CARRIERS_FILE = Path(__file__).parent / "data" / "carriers.json"

LinkSource = Literal["shopify", "carrier_table", "detected"]

# What merchants put in `company` when they picked no carrier, in the portal's languages.
_NO_CARRIER = frozenset({"other", "others", "その他", "otro", "otros", "annet", "andre"})
# Japanese input methods turn a typed hyphen into a long vowel mark or a full-width dash.
_SEPARATORS = str.maketrans("", "", "-‐‑‒–—―−ー")


def fold(name: str) -> str:
    """`name` as compared: NFKC, case-folded, without Latin accents, letters and digits only."""
    kept = []
    for char in unicodedata.normalize("NFKC", name).casefold():
        if char.isalnum():
            base = unicodedata.normalize("NFD", char)[0]
            # Only Latin letters lose their accents: dakuten on kana change the word.
            kept.append(base if base.isascii() else char)
    return "".join(kept)


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

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the carrier goes by: display names, Shopify company strings, aliases."""
        return (self.name, *self.local_names.values(), *self.shopify_companies, *self.aliases)

    def display_name(self, locale: str | None = None) -> str:
        """The name shoppers of `locale` know the carrier by (ヤマト運輸 for ja)."""
        language = (locale or "").replace("-", "_").split("_")[0].lower()
        return self.local_names.get(language, self.name)


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
    )


def _fill(template: str, values: Mapping[str, str | None]) -> str | None:
    fields = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    if any(not values.get(field) for field in fields):
        return None
    return template.format_map({field: quote(str(values[field]), safe="") for field in fields})


def _named(company: str | None) -> str | None:
    folded = fold(company or "")
    return company.strip() if company and folded and folded not in _NO_CARRIER else None


def _is_web_url(url: str | None) -> bool:
    # The url is merchant input: anything but http(s) (say javascript:) must never become a link.
    parts = urlsplit((url or "").strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


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
        named = _named(company)
        return self._by_name.get(fold(named)) if named else None

    @staticmethod
    def tracking_url(
        carrier: Carrier, number: str, *, postcode: str | None = None, country: str | None = None,
        year: int | None = None,
    ) -> str | None:
        """The carrier's page for `number`; None without a template or a value it needs."""
        if carrier.url_template is None:
            return None
        cleaned = "".join(unicodedata.normalize("NFKC", number).split()).translate(_SEPARATORS)
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
        return _fill(carrier.url_template, values)

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
        named = _named(company)
        carrier = self.find(named)
        if carrier is None and named is None:
            carrier = self.detected_carrier(number)
        url, source = None, None
        if _is_web_url(shopify_url):
            url, source = shopify_url.strip(), "shopify"
        elif carrier is not None:
            url = self.tracking_url(carrier, number, postcode=postcode, country=country, year=year)
            source = ("carrier_table" if named else "detected") if url else None
        if carrier is None:
            return TrackingLink(None, named, url, source)
        return TrackingLink(carrier.key, carrier.display_name(locale), url, source)

    def _carrier_for(self, detection: Detection) -> Carrier | None:
        matching = (c for c in self.carriers if any(r.matches(detection) for r in c.detection))
        return next(matching, None)
