"""Check-digit algorithms named by the tracking number data set in portal/data."""

from collections.abc import Callable, Mapping
from typing import Any

Params = Mapping[str, Any]

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _value(char: str) -> int:
    # UPS serials carry letters, which the algorithm reads as (code point - 3) mod 10: A=2, B=3 ...
    return int(char) if char in "0123456789" else (ord(char) - 3) % 10


def mod10(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the mod 10 digit with odd/even multipliers, maybe from the right."""
    chars = serial[::-1] if params.get("reverse") else serial
    total = 0
    for index, char in enumerate(chars):
        multiplier = params.get("odds_multiplier" if index % 2 else "evens_multiplier", 1)
        total += _value(char) * int(multiplier)
    return str(-total % 10) == check


def mod7(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the serial modulo 7 (DHL Express waybills)."""
    return str(int(serial) % 7) == check


def s10(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the UPU S10 check digit of the eight-digit serial."""
    weights = params.get("weightings", _S10_WEIGHTS)
    remainder = sum(int(d) * w for d, w in zip(serial, weights, strict=False)) % 11
    return str({0: 5, 1: 0}.get(remainder, 11 - remainder)) == check


def weighted_sum(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the weighted digit sum reduced by modulo1 then modulo2 (FedEx)."""
    total = sum(int(d) * w for d, w in zip(serial, params["weightings"], strict=False))
    return str(total % params["modulo1"] % params["modulo2"]) == check


def luhn(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the Luhn digit of the serial."""
    total = 0
    for index, char in enumerate(reversed(serial)):
        doubled = int(char) * (1 if index % 2 else 2)
        total += doubled - 9 if doubled > 9 else doubled
    return str(-total % 10) == check


def mod_37_36(serial: str, check: str, params: Params) -> bool:
    """True when `check` is the ISO 7064 MOD 37,36 character of the serial (DPD)."""
    alphabet = str(params.get("alphabet", _BASE36))
    modulo = int(params.get("modulo", 36))
    product = modulo
    for char in serial:
        total = (product + alphabet.index(char)) % modulo or modulo
        product = total * 2 % (modulo + 1)
    return alphabet[(modulo + 1 - product) % modulo] == check


ALGORITHMS: Mapping[str, Callable[[str, str, Params], bool]] = {
    "mod10": mod10,
    "mod7": mod7,
    "s10": s10,
    "sum_product_with_weightings_and_modulo": weighted_sum,
    "luhn": luhn,
    "mod_37_36": mod_37_36,
}
