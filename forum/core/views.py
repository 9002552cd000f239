"""Routes outside any forum: the language-negotiating front door and a health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, url_for

from forum.core.health import report as health_report
from forum.i18n import preferred_language

bp = Blueprint("core", __name__)


@bp.get("/")
def front_door():
    """Send a visitor to their language: cookie, then Accept-Language, then the site default."""
    lang = preferred_language(current_app.config["DEFAULT_LANGUAGE"])
    response = redirect(url_for("forums.index", lang=lang))
    response.vary.update(("Cookie", "Accept-Language"))
    return response


@bp.get("/healthz")
def health():
    return health_report()
