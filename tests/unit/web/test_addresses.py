"""Addresses by each country's rules, masked so they stay recognisable and readable in any script."""

import pytest

from portal.model import Address
from portal.shopify.addresses import location_address, mailing_address, mask_street, person_name
from portal.web.addresses import address_lines


@pytest.mark.parametrize(("street", "masked"), [
    ("Calle Ejemplo 12, 3º B", "Calle Eje…"),
    ("Eksempelgata 7", "Eksempel…"),
    ("742 Example Avenue", "Example A…"),
    ("神宮前1-2-3 サンプルビル4F", "神宮…"),
    ("1-2-3 Jingumae Sample Bldg. 4F", "Jingumae Samp…"),
    ("12", "1…"),
])
def test_masking_keeps_the_first_characters_of_the_street_name(street, masked):
    assert mask_street(street) == masked


def test_no_digit_of_the_house_number_survives_masking():
    for street in ("Calle Ejemplo 12, 3º B", "神宮前1-2-3", "742 Example Avenue", "Storgata 14B"):
        assert not any(char.isdigit() for char in mask_street(street))


def test_japanese_names_put_the_family_name_first():
    assert person_name("花子", "山田") == "山田 花子"
    assert person_name("Hanako", "Yamada") == "Hanako Yamada"
    assert person_name(None, "Berg") == "Berg"


JAPAN = mailing_address({"firstName": "花子", "lastName": "山田", "address1": "神宮前1-2-3",
                         "city": "渋谷区", "province": "Tokyo", "provinceCode": "JP-13",
                         "zip": "150-0001", "countryCodeV2": "JP"})


def test_a_japanese_address_reads_postcode_prefecture_city_street_then_name_with_sama():
    assert address_lines(JAPAN, "ja") == ("〒150-0001", "東京都", "渋谷区神宮…", "山田 花子 様")
    # Any page shows a Japanese-script address in Japanese order; 様 belongs to Japanese pages.
    assert address_lines(JAPAN, "en") == ("〒150-0001", "東京都", "渋谷区神宮…", "山田 花子")


def test_a_romanised_japanese_address_uses_the_latin_layout_on_other_pages():
    address = Address("Hanako Yamada", "Jingumae…", "Shibuya-ku", "150-0001", "JP", "Tokyo")
    assert address_lines(address, "en") == ("Hanako Yamada", "Jingumae…, Shibuya-ku, Tokyo",
                                            "150-0001")


@pytest.mark.parametrize(("address", "lines"), [
    (Address("Ingrid Nordmann", "Eksempel…", "Oslo", "0150", "NO"),
     ("Ingrid Nordmann", "Eksempel…", "0150 Oslo")),
    (Address("Lucía García", "Calle Eje…", "Madrid", "28001", "ES", "Madrid", "M"),
     ("Lucía García", "Calle Eje…", "28001 Madrid")),
    (Address("Jon Ander", "Kale Nag…", "Getxo", "48990", "ES", "Bizkaia", "BI"),
     ("Jon Ander", "Kale Nag…", "48990 Getxo Bizkaia")),
    (Address("A", "B", "C", "1", "ZZ"), ("A", "B", "1 C")),
])
def test_norwegian_and_spanish_addresses_follow_their_postal_format(address, lines):
    assert address_lines(address, "en") == lines


def test_a_pickup_location_is_shown_in_full_without_a_stray_comma():
    place = location_address({"address1": "Demoveien 3", "city": "Oslo", "zip": "0152",
                              "countryCode": "NO"})
    assert address_lines(place, "nb") == ("Demoveien 3", "0152 Oslo")
    assert location_address({"name": "Counter"}) is None
