"""The requested delivery, read from order attributes under the names delivery-date apps use."""

from datetime import date

import pytest

from portal.config import load_settings
from portal.model import RequestedDelivery
from portal.shopify.attributes import AttributeNames, requested_delivery

SETTINGS = load_settings({"SHOPIFY_SHOP": "a.myshopify.com", "SHOPIFY_ACCESS_TOKEN": "x",
                          "REDIS_URL": "redis://localhost", "SECRET_KEY": "s" * 32})
DEFAULTS = AttributeNames(SETTINGS["DELIVERY_DATE_ATTRIBUTES"],
                          SETTINGS["DELIVERY_TIME_ATTRIBUTES"], SETTINGS["LEAVE_AT_DOOR_ATTRIBUTES"])


@pytest.mark.parametrize(("attributes", "expected"), [
    ([{"key": "配送希望日", "value": "2026/12/12"}, {"key": "配送希望時間", "value": "14:00-16:00"}],
     RequestedDelivery(date(2026, 12, 12), None, "14:00-16:00", False)),
    ([{"key": "お届け希望日", "value": "２０２６年１２月５日"}, {"key": "置き配", "value": "希望する"}],
     RequestedDelivery(date(2026, 12, 5), None, None, True)),
    ([{"key": "Delivery-Date", "value": "2026-12-07"}, {"key": "Delivery-Time", "value": "午前中"}],
     RequestedDelivery(date(2026, 12, 7), None, "午前中", False)),
    ([{"key": "delivery date", "value": "なるべく早く"}],
     RequestedDelivery(None, "なるべく早く", None, False)),
    ([{"key": "置き配", "value": "希望しない"}], None),
    ([{"key": "gift_message", "value": "おめでとう"}], None),
    ([], None),
    (None, None),
])
def test_the_default_names_cover_common_apps(attributes, expected):
    assert requested_delivery(attributes, DEFAULTS) == expected


def test_a_store_can_name_its_own_attribute():
    names = AttributeNames(("Leveringsdato",), (), ())
    assert requested_delivery([{"key": "Leveringsdato", "value": "2026-12-24"}], names) == \
        RequestedDelivery(date(2026, 12, 24), None, None, False)


def test_an_impossible_date_is_kept_as_text():
    found = requested_delivery([{"key": "配送希望日", "value": "2026/02/30"}], DEFAULTS)
    assert found == RequestedDelivery(None, "2026/02/30", None, False)
