"""Detection against every valid and invalid test number of the tracking_number_data set."""

import json

import pytest

from portal.shipping import checksums
from portal.shipping.tracking_numbers import COURIERS_DIR, detect


def _test_numbers() -> tuple[list, list]:
    """(courier, format name, number, sibling-valid numbers) for each valid and invalid number."""
    valid, invalid = [], []
    for path in sorted(COURIERS_DIR.glob("*.json")):
        courier = json.loads(path.read_text(encoding="utf-8"))
        formats = courier["tracking_numbers"]
        for spec in formats:
            code, name = courier["courier_code"], spec["name"]
            siblings = {n for other in formats if other is not spec
                        for n in other["test_numbers"]["valid"]}
            for number in spec["test_numbers"]["valid"]:
                valid.append(pytest.param(code, name, number, id=f"{name}: {number!r}"))
            for number in spec["test_numbers"]["invalid"]:
                invalid.append(pytest.param(code, name, number, siblings,
                                            id=f"{name}: {number!r}"))
    return valid, invalid


VALID, INVALID = _test_numbers()


def _found(number: str) -> set[tuple[str, str]]:
    return {(d.courier_code, d.service) for d in detect(number)}


def test_the_whole_data_set_is_covered():
    # 18 courier files, 39 formats: 192 valid and 88 invalid numbers (see SOURCE.md).
    assert (len(VALID), len(INVALID)) == (192, 88)


@pytest.mark.parametrize(("courier", "format_name", "number"), VALID)
def test_valid_number_is_detected_as_its_courier_and_format(courier, format_name, number):
    assert (courier, format_name) in _found(number)


@pytest.mark.parametrize(("courier", "format_name", "number", "siblings"), INVALID)
def test_invalid_number_is_not_detected_as_its_courier(courier, format_name, number, siblings):
    found = _found(number)
    assert (courier, format_name) not in found
    # Purolator's "331426749957" is an invalid alpha number but a valid numeric one: the data set
    # itself lists it as valid for the sibling format, so only that sibling may claim it.
    if number not in siblings:
        assert all(code != courier for code, _ in found)


def test_s10_numbers_name_the_issuing_post_and_country():
    [detection] = [d for d in detect("RB123456785JP") if d.courier_code == "s10"]
    assert (detection.courier_name, detection.country, detection.checksum_verified) == (
        "Japan Post", "JP", True)


def test_formats_without_a_check_digit_are_marked_unverified():
    [detection] = detect("TBA000000000000")
    assert (detection.courier_code, detection.format_id, detection.checksum_verified) == (
        "amazon", "amazon_logistics", False)


def test_full_width_input_is_read_as_ascii():
    assert ("ups", "UPS") in _found("１Ｚ５Ｒ８９３９０３５７５６７１２７")


def test_hyphenated_input_is_also_tried_without_hyphens():
    assert ("ups", "UPS") in _found("1Z-5R89-3903-5756-7127")


@pytest.mark.parametrize("text", ["", "hello", "ORDER #1001", "1" * 200])
def test_text_that_is_no_tracking_number_matches_nothing(text):
    assert detect(text) == []


def test_s10_check_digit_edge_remainders():
    # Weights 8 6 4 2 3 5 9 7. "00000000" sums to 0, remainder 0 -> check digit 5;
    # "10100000" sums to 8 + 4 = 12, remainder 1 -> check digit 0.
    assert checksums.s10("00000000", "5", {})
    assert checksums.s10("10100000", "0", {})
    assert not checksums.s10("10100000", "1", {})


def test_luhn_reference_number():
    # The textbook example: 7992739871 has Luhn check digit 3.
    assert checksums.luhn("7992739871", "3", {})
    assert not checksums.luhn("7992739871", "4", {})


def test_mod7_is_the_serial_modulo_seven():
    # 331881002 = 7 * 47411571 + 5.
    assert checksums.mod7("331881002", "5", {})
