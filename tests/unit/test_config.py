import re
from pathlib import Path

import pytest

from portal.config import SETTINGS, ConfigError, graphql_url, load_settings, token_url

REQUIRED = {"SHOPIFY_SHOP": "acme.myshopify.com", "SHOPIFY_ACCESS_TOKEN": "shpat_x",
            "REDIS_URL": "redis://localhost:6379/0", "SECRET_KEY": "s" * 32}


def test_defaults_fill_the_optional_settings():
    settings = load_settings(REQUIRED)
    assert settings["SHOPIFY_API_VERSION"] == "2026-07"
    assert settings["ORDER_CACHE_TTL"] == 300
    assert graphql_url(settings) == "https://acme.myshopify.com/admin/api/2026-07/graphql.json"


def test_api_url_overrides_the_shop_endpoint():
    settings = load_settings({**REQUIRED, "SHOPIFY_API_URL": "http://127.0.0.1:9/graphql.json"})
    assert graphql_url(settings) == "http://127.0.0.1:9/graphql.json"


def test_tokens_are_granted_by_the_store_or_by_the_api_url_host():
    assert token_url(load_settings(REQUIRED)) == "https://acme.myshopify.com/admin/oauth/access_token"
    settings = load_settings({**REQUIRED,
                              "SHOPIFY_API_URL": "http://127.0.0.1:9/admin/api/2026-07/graphql.json"})
    assert token_url(settings) == "http://127.0.0.1:9/admin/oauth/access_token"


def test_a_client_id_and_secret_replace_the_access_token():
    environ = {k: v for k, v in REQUIRED.items() if k != "SHOPIFY_ACCESS_TOKEN"}
    settings = load_settings({**environ, "SHOPIFY_CLIENT_ID": "abc", "SHOPIFY_API_SECRET": "shh"})
    assert settings["SHOPIFY_CLIENT_ID"] == "abc" and settings["SHOPIFY_ACCESS_TOKEN"] is None
    with pytest.raises(ConfigError, match=r"^SHOPIFY_API_SECRET is not set \(needed when "
                                          r"SHOPIFY_CLIENT_ID is set\)"):
        load_settings({**environ, "SHOPIFY_CLIENT_ID": "abc", "SHOPIFY_API_SECRET": " "})
    with pytest.raises(ConfigError, match=r"^SHOPIFY_ACCESS_TOKEN is not set \(needed unless "
                                          r"SHOPIFY_CLIENT_ID is set\)"):
        load_settings({**environ, "SHOPIFY_API_SECRET": "shh"})


def test_the_secret_stays_optional_with_a_fixed_access_token():
    assert load_settings(REQUIRED)["SHOPIFY_API_SECRET"] is None


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_a_missing_required_setting_names_the_variable(name):
    environ = {k: v for k, v in REQUIRED.items() if k != name}
    with pytest.raises(ConfigError, match=name):
        load_settings(environ)


@pytest.mark.parametrize("name,value", [("ORDER_CACHE_TTL", "soon"), ("ORDER_CACHE_TTL", "-5"),
                                        ("SHOPIFY_SHOP", "https://acme.myshopify.com/admin")])
def test_a_malformed_setting_names_the_variable(name, value):
    with pytest.raises(ConfigError, match=name):
        load_settings({**REQUIRED, name: value})


def test_the_readme_documents_every_setting():
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert {s.name for s in SETTINGS} <= documented
