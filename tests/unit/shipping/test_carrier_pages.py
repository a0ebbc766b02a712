"""Carrier pages chosen for the shopper: the page language (Japan Post, Posten/Bring), the
destination (GLS Spain at home), the next step after a missed delivery, and the record of which
template was checked against which source."""

import json

import pytest

from portal.model import Tracking
from portal.shipping.attempted_delivery import attempted_delivery
from portal.shipping.carriers import CARRIERS_FILE, CarrierDirectory
from portal.shipping.delivery import TransitTimes
from portal.shipping.rules import Destination, ShippingRules
from portal.web.i18n import SUPPORTED

DIRECTORY = CarrierDirectory.load()
RULES = ShippingRules(DIRECTORY, TransitTimes.load())
TABLE = json.loads(CARRIERS_FILE.read_text(encoding="utf-8"))["carriers"]
JAPAN_POST = ("https://trackings.post.japanpost.jp/services/srv/search/direct?"
              "reqCodeNo1=184622153370&searchKind=S002&locale=")


def carrier(key: str):
    found = DIRECTORY.find_key(key)
    assert found is not None, key
    return found


@pytest.mark.parametrize(("locale", "expected"), [
    ("ja", "ja"), ("ja_JP", "ja"), ("en", "en"), ("nb", "en"), ("es", "en"), (None, "en")])
def test_japan_post_speaks_japanese_only_to_japanese_pages(locale, expected):
    url = DIRECTORY.tracking_url(carrier("japan_post"), "1846-2215-3370", locale=locale)
    assert url == JAPAN_POST + expected


@pytest.mark.parametrize(("locale", "expected"), [
    ("nb", "https://sporing.posten.no/sporing/70722150393571047"),
    ("nb-NO", "https://sporing.posten.no/sporing/70722150393571047"),
    ("en", "https://tracking.bring.com/tracking/70722150393571047"),
    ("ja", "https://tracking.bring.com/tracking/70722150393571047"),
])
def test_norwegian_pages_get_postens_tracking_and_the_others_brings(locale, expected):
    assert DIRECTORY.tracking_url(carrier("posten_bring"), "70722150393571047",
                                  locale=locale) == expected


def test_gls_spain_links_domestic_parcels_with_the_postcode_and_others_internationally():
    gls = carrier("gls_spain")
    assert DIRECTORY.tracking_url(gls, "61234567890", postcode="08 001", country="es") == (
        "http://www.asmred.com/extranet/public/ExpedicionASM.aspx?codigo=61234567890&cpDst=08001")
    assert DIRECTORY.tracking_url(gls, "61234567890", postcode="1000-001", country="PT") == (
        "https://www.gls-spain.es/en/receiving-parcels/shipping-tracking/"
        "?match=61234567890&international=1")
    # The domestic page cannot find a parcel without the postcode: no link rather than a dead one.
    assert DIRECTORY.tracking_url(gls, "61234567890", country="ES") is None


def cached(company: str, number: str, url: str | None = None) -> Tracking:
    """A tracking link as the cache keeps it: built once, without a language."""
    return RULES.tracking(company, number, url, Destination(None, None), None)


@pytest.mark.parametrize(("locale", "expected"), [("ja", "ja"), ("en", "en"), ("es", "en")])
def test_one_cached_order_links_each_shopper_in_their_language(locale, expected):
    tracking = cached("Japan Post (EN)", "1846-2215-3370")
    assert RULES.tracking_url(tracking, locale) == JAPAN_POST + expected


def test_a_link_from_shopify_or_a_carrier_with_one_language_is_shown_as_cached():
    from_shopify = cached("Japan Post (EN)", "1846-2215-3370", "https://example.com/track/1")
    assert RULES.tracking_url(from_shopify, "ja") == "https://example.com/track/1"
    yamato = cached("Yamato (JA)", "4321-8765-0912")
    assert yamato.url and RULES.tracking_url(yamato, "ja") == yamato.url
    unknown = cached("Speedy", "123")
    assert RULES.tracking_url(unknown, "nb") is None


@pytest.mark.parametrize(("key", "url"), [
    ("japan_post", "https://trackings.post.japanpost.jp/delivery/deli/"),
    ("yamato", "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=432187650912"),
    ("sagawa", "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=432187650912"),
])
def test_japanese_carriers_wait_to_be_asked_to_deliver_again(key, url):
    step = carrier(key).attempted_delivery
    assert step is not None and step.next_step == "request_redelivery"
    assert step.holding_days == 7
    assert DIRECTORY.attempted_delivery_url(carrier(key), "4321-8765-0912") == url


@pytest.mark.parametrize("key", ["posten_bring", "postnord", "helthjem"])
def test_norwegian_carriers_leave_the_parcel_at_a_pickup_point_for_the_sms_code(key):
    step = carrier(key).attempted_delivery
    assert step is not None and step.next_step == "collect_at_pickup_point"
    assert "pickup_code" in step.bring
    assert DIRECTORY.attempted_delivery_url(carrier(key), "70722150393571047") is None


@pytest.mark.parametrize("key", ["correos", "seur", "gls_spain", "mrw"])
def test_spanish_carriers_hand_the_parcel_over_against_id(key):
    step = carrier(key).attempted_delivery
    assert step is not None and step.next_step in {"collect_with_notice", "collect_at_pickup_point"}
    assert "id" in step.bring


def test_posten_keeps_a_parcel_a_week():
    assert carrier("posten_bring").attempted_delivery.holding_days == 7


def test_every_next_step_names_its_sources_and_links_only_to_https_pages():
    steps = {key: row["attempted_delivery"] for key, row in TABLE.items()
             if "attempted_delivery" in row}
    assert set(steps) >= {"japan_post", "yamato", "sagawa", "posten_bring", "postnord",
                          "helthjem", "correos", "seur", "gls_spain", "mrw"}
    for key, step in steps.items():
        assert step["source"] and all(text.strip() for text in step["source"]), key
        assert step["url"] is None or step["url"].startswith("https://"), key


@pytest.mark.parametrize("row", [{"next_step": "wait_and_see"},
                                 {"next_step": "collect_with_notice", "bring": ["passport"]}])
def test_an_unknown_step_or_thing_to_bring_is_refused(row):
    with pytest.raises(ValueError):
        attempted_delivery(row)


@pytest.mark.parametrize("key", ["japan_post", "posten_bring", "helthjem", "gls_spain",
                                 "ctt_express"])
def test_templates_changed_after_a_check_record_the_source_they_were_checked_against(key):
    checks = TABLE[key]["checked"]
    assert checks
    fields = set(TABLE[key]) | {f"url_templates_by_language.{lang}"
                                for lang in TABLE[key].get("url_templates_by_language", {})}
    for check in checks:
        assert check["against"].strip() and check["on"] and check["result"].strip(), key
        named = {name.strip() for name in check["template"].split(",")}
        assert named <= fields, f"{key}: {named - fields} is no field of the row"


def test_language_templates_name_languages_the_portal_speaks():
    languages = {lang for row in TABLE.values()
                 for lang in row.get("url_templates_by_language", {})}
    assert languages and languages <= set(SUPPORTED)
