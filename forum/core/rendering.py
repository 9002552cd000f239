"""Helpers views and templates share: partial-or-page rendering, static URLs, formatting."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal, get_currency_precision
from flask import current_app, render_template, request, url_for

from forum.extensions import htmx
from forum.i18n import LANGUAGES, current_language


def render_page_or_partial(page: str, partial: str, **context):
    """A whole page, or only its partial for a non-boosted htmx request (htmx rule 3)."""
    alone = bool(htmx) and not htmx.boosted
    template = partial if alone else page
    response = current_app.make_response(render_template(template, as_partial=alone, **context))
    response.vary.add("HX-Request")
    return response


def _locale() -> str:
    return current_language()


def local_time(moment: datetime | None, zone: str | None = None) -> datetime | None:
    if moment is None:
        return None
    return moment.astimezone(ZoneInfo(zone or current_app.config["DEFAULT_TIMEZONE"]))


def fmt_datetime(moment: datetime | None, zone: str | None = None, style: str = "medium") -> str:
    """A UTC moment shown in a forum's time zone, in the reader's language."""
    if moment is None:
        return ""
    local = local_time(moment, zone)
    return format_datetime(local, _datetime_pattern(style), tzinfo=local.tzinfo, locale=_locale())


def _datetime_pattern(style: str) -> str:
    return {"medium": "medium", "long": "long", "short": "short"}.get(style, style)


def fmt_date(moment, zone: str | None = None, style: str = "long") -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        moment = local_time(moment, zone).date()
    return format_date(moment, style, locale=_locale())


def fmt_time(moment: datetime | None, zone: str | None = None) -> str:
    if moment is None:
        return ""
    local = local_time(moment, zone)
    return format_time(local, "short", tzinfo=local.tzinfo, locale=_locale())


def format_size(size: int) -> str:
    """A file size in the reader's language, e.g. "2 MB"."""
    from babel.units import format_unit

    if size >= 1024 * 1024:
        return format_unit(size // (1024 * 1024), "digital-megabyte", "short", locale=_locale())
    return format_unit(max(1, size // 1024), "digital-kilobyte", "short", locale=_locale())


def fmt_number(value) -> str:
    return format_decimal(value, locale=_locale())


def fmt_money(minor_units: int | None, currency: str) -> str:
    """An integer amount in the currency's minor units, formatted for the reader."""
    if minor_units is None:
        return ""
    digits = get_currency_precision(currency)
    amount = minor_units / (10**digits) if digits else minor_units
    return format_currency(amount, currency, locale=_locale())


def language_links() -> list[tuple[str, str, str, str]]:
    """(code, BCP 47 tag, own name, URL of this same page) for the language switcher."""
    endpoint = request.endpoint
    args = dict(request.view_args or {})
    links = []
    for code, lang in LANGUAGES.items():
        if endpoint and "lang" in (request.url_rule.arguments if request.url_rule else ()):
            url = url_for(endpoint, **{**args, "lang": code}, **request.args.to_dict())
        else:
            url = url_for("forums.index", lang=code)
        links.append((code, lang.html, lang.endonym, url))
    return links
