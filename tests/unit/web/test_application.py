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


def test_templates_call_plain_functions_directly_and_still_pass_what_jinja_callees_ask_for():
    from jinja2 import pass_context, pass_environment

    env = PageEnvironment(PortalFlask(__name__))

    def shout(text: str, mark: str = "!") -> str:
        return text.upper() + mark

    @pass_context
    def greeting(context, name: str) -> str:
        return f"{context['hello']}, {name}"

    @pass_environment
    def joiner(environment, *parts: str) -> str:
        return f"{environment is env}:{'-'.join(parts)}"

    def stops() -> str:
        raise StopIteration

    class Shouter:
        def __call__(self, text: str) -> str:
            return text + "?"

    page = env.from_string(
        "{{ shout('hi') }} {{ shout('hi', mark='.') }} {% for n in ['Ana'] %}{{ greeting(n) }}"
        "{% endfor %} {{ joiner('a', 'b') }} [{{ stops() }}] {{ shouter('x') }}")
    assert page.render(shout=shout, greeting=greeting, joiner=joiner, stops=stops, hello="Hola",
                       shouter=Shouter()) == "HI! HI. Hola, Ana True:a-b [] x?"
