"""PortalFlask asks once whether a function is a coroutine, and keeps its answers bounded."""

from portal.web.application import PortalFlask


def test_a_plain_function_is_returned_as_it_is_and_asked_about_once():
    app = PortalFlask(__name__)

    def view() -> str:
        return "ok"

    assert app.ensure_sync(view) is view and app.ensure_sync(view) is view
    assert app._sync == {view: view}


def test_functions_made_per_call_are_not_kept_without_bound():
    app = PortalFlask(__name__)
    for _ in range(2000):
        app.ensure_sync(lambda: None)
    assert len(app._sync) == 512
