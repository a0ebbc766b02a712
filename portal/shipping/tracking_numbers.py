"""Which couriers a tracking number could belong to, by the formats of tracking_number_data."""

import functools
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portal.shipping.checksums import ALGORITHMS

COURIERS_DIR = Path(__file__).parent / "data" / "tracking_number_data" / "couriers"

# The longest format in the data set is 34 characters; longer input is not a tracking number
# and would only cost regex time.
_MAX_LENGTH = 40
# The data set's regexes are PCRE: `(?<Name>...)` becomes Python's `(?P<Name>...)`.
_PCRE_GROUP = re.compile(r"\(\?<(?=[A-Za-z_])")


@dataclass(frozen=True)
class Detection:
    """One format a number matches, with its check digit (if the format has one) verified."""

    courier_code: str
    courier_name: str
    format_id: str
    service: str
    country: str | None
    checksum_verified: bool


@dataclass(frozen=True)
class _Lookup:
    name: str
    group: str
    entries: tuple[Mapping[str, Any], ...]

    def find(self, match: re.Match[str]) -> Mapping[str, Any] | None:
        value = match[self.group]
        for entry in self.entries:
            if "matches" in entry:
                if value == entry["matches"]:
                    return entry
            elif re.fullmatch(entry["matches_regex"], value):
                return entry
        return None


@dataclass(frozen=True)
class _Format:
    courier_code: str
    courier_name: str
    format_id: str
    name: str
    pattern: re.Pattern[str]
    checksum: Mapping[str, Any] | None
    prepend: tuple[re.Pattern[str], str] | None
    required: tuple[_Lookup, ...]
    issuer: _Lookup | None

    def detect(self, number: str) -> Detection | None:
        match = self.pattern.fullmatch(number)
        if match is None or not self._checksum_ok(match):
            return None
        if any(lookup.find(match) is None for lookup in self.required):
            return None
        issuer = self.issuer.find(match) if self.issuer else None
        return Detection(
            courier_code=self.courier_code,
            courier_name=issuer["courier"] if issuer else self.courier_name,
            format_id=self.format_id,
            service=self.name,
            # The "Courier" lookup is keyed by the issuing country (S10's last two letters).
            country=issuer["matches"] if issuer else None,
            checksum_verified=self.checksum is not None,
        )

    def _checksum_ok(self, match: re.Match[str]) -> bool:
        if self.checksum is None:
            return True
        serial = match["SerialNumber"]
        if self.prepend and self.prepend[0].search(serial):
            serial = self.prepend[1] + serial
        return ALGORITHMS[self.checksum["name"]](serial, match["CheckDigit"], self.checksum)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _format(courier: Mapping[str, Any], spec: Mapping[str, Any]) -> _Format:
    regex = spec["regex"] if isinstance(spec["regex"], str) else "".join(spec["regex"])
    validation = spec.get("validation") or {}
    checksum = validation.get("checksum")
    if checksum and checksum["name"] not in ALGORITHMS:
        raise ValueError(f"unknown checksum {checksum['name']!r} in {courier['courier_code']}")
    prepend = (validation.get("serial_number_format") or {}).get("prepend_if")
    lookups = {
        item["name"]: _Lookup(item["name"], item["regex_group_name"], tuple(item["lookup"]))
        for item in spec.get("additional") or ()
    }
    required = (validation.get("additional") or {}).get("exists", ())
    return _Format(
        courier_code=courier["courier_code"],
        courier_name=courier["name"],
        format_id=spec.get("id") or _slug(spec["name"]),
        name=spec["name"],
        pattern=re.compile(_PCRE_GROUP.sub("(?P<", regex)),
        checksum=checksum,
        prepend=(re.compile(prepend["matches_regex"]), prepend["content"]) if prepend else None,
        required=tuple(lookups[name] for name in required),
        issuer=lookups.get("Courier"),
    )


def load_formats(directory: Path = COURIERS_DIR) -> tuple[_Format, ...]:
    """Every tracking number format in the data set's courier files, regexes compiled."""
    formats: list[_Format] = []
    for path in sorted(directory.glob("*.json")):
        courier = json.loads(path.read_text(encoding="utf-8"))
        formats.extend(_format(courier, spec) for spec in courier["tracking_numbers"])
    return tuple(formats)


_formats = functools.cache(load_formats)


def _variants(number: str) -> Iterator[str]:
    # Full-width digits and letters (common in Japanese input) become ASCII; the formats allow
    # no inner whitespace once stripped, and hyphens are only part of one LaserShip format.
    text = "".join(unicodedata.normalize("NFKC", number).split()).upper()
    if len(text) > _MAX_LENGTH:
        return
    yield text
    if "-" in text:
        yield text.replace("-", "")


def detect(number: str) -> list[Detection]:
    """Every format `number` matches, in data set order; empty when it matches none."""
    found: dict[tuple[str, str], Detection] = {}
    for text in _variants(number):
        for fmt in _formats():
            detection = fmt.detect(text)
            if detection is not None:
                found.setdefault((fmt.courier_code, fmt.format_id), detection)
    return list(found.values())
