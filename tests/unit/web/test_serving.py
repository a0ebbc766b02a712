"""The start-up warning for gunicorn listening where slow clients reach it directly."""

import gc
import logging
import runpy
from types import SimpleNamespace

import pytest

from portal.web import formats
from portal.web.serving import exposed_addresses, warning
from tests.support.helpers import ROOT


@pytest.mark.parametrize("address", [("0.0.0.0", 8000), ("::", 8000), ("192.0.2.10", 80),
                                     ("[2001:db8::1]", 8000), ("portal.example.com", 8000)])
def test_an_address_other_machines_reach_is_exposed(address):
    assert exposed_addresses([address], {}) == [f"{address[0]}:{address[1]}"]


@pytest.mark.parametrize("address", [("127.0.0.1", 8000), ("::1", 8000), ("[::1]", 8000),
                                     ("localhost", 8000), "/run/portal.sock"])
def test_loopback_and_unix_sockets_are_not_exposed(address):
    assert exposed_addresses([address], {}) == []


@pytest.mark.parametrize("value", ["1", "true", "YES"])
def test_a_declared_buffering_proxy_silences_the_warning(value):
    assert exposed_addresses([("0.0.0.0", 8000)], {"BEHIND_BUFFERING_PROXY": value}) == []
    assert exposed_addresses([("0.0.0.0", 8000)], {"BEHIND_BUFFERING_PROXY": "0"}) != []


def test_the_warning_names_the_address_and_the_remedies():
    line = warning("0.0.0.0:8000")
    assert line.startswith("listening address=0.0.0.0:8000 buffering_proxy=none")
    assert "deploy/nginx.conf" in line and "BEHIND_BUFFERING_PROXY=1" in line


class Arbiter:
    """What gunicorn.conf.py's when_ready hook reads of gunicorn's arbiter."""

    def __init__(self, address: list) -> None:
        self.cfg = SimpleNamespace(address=address)
        self.log = logging.getLogger("gunicorn.error")


def test_gunicorn_conf_warns_at_start_up_when_exposed(monkeypatch, caplog):
    monkeypatch.delenv("BEHIND_BUFFERING_PROXY", raising=False)
    when_ready = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["when_ready"]
    with caplog.at_level(logging.WARNING, logger="gunicorn.error"):
        when_ready(Arbiter([("127.0.0.1", 8000)]))
        assert caplog.records == []
        when_ready(Arbiter([("0.0.0.0", 8000)]))
    assert [r.getMessage() for r in caplog.records] == [warning("0.0.0.0:8000")]


def test_a_served_worker_prepares_pages_and_languages_before_its_first_request(monkeypatch,
                                                                                settings):
    for name, value in {**settings, "DEFAULT_LOCALE": "ja"}.items():
        monkeypatch.setenv(name, value)
    formats.locale.cache_clear()
    formats._pattern.cache_clear()
    app = runpy.run_path(str(ROOT / "wsgi.py"))["app"]
    # The store's language only, parsed with its patterns; the others wait for their first page.
    assert formats.locale.cache_info().currsize == 1 and formats._pattern.cache_info().currsize == 4
    formats.locale("ja")
    assert formats.locale.cache_info().currsize == 1
    assert gc.get_freeze_count() > 10_000
    gc.unfreeze()
    pages = app.jinja_env.list_templates(extensions=["html"])
    assert "order.html" in pages and "partials/_shipment.html" in pages
    assert len(app.jinja_env.cache) == len(pages)
    held = {name: app.jinja_env.get_template(name) for name in pages}
    assert app.test_client().get("/").status_code == 200
    assert all(app.jinja_env.get_template(name) is held[name] for name in pages)

