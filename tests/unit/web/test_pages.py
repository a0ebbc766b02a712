from portal.web.pages import RenderedPages


def test_a_page_is_rendered_once_per_key_with_each_token_put_in():
    pages = RenderedPages()
    renders = []

    def render(placeholder):
        renders.append(placeholder)
        return f'<a href="/order/{placeholder}/status-page">'

    assert pages.page("k", "tok1", render) == b'<a href="/order/tok1/status-page">'
    assert pages.page("k", "tok2", render) == b'<a href="/order/tok2/status-page">'
    assert renders == [pages.placeholder]


def test_the_least_recently_used_page_goes_first():
    pages = RenderedPages(max_characters=2)
    renders = []

    def render_for(key):
        def render(placeholder):
            renders.append(key)
            return key
        return render

    for key in ("a", "b", "a", "c", "a", "b"):
        pages.page(key, "t", render_for(key))
    # "b" was evicted when "c" came in, since "a" had been used more recently.
    assert renders == ["a", "b", "c", "b"]


def test_each_worker_has_its_own_unguessable_placeholder():
    assert RenderedPages().placeholder != RenderedPages().placeholder
