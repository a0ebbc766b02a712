"""PortalFlask asks once whether a function is a coroutine, and keeps its answers bounded.
Templates hold a snapshot of the environment's globals, so every global must exist before the
first template is loaded: the app factory installs them all."""

from portal.web.application import PageEnvironment, PortalFlask
from portal.web.serving import prepare_worker


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


def test_every_loaded_page_sees_every_global_the_app_installs(app):
    assert isinstance(app.jinja_env, PageEnvironment)
    prepare_worker(app)
    for name in app.jinja_env.list_templates(extensions=["html"]):
        template = app.jinja_env.get_template(name)
        assert type(template.globals) is dict
        assert app.jinja_env.globals.items() <= template.globals.items(), name
    assert {"page_url", "static_url", "locale_code", "url_for"} <= app.jinja_env.globals.keys()
