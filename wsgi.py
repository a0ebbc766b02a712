"""Entry point for gunicorn: `gunicorn wsgi:app`, imported once in each worker."""

from portal import create_app
from portal.web.serving import prepare_worker

app = create_app()
prepare_worker(app)
