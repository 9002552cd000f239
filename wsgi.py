"""The WSGI entry point: `gunicorn wsgi:app` in production, `flask --app wsgi` for commands."""

import gc

# Start-up builds many objects and frees almost none: collecting while it runs only costs time.
gc.disable()

from forum import create_app  # noqa: E402

app = create_app()
# What start-up built lives as long as the process: full garbage collections need not walk it.
gc.freeze()
gc.enable()
