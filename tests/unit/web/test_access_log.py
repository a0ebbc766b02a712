from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config
from gunicorn.glogging import SafeAtoms

from portal.web.access_log import LazyAtoms, RedactingLogger, redact

TOKEN = "gAAAAABn" + "x_y-Z" * 30


def test_order_tokens_never_reach_the_access_log():
    assert redact(f"GET /order/{TOKEN} HTTP/1.1") == "GET /order/… HTTP/1.1"
    assert redact("/order/gAAAA/status-page?lang=ja") == "/order/…/status-page?lang=ja"
    assert redact(f"GET /elsewhere/{TOKEN}.ics HTTP/1.1") == "GET /elsewhere/….ics HTTP/1.1"
    assert redact("POST / HTTP/1.1") == "POST / HTTP/1.1"


@pytest.mark.parametrize("query, expected", [
    ("shop=a.myshopify.com&signature=ab12&timestamp=1765000000&logged_in_customer_id=77",
     "shop=a.myshopify.com&signature=…&timestamp=…&logged_in_customer_id=…"),
    ("lang=ja;Signature=ab12", "lang=ja;Signature=…"),
    ("sig%6Eature=ab12&time%73tamp=1", "sig%6Eature=…&time%73tamp=…"),
    ("signature=&path_prefix=%2Fapps%2Ftrack", "signature=…&path_prefix=%2Fapps%2Ftrack"),
])
def test_signed_app_proxy_parameters_never_reach_the_access_log(query, expected):
    line = f'client=127.0.0.1 request="GET /proxy/?{query} HTTP/1.1" status=200'
    assert redact(line) == f'client=127.0.0.1 request="GET /proxy/?{expected} HTTP/1.1" status=200'


def test_what_an_operator_needs_stays():
    line = ('client=127.0.0.1 request="GET /static/css/portal.3f2a9c1b.css?lang=nb HTTP/1.1" '
            'status=200 request_id=0e4a7b3cb7834b2f8ce6f56d120d05b5')
    assert redact(line) == line


def _exchange():
    response = SimpleNamespace(status="404 NOT FOUND", sent=7167, headers=[
        ("Content-Type", "text/html"), ("X-Request-Id", "0e4a7b3c"), ("Set-Cookie", "a=1"),
        ("Set-Cookie", 'b="2"')])
    request = SimpleNamespace(headers=[("HOST", "shop.example"), ("USER-AGENT", 'Bot "x"/1.0'),
                                       ("X-FORWARDED-FOR", "203.0.113.9"), ("X-FORWARDED-FOR", "10.0.0.1")])
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": '/order/abc?q="x"', "PATH_INFO": "/order/abc",
               "QUERY_STRING": 'q="x"', "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": "https://shop.example/", "HTTP_USER_AGENT": 'Bot "x"/1.0'}
    return response, request, environ, timedelta(seconds=2, microseconds=3456)


@pytest.mark.parametrize("form", [
    Config().access_log_format.replace(" %(t)s", ""),  # the time: read at two instants
    'client=%(h)s request="%(r)s" status=%(s)s bytes=%(b)s seconds=%(L)s '
    'request_id=%({x-request-id}o)s',
    "%(l)s %(u)s %(m)s %(U)s %(q)s %(H)s %(B)s %(f)s %(a)s %(T)s %(D)s %(M)s %(zz)s",
    "%({set-cookie}o)s %({X-Forwarded-For}i)s %({missing}i)s %({remote_addr}e)s %({Host}I)s",
])
def test_the_atoms_made_on_demand_give_gunicorns_own_line(form):
    response, request, environ, took = _exchange()
    logger = RedactingLogger(Config())
    made = LazyAtoms(response, request, environ, took,
                     lambda: SafeAtoms(logger.atoms(response, request, environ, took)))
    assert form % made == form % SafeAtoms(logger.atoms(response, request, environ, took))
