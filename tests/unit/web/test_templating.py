"""Templates hold a snapshot of the environment's globals, so every global must exist before the
first template is loaded: the app factory installs them all."""

from portal.web.serving import prepare_worker
from portal.web.templating import PageEnvironment


def test_every_loaded_page_sees_every_global_the_app_installs(app):
    assert isinstance(app.jinja_env, PageEnvironment)
    prepare_worker(app)
    for name in app.jinja_env.list_templates(extensions=["html"]):
        template = app.jinja_env.get_template(name)
        assert type(template.globals) is dict
        assert app.jinja_env.globals.items() <= template.globals.items(), name
    assert {"page_url", "static_url", "locale_code", "url_for"} <= app.jinja_env.globals.keys()
