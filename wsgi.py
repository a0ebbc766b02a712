"""Entry point for gunicorn: `gunicorn wsgi:app`, imported once in each worker."""

from portal import create_app
from portal.web.serving import compile_templates

app = create_app()
compile_templates(app)
