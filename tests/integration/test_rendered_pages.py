"""Order pages kept rendered per worker: each shopper's links carry their own token, and a
page is kept per language. (A changed order shows at once after its webhook:
tests/integration/test_webhooks.py.)"""

import re

from tests.support.helpers import submit

ALICE = ("1001", "alice.martin@example.com")
_TOKENS = re.compile(r'href="[^"]*/order/([^/"?]+)')


def _tokens_in(html: str) -> set[str]:
    return set(_TOKENS.findall(html))


def test_each_shopper_sees_only_their_own_link_token(app, shopify):
    first, second = app.test_client(), app.test_client()
    url_one = submit(first, *ALICE).headers["Location"]
    url_two = submit(second, *ALICE).headers["Location"]
    token_one, token_two = (u.split("/order/")[1] for u in (url_one, url_two))
    assert token_one != token_two
    page_one = first.get(url_one).get_data(as_text=True)
    page_two = second.get(url_two).get_data(as_text=True)
    assert _tokens_in(page_one) == {token_one}
    assert _tokens_in(page_two) == {token_two}
    kept = app.extensions["portal.pages"]
    assert kept.placeholder not in page_one + page_two
    # The second shopper's page came from the kept one: same order copy, same language.
    assert page_one.replace(token_one, "-") == page_two.replace(token_two, "-")


def test_a_page_is_kept_per_language(client, shopify):
    url = submit(client, *ALICE).headers["Location"]
    english = client.get(url + "?lang=en").get_data(as_text=True)
    japanese = client.get(url + "?lang=ja").get_data(as_text=True)
    norwegian = client.get(url, headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="ja"' in japanese and 'lang="nb"' in norwegian
    assert "/status-page?lang=ja" in japanese and "/status-page?lang=ja" not in english
    assert client.get(url + "?lang=en").get_data(as_text=True) == english
