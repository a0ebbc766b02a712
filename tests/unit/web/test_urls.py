"""URLs built once per mount point must be exactly what url_for builds under that mount."""

from flask import url_for

from portal.web.urls import page_url


def test_a_built_url_is_url_for_under_each_mount_point(app):
    for root in ("", "/apps/track", "/a/orders"):
        with app.test_request_context("/", base_url=f"http://shop.example{root}/"):
            for endpoint, values in (("portal.lookup_form", {}),
                                     ("portal.lookup_form", {"lang": "ja"}),
                                     ("portal.status_page", {"token": "T1", "lang": "nb"}),
                                     ("portal.delivery_calendar", {"token": "T1", "shipment": 2}),
                                     ("static", {"filename": "css/portal.css"})):
                assert page_url(endpoint, **values) == url_for(endpoint, **values)
                assert page_url(endpoint, **values).startswith(root + "/")


def test_the_same_values_in_another_order_are_the_same_url(app):
    with app.test_request_context("/"):
        assert page_url("portal.status_page", token="T", lang="es") \
            == page_url("portal.status_page", lang="es", token="T") == "/order/T/status-page?lang=es"
