from portal.lookup.keys import KeyMaker


def test_keys_never_contain_the_email_and_need_both_facts():
    keys = KeyMaker("secret", "acme.myshopify.com")
    key = keys.lookup("1001", "jane@example.com")
    assert "jane" not in key and "1001" not in key
    assert key != keys.lookup("1001", "john@example.com")
    assert key != keys.lookup("1002", "jane@example.com")
    assert key != KeyMaker("other", "acme.myshopify.com").lookup("1001", "jane@example.com")
    assert keys.order("gid://shopify/Order/1", keys.email_digest("a@b.co")) != \
        keys.order("gid://shopify/Order/1", keys.email_digest("c@d.co"))
