"""How requests carry their language: the `/<lang>/` URL prefix, the cookie, Babel's selector."""

from __future__ import annotations

from flask import g, request

from forum.extensions import babel
from forum.i18n import (
    LANGUAGE_COOKIE,
    LanguageConverter,
    current_language,
    html_lang,
    select_locale,
)
from forum.i18n.catalogs import CATALOG_DIR

ONE_YEAR = 365 * 24 * 3600


def init_app(app) -> None:
    app.url_map.converters["lang"] = LanguageConverter
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(CATALOG_DIR))
    app.url_value_preprocessor(_pull_language)
    app.url_defaults(_push_language)
    app.after_request(_remember_language)


def _pull_language(endpoint, values) -> None:
    if values and "lang" in values:
        g.lang = values.pop("lang")


def _push_language(endpoint, values) -> None:
    from flask import current_app

    if "lang" in values or not current_app.url_map.is_endpoint_expecting(endpoint, "lang"):
        return
    values["lang"] = current_language()


def _remember_language(response):
    from flask import current_app

    lang = g.get("lang")
    if lang:
        response.headers["Content-Language"] = html_lang(lang)
        if request.cookies.get(LANGUAGE_COOKIE) != lang:
            response.set_cookie(LANGUAGE_COOKIE, lang, max_age=ONE_YEAR, samesite="Lax",
                                httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
