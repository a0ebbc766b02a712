"""The theme section posts exactly the fields the portal reads, to the App Proxy path."""

import json
import re

from tests.support.helpers import ROOT

SECTION = (ROOT / "templates" / "theme" / "track-my-order.liquid").read_text()


def test_section_posts_the_portals_fields_through_the_proxy():
    form = re.search(r"<form[^>]*>", SECTION).group(0)
    assert 'method="post"' in form and "{{ portal | escape }}/" in form
    names = set(re.findall(r'name="([a-z_]+)"', SECTION))
    assert names == {"order_number", "email"}
    assert 'autocomplete="email"' in SECTION


def test_section_schema_is_valid_json_with_a_preset():
    schema = json.loads(re.search(r"{% schema %}(.*){% endschema %}", SECTION, re.S).group(1))
    assert schema["presets"] and {s["id"] for s in schema["settings"]} >= {"portal_path", "heading"}


def test_every_setting_reaching_html_is_escaped():
    for output in re.findall(r"{{(.*?)}}", SECTION):
        if "section.settings" in output or "customer" in output:
            assert "| escape" in output, output
