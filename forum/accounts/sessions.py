"""Flask-Login wiring: loading the signed-in person, and where anonymous readers are sent."""

from __future__ import annotations

from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l

from forum.core.redirects import safe_path
from forum.extensions import htmx, login_manager
from forum.forums.signed_in import parse_session_id


def init_login(app) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)


def load_user(session_id: str):
    from forum.forums.services import user_with_memberships

    parsed = parse_session_id(session_id)
    if parsed is None:
        return None
    user_id, version = parsed
    user = user_with_memberships(user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def unauthorized():
    """htmx gets `HX-Redirect` to the sign-in page; a page request is redirected there."""
    from flask import flash

    target = url_for("accounts.sign_in", next=safe_path(request.full_path))
    if htmx:
        response = app_response("", 401)
        response.headers["HX-Redirect"] = target
        return response
    flash(login_manager.login_message, "info")
    return redirect(target)


def app_response(body, status):
    from flask import current_app

    return current_app.make_response((body, status))
