"""Error pages in the reader's language, and the friendly answer to an expired form."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from forum.extensions import htmx

MESSAGES = {
    400: (_l("The request could not be understood"),
          _l("Something in what was sent was not right. Go back and try again.")),
    403: (_l("Not allowed"),
          _l("Your account may not open this page or do this. If you think it should, "
             "ask the forum's secretariat.")),
    404: (_l("Page not found"),
          _l("There is no page at this address. It may have been moved or removed.")),
    405: (_l("Not allowed this way"),
          _l("This address cannot be used like this. Use the buttons and links on the pages.")),
    413: (_l("Too large"),
          _l("What you sent is larger than we accept. Make it smaller and try again.")),
    429: (_l("Too many tries"),
          _l("You tried this too many times in a short while. Wait a few minutes, then try "
             "again.")),
    500: (_l("Something went wrong on our side"),
          _l("The problem is ours, not yours. Nothing you saved before was lost. Try again in "
             "a few minutes.")),
}
CSRF_MESSAGE = (_l("This form has expired"),
                _l("For your safety, a form can only be sent from a page you opened recently. "
                   "Go back, reload the page and send it again; copy anything long you typed "
                   "before you reload."))


def render_error(code: int, title, text, exc=None):
    response = current_app.make_response(
        (render_template("errors/error.html", code=code, title=title, text=text), code)
    )
    if exc is not None and isinstance(exc, HTTPException):
        for name, value in exc.get_headers():
            if name.lower() not in ("content-type", "content-length"):
                response.headers[name] = value
    return response


def handle_http_error(exc: HTTPException):
    if isinstance(exc, SecurityError):  # a Host we do not serve: no page can be built for it
        return current_app.response_class("This site does not answer to this host name.\n",
                                          400, mimetype="text/plain")
    if exc.code is None or exc.response is not None:
        return exc
    if exc.code < 400:
        return exc
    code = exc.code if exc.code in MESSAGES else (400 if exc.code < 500 else 500)
    title, text = MESSAGES[code]
    return render_error(exc.code, title, text, exc)


def handle_csrf_error(exc: CSRFError):
    if htmx:
        response = current_app.make_response(("", 400))
        response.headers["HX-Refresh"] = "true"
        return response
    title, text = CSRF_MESSAGE
    return render_error(400, title, text)


def handle_unexpected_error(exc: Exception):
    if current_app.testing and current_app.config.get("PROPAGATE_EXCEPTIONS") is not False:
        raise exc
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    from forum.extensions import db

    db.session.rollback()
    title, text = MESSAGES[500]
    return render_error(500, title, text, InternalServerError())


def register(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
