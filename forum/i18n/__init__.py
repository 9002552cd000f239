"""Interface languages: which there are, how a request picks one, and how every URL carries it.

Importing this package registers the Romani locale with Babel, so anything that parses `rom`
(Flask-Babel, the catalog commands) must import it first; `forum.create_app` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BaseConverter

from forum.i18n import romani

romani.register()


@dataclass(frozen=True)
class Language:
    """One interface language: catalog code, URL segment, HTML `lang`, and its own name."""

    code: str
    url: str
    html: str
    endonym: str


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("sq", "sq", "sq", "shqip"),
        Language("mk", "mk", "mk", "македонски"),
        Language("sr", "sr", "sr", "српски"),
        Language("sr_Latn", "sr-Latn", "sr-Latn", "srpski"),
        Language("rom", "rom", "rom", "romani čhib"),
        Language("en", "en", "en", "English"),
    )
}
LANGUAGE_NAMES = {
    "sq": _l("Albanian"),
    "mk": _l("Macedonian"),
    "sr": _l("Serbian (Cyrillic)"),
    "sr_Latn": _l("Serbian (Latin)"),
    "rom": _l("Romani"),
    "en": _l("English"),
}
# Whole sentences, not "Written in %(language)s": a language's name changes form inside a
# sentence in several of our languages (mk: "на македонски", sq: "në shqip").
WRITTEN_IN = {
    "sq": _l("Written in Albanian."),
    "mk": _l("Written in Macedonian."),
    "sr": _l("Written in Serbian (Cyrillic)."),
    "sr_Latn": _l("Written in Serbian (Latin)."),
    "rom": _l("Written in Romani."),
    "en": _l("Written in English."),
}
SOURCE_LANGUAGE = "en"
LANGUAGE_COOKIE = "lang"
ROMANI_ALIASES = ("rom", "rmn", "rmy", "rmc")


def html_lang(code: str) -> str:
    """The BCP 47 tag for a catalog code (`sr_Latn` → `sr-Latn`)."""
    return LANGUAGES[code].html if code in LANGUAGES else code.replace("_", "-")


def from_tag(tag: str | None) -> str | None:
    """Map a BCP 47 tag or a catalog code to one of our languages, or None.

    `sr-Latn-RS` must reach Latin Serbian (Werkzeug and Babel both send it to Cyrillic), and the
    Romani codes are aliases of `rom`; `ro` (Romanian) and `rm` (Romansh) are not Romani.
    """
    if not tag:
        return None
    parts = tag.replace("_", "-").lower().split("-")
    primary = parts[0]
    if primary == "sr":
        return "sr_Latn" if "latn" in parts[1:] else "sr"
    if primary in ROMANI_ALIASES:
        return "rom"
    return primary if primary in LANGUAGES else None


def negotiate(accept_languages) -> str | None:
    """Pick the first acceptable language of an `Accept-Language` header, best quality first."""
    for tag, quality in accept_languages:
        code = from_tag(tag)
        if code and quality > 0:
            return code
    return None


def preferred_language(default: str) -> str:
    """The language for a page whose URL names none: the reader's setting, cookie or browser."""
    if getattr(current_user, "is_authenticated", False) and current_user.language in LANGUAGES:
        return current_user.language
    return (
        from_tag(request.cookies.get(LANGUAGE_COOKIE))
        or negotiate(request.accept_languages)
        or default
    )


def language_in_path(path: str) -> str | None:
    """The language a path starts with (`/sq/...`), for pages the router did not match."""
    segment = path.lstrip("/").split("/", 1)[0]
    if segment == "sr_Latn":
        return "sr_Latn"
    return next((code for code, lang in LANGUAGES.items() if lang.url == segment), None)


def select_locale() -> str:
    """Flask-Babel's locale selector: the URL's language, else the reader's preference."""
    from flask import current_app

    lang = g.get("lang")
    if lang:
        return lang
    if request:
        return (language_in_path(request.path)
                or preferred_language(current_app.config["DEFAULT_LANGUAGE"]))
    return current_app.config["DEFAULT_LANGUAGE"]


def current_language() -> str:
    """The catalog code of the language this request is answered in (or `force_locale`'s)."""
    _context, locale = _babel_locale()
    if locale is None:
        return SOURCE_LANGUAGE
    code = _CODES.get(locale)
    if code is None:
        code = _CODES[locale] = str(locale)
    return code


def _babel_locale():
    """(Flask-Babel's request context, the locale in force), read without a look-up per call."""
    from flask_babel import get_locale

    context = g.get("_flask_babel") if g else None
    return context, getattr(context, "babel_locale", None) or get_locale()


_CODES: dict = {}  # Locale -> its catalog code ("sr_Latn"), worked out once per locale


def current_translations():
    """The catalog of the request's language (or `force_locale`'s), found once per language
    per request rather than on every message."""
    from flask_babel import get_translations

    context, locale = _babel_locale()
    kept = getattr(context, "forum_catalog", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    if context is not None:
        context.forum_catalog = (locale, translations)
    return translations


class LanguageConverter(BaseConverter):
    """URL segment `<lang:lang>`: only our languages match, so an unknown prefix is a 404."""

    regex = "(?:" + "|".join(sorted({lang.url for lang in LANGUAGES.values()} | {"sr_Latn"},
                                    key=len, reverse=True)) + ")"

    def to_python(self, value: str) -> str:
        return "sr_Latn" if value in ("sr-Latn", "sr_Latn") else value

    def to_url(self, value: str) -> str:
        return LANGUAGES[value].url if value in LANGUAGES else value
