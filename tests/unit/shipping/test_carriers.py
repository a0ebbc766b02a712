"""The carrier table: names and aliases, every carrier's link, and the link rule of `resolve`."""

import json
from dataclasses import replace

import pytest

from portal.shipping.carriers import CARRIERS_FILE, Carrier, CarrierDirectory, TrackingLink
from portal.shipping.tracking_numbers import COURIERS_DIR

DIRECTORY = CarrierDirectory.load()

# One expected link per carrier in the table, written out by hand from its template, for a page
# in English (tests/unit/test_carrier_pages.py covers the other languages).
LINKS = {
    "japan_post": ("1234-5678-9012", {}, (
        "https://trackings.post.japanpost.jp/services/srv/search/"
        "direct?reqCodeNo1=123456789012&searchKind=S002&locale=en")),
    "yamato": ("4012-3456-7890", {}, (
        "https://jizen.kuronekoyamato.co.jp/jizen/servlet/"
        "crjz.b.NQ0010?id=401234567890")),
    "sagawa": ("3600 1234 5678", {}, (
        "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?"
        "okurijoNo=360012345678")),
    "seino": ("1234567890", {}, "https://track.seino.co.jp/cgi-bin/gnpquery.pgm?GNPNO1=1234567890"),
    "fukuyama": ("123456789012", {}, (
        "https://corp.fukutsu.co.jp/situation/tracking_no_hunt/"
        "123456789012")),
    "nittsu": ("123456789012", {}, None),
    "posten_bring": ("70712345678901234", {}, (
        "https://tracking.bring.com/tracking/70712345678901234")),
    "postnord": ("00370712345678901234", {}, (
        "https://portal.postnord.com/tracking/details/"
        "00370712345678901234")),
    "helthjem": ("HH123456789", {}, "https://helthjem.no/sporing?trackingNumber=HH123456789"),
    "porterbuddy": ("PB-1234", {}, None),
    "correos": ("PQ4F6P0703673180181750T", {}, (
        "https://www.correos.es/es/es/herramientas/"
        "localizador/envios/detalle?tracking-number=PQ4F6P0703673180181750T")),
    "correos_express": ("3230005012345678", {}, (
        "https://s.correosexpress.com/c?n=3230005012345678")),
    "seur": ("12345678", {}, "https://www.seur.com/livetracking/?segOnlineIdentificador=12345678"),
    "mrw": ("02801A123456", {}, (
        "https://www.mrw.es/seguimiento_envios/"
        "MRW_resultados_consultas.asp?modo=nacional&envio=02801A123456")),
    "gls_spain": ("61234567890", {"postcode": "28001", "country": "ES"}, (
        "http://www.asmred.com/extranet/public/"
        "ExpedicionASM.aspx?codigo=61234567890&cpDst=28001")),
    "nacex": ("2111/10530257", {}, (
        "https://www.nacex.es/seguimientoDetalle.do?"
        "agencia_origen=2111&numero_albaran=10530257")),
    "ctt_express": ("0082800012345678", {}, (
        "https://app.cttexpress.com/AreaClientes/Views/"
        "Destinatarios.aspx?s=0082800012345678")),
    "ctt": ("RB123456785PT", {}, (
        "https://appserver.ctt.pt/CustomerArea/PublicArea_Detail?"
        "ObjectCodeInput=RB123456785PT")),
    "dhl_parcel_es": ("1234567890", {"year": 2026}, (
        "https://clientesparcel.dhl.es/"
        "seguimientoenvios/integra/SeguimientoDocumentos.aspx?codigo=1234567890"
        "&anno=2026&lang=sp")),
    "ups": ("1Z5R89390357567127", {}, "https://www.ups.com/track?tracknum=1Z5R89390357567127"),
    "fedex": ("986578788855", {}, "https://www.fedex.com/fedextrack/?trknbr=986578788855"),
    "usps": ("9400 1112 0108 0805 4830 16", {}, (
        "https://tools.usps.com/go/TrackConfirmAction?"
        "tLabels=9400111201080805483016")),
    "dhl_express": ("3318810025", {}, (
        "https://www.dhl.com/global-en/home/tracking/"
        "tracking-express.html?submit=1&tracking-id=3318810025")),
    "dhl_ecommerce": ("GM2951173225174494", {}, (
        "https://www.dhl.com/global-en/home/tracking/"
        "tracking-ecommerce.html?submit=1&tracking-id=GM2951173225174494")),
    "dhl_freight": ("1234567890", {}, (
        "https://www.dhl.com/no-en/home/tracking/"
        "tracking-freight.html?submit=1&tracking-id=1234567890")),
    "royal_mail": ("RB123456785GB", {}, (
        "https://www.royalmail.com/track-your-item#/"
        "tracking-results/RB123456785GB")),
    "canada_post": ("7035114477138472", {}, (
        "https://www.canadapost-postescanada.ca/"
        "track-reperage/en#/search?searchFor=7035114477138472")),
    "australia_post": ("RB123456785AU", {}, (
        "https://auspost.com.au/mypost/track/details/"
        "RB123456785AU")),
    "la_poste_colissimo": ("6A12345678901", {}, (
        "https://www.laposte.fr/outils/"
        "suivre-vos-envois?code=6A12345678901")),
    "deutsche_post_dhl_paket": ("00340434161234567890", {}, (
        "https://www.dhl.de/de/privatkunden/"
        "pakete-empfangen/verfolgen.html?piececode=00340434161234567890")),
    "postnl": ("3SABCD1234567", {"postcode": "1234 AB", "country": "nl"}, (
        "https://postnl.nl/tracktrace/?B=3SABCD1234567&P=1234AB&D=NL&T=C")),
    "dpd": ("09980000020033F", {}, "https://tracking.dpd.de/status/en_US/parcel/09980000020033F"),
    "gls": ("61234567890", {}, "https://gls-group.com/track/61234567890"),
    "evri": ("H00A0A0012345678", {}, "https://www.evri.com/track/parcel/H00A0A0012345678"),
    "amazon_logistics": ("TBA000000000000", {}, (
        "https://track.amazon.com/tracking/TBA000000000000")),
    "canpar": ("D576002440000001718010", {}, (
        "https://www.canpar.com/en/track/tracking.jsp?"
        "reference=D576002440000001718010&locale=en")),
    "gofo": ("GFUS01011884214464", {}, (
        "https://www.gofoexpress.com/tracking.html?"
        "searchID=GFUS01011884214464")),
    "landmark": ("LTN74207623N1", {}, "https://track.landmarkglobal.com/?search=LTN74207623N1"),
    "old_dominion": ("07209562763", {}, (
        "https://www.odfl.com/us/en/tools/"
        "trace-track-ltl-freight/trace.html?proNumbers=07209562763")),
    "ontrac": ("C11031500001879", {}, "https://www.ontrac.com/tracking/?number=C11031500001879"),
    "purolator": ("320595463938", {}, (
        "https://www.purolator.com/en/shipping/tracker?"
        "searchValue=320595463938")),
    "speedee": ("SP029692510000920746", {}, (
        "https://www.speedeedelivery.com/track/?"
        "tracking=SP029692510000920746")),
    "yodel": ("JJD0002257639032011", {}, "https://www.yodel.co.uk/tracking/JJD0002257639032011"),
    "yunexpress": ("YT2229521272164446", {}, (
        "https://www.yuntrack.com/parcelTracking?"
        "id=YT2229521272164446")),
}


def _carrier(key: str) -> Carrier:
    return next(c for c in DIRECTORY.carriers if c.key == key)


def test_every_carrier_in_the_table_has_a_link_test():
    assert {c.key for c in DIRECTORY.carriers} == set(LINKS)


@pytest.mark.parametrize(("key", "number", "extra", "expected"),
                         [(key, *case) for key, case in LINKS.items()])
def test_carrier_link(key, number, extra, expected):
    assert DIRECTORY.tracking_url(_carrier(key), number, **extra) == expected


@pytest.mark.parametrize("key", [k for k, (_, extra, url) in LINKS.items() if url and not extra])
def test_carrier_named_by_its_shopify_company_or_name_links_from_the_table(key):
    carrier = _carrier(key)
    number, _, expected = LINKS[key]
    company = carrier.shopify_companies[0] if carrier.shopify_companies else carrier.aliases[0]
    assert DIRECTORY.resolve(company, number, None) == TrackingLink(
        key, carrier.name, expected, "carrier_table")


@pytest.mark.parametrize(("company", "key"), [
    ("Yamato (JA)", "yamato"),
    ("ヤマト運輸", "yamato"),
    ("クロネコヤマト", "yamato"),
    ("ｸﾛﾈｺﾔﾏﾄ", "yamato"),
    ("ＹＡＭＡＴＯ", "yamato"),
    ("佐川急便", "sagawa"),
    ("Sagawa (EN)", "sagawa"),
    ("日本郵便", "japan_post"),
    ("ゆうパック", "japan_post"),
    ("Japan Post (JA)", "japan_post"),
    ("西濃運輸", "seino"),
    ("福山通運", "fukuyama"),
    ("Bring", "posten_bring"),
    ("posten norge", "posten_bring"),
    ("PostNord NO", "postnord"),
    ("Helt Hjem", "helthjem"),
    ("Correos", "correos"),
    ("CORREOS ESPANA", "correos"),
    ("Correos Exprés", "correos_express"),
    ("correos express", "correos_express"),
    ("Seur", "seur"),
    ("GLS", "gls"),
    ("GLS España", "gls_spain"),
    ("DHL", "deutsche_post_dhl_paket"),
    ("DHL Express", "dhl_express"),
    ("  U.P.S.  ", "ups"),
])
def test_find_ignores_case_width_spacing_punctuation_and_accents(company, key):
    assert DIRECTORY.find(company).key == key


@pytest.mark.parametrize("company", [None, "", "   ", "Other", "OTHER", "その他", "Otro", "Annet",
                                     "Speedy"])
def test_find_gives_nothing_for_blank_other_or_unknown(company):
    assert DIRECTORY.find(company) is None


def test_shopify_url_wins_over_the_table():
    link = DIRECTORY.resolve("Yamato (JA)", "401234567890", "https://example.com/t/1")
    assert link == TrackingLink("yamato", "Yamato Transport", "https://example.com/t/1", "shopify")


def test_a_shopify_url_that_is_not_http_is_ignored():
    link = DIRECTORY.resolve("UPS", "1Z5R89390357567127", "javascript:alert(1)")
    assert (link.url, link.source) == ("https://www.ups.com/track?tracknum=1Z5R89390357567127",
                                       "carrier_table")


def test_japanese_shoppers_see_the_japanese_carrier_name():
    link = DIRECTORY.resolve("Sagawa (EN)", "360012345678", None, locale="ja_JP")
    assert link.carrier_name == "佐川急便"


@pytest.mark.parametrize("company", [None, "", "Other", "その他"])
def test_other_falls_back_to_detection(company):
    link = DIRECTORY.resolve(company, "1Z5R89390357567127", None)
    ups = "https://www.ups.com/track?tracknum=1Z5R89390357567127"
    assert link == TrackingLink("ups", "UPS", ups, "detected")


def test_an_s10_number_links_to_the_post_that_issued_it():
    link = DIRECTORY.resolve("Other", "RB123456785NO", None)
    assert link == TrackingLink("posten_bring", "Posten/Bring",
                                "https://tracking.bring.com/tracking/RB123456785NO", "detected")


@pytest.mark.parametrize("number", [
    "ABC-123",            # matches no format
    "60120172242323",     # only DHL eCommerce's 14 digits without a check digit: not sure enough
    "78045768393",        # both Old Dominion and DHL Express: ambiguous
    "RB123456786JP",      # S10 shape with a wrong check digit
    "986578788855",       # FedEx 12 digits, but Yamato and Sagawa slips look the same
    # A Bring SSCC with its GS1 "00" prefix: 17 digits 37071234567890123, weights 3 and 1 from
    # the right sum to 132, check digit 8. It passes USPS's 20-digit check, yet is no USPS number.
    "00370712345678901238",
])
def test_no_link_is_invented_for_an_unknown_or_ambiguous_number(number):
    assert DIRECTORY.resolve("Other", number, None) == TrackingLink(None, None, None, None)


def test_an_unknown_named_carrier_keeps_its_name_and_gets_no_guessed_link():
    assert DIRECTORY.resolve("Speedy", "1Z5R89390357567127", None) == TrackingLink(
        None, "Speedy", None, None)


def test_a_template_missing_a_value_gives_no_link():
    assert DIRECTORY.resolve("PostNL", "3SABCD1234567", None) == TrackingLink(
        "postnl", "PostNL", None, None)
    assert DIRECTORY.tracking_url(_carrier("nacex"), "10530257") is None
    assert DIRECTORY.tracking_url(_carrier("dhl_parcel_es"), "1234567890") is None


def test_numbers_are_stripped_and_url_encoded():
    # Full-width digits, a Japanese long-vowel mark typed as a hyphen, spaces; "#" and "&" encoded.
    assert DIRECTORY.tracking_url(_carrier("yamato"), " ４０１２ー3456 78#9&0") == (
        "https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id=4012345678%239%260")


def test_a_name_given_to_two_carriers_is_refused():
    first, second = _carrier("gls"), _carrier("gls_spain")
    clash = replace(second, aliases=(*second.aliases, "G.L.S."))
    with pytest.raises(ValueError, match="names both gls and gls_spain"):
        CarrierDirectory([first, clash])


def test_detection_rules_name_formats_and_countries_of_the_data_set():
    formats: dict[str, set[str]] = {}
    for path in COURIERS_DIR.glob("*.json"):
        courier = json.loads(path.read_text(encoding="utf-8"))
        formats[courier["courier_code"]] = {f.get("id") for f in courier["tracking_numbers"]}
    s10 = json.loads((COURIERS_DIR / "s10.json").read_text(encoding="utf-8"))
    [posts] = [a for a in s10["tracking_numbers"][0]["additional"] if a["name"] == "Courier"]
    issuing = {entry["matches"] for entry in posts["lookup"]}
    rules = [r for c in DIRECTORY.carriers for r in c.detection]
    assert rules
    for rule in rules:
        assert rule.formats <= formats[rule.courier]
        assert rule.countries <= issuing


def test_every_row_keeps_its_source_and_confidence():
    table = json.loads(CARRIERS_FILE.read_text(encoding="utf-8"))["carriers"]
    for key, row in table.items():
        assert row["source"], key
        assert row["confidence"] in {"high", "medium", "low"}, key
