"""Filling a translated sentence: the sentence is trusted markup, every value is escaped into it,
exactly as Markup's own % does it."""

from markupsafe import Markup

from portal.web.i18n import filled


def test_values_are_escaped_and_markup_values_are_kept():
    sentence = filled("Placed on %(date)s by %(name)s", {
        "date": Markup('<time datetime="2026-12-01">1 Dec</time>'), "name": "<b>Ana & Bo</b>"})
    assert isinstance(sentence, Markup)
    assert sentence == ('Placed on <time datetime="2026-12-01">1 Dec</time> by '
                        "&lt;b&gt;Ana &amp; Bo&lt;/b&gt;")


def test_the_same_result_as_markups_own_percent_for_every_kind_of_value():
    for text, variables in (("%(num)s parcels, 100%% sure", {"num": 3}),
                            ("<em>%(name)s</em>", {"name": "O'Neil \"quoted\""}),
                            ("%(num)d items at %(price).2f", {"num": 2, "price": 9.5}),
                            ("unused %(a)s", {"a": "x", "b": "<y>"})):
        assert filled(text, variables) == Markup(text) % variables
