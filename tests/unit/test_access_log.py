from portal.web.access_log import redact


def test_order_tokens_never_reach_the_access_log():
    assert redact("GET /order/gAAAAABn-x_y HTTP/1.1") == "GET /order/… HTTP/1.1"
    assert redact("/order/gAAAA/status-page?lang=ja") == "/order/…/status-page?lang=ja"
    assert redact("POST / HTTP/1.1") == "POST / HTTP/1.1"
