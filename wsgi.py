"""The WSGI entry point: `gunicorn wsgi:app` in production, `flask --app wsgi` for commands."""

import gc

from forum import create_app

app = create_app()
# What start-up built lives as long as the process: full garbage collections need not walk it.
gc.freeze()
