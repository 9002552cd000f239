"""Helpers views and templates share: partial-or-page rendering, static URLs, formatting.

Times use the forum's 24-hour clock (CLDR's `Hm` skeleton, no seconds) in every language; money
is written as CLDR writes it for the reader's language, with CLDR's currency spacing (which Babel
leaves out: "MKD 1,500" not "MKD1,500") and no minor units where the currency has none in practice.
"""

from __future__ import annotations

import copy
import unicodedata
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, get_timezone_location
from babel.numbers import format_decimal, get_currency_precision, get_currency_symbol
from flask import current_app, g, render_template, request, url_for

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
    """A UTC moment shown in a forum's time zone, in the reader's language, on a 24-hour clock."""
    if moment is None:
        return ""
    local = local_time(moment, zone)
    locale = Locale.parse(_locale())
    joined = str(locale.datetime_formats.get(style) or locale.datetime_formats["medium"])
    day = format_date(local.date(), style, locale=locale)
    return joined.replace("'", "").replace("{1}", day).replace("{0}", _clock(local, locale))


def _clock(local: datetime, locale: Locale) -> str:
    return format_skeleton("Hm", local, tzinfo=local.tzinfo, locale=locale)


def fmt_date(moment, zone: str | None = None, style: str = "long") -> str:
    if moment is None or moment == "":
        return ""
    if isinstance(moment, str):  # a date kept in JSON, e.g. "2026-09-30"
        moment = date.fromisoformat(moment)
    if isinstance(moment, datetime):
        moment = local_time(moment, zone).date()
    return format_date(moment, style, locale=_locale())


def fmt_time(moment: datetime | None, zone: str | None = None) -> str:
    """Hours and minutes on the 24-hour clock the forums' countries use, e.g. "17:00"."""
    if moment is None:
        return ""
    local = local_time(moment, zone)
    return _clock(local, Locale.parse(_locale()))


def zone_label(zone: str | None) -> str:
    """A time zone as people say it ("Време во Северна Македонија"), or "" where CLDR has no
    words for it in the reader's language (then say nothing rather than "Europe/Skopje")."""
    if not zone:
        return ""
    try:
        return get_timezone_location(zone, locale=_locale())
    except (KeyError, LookupError):
        return ""


def format_size(size: int) -> str:
    """A file size in the reader's language, e.g. "2 MB"."""
    from babel.units import format_unit

    if size >= 1024 * 1024:
        return format_unit(size // (1024 * 1024), "digital-megabyte", "short", locale=_locale())
    return format_unit(max(1, size // 1024), "digital-kilobyte", "short", locale=_locale())


def fmt_number(value) -> str:
    return format_decimal(value, locale=_locale())


# Currencies whose minor units exist on paper but not in practice (the denar's deni): amounts
# are shown, and explained, in whole units.
WHOLE_UNITS_IN_PRACTICE = {"MKD"}


def money_digits(currency: str) -> int:
    """How many decimals an amount in this currency is written with."""
    return 0 if currency in WHOLE_UNITS_IN_PRACTICE else get_currency_precision(currency)


def money_unit(currency: str) -> int:
    """Minor units in the smallest amount people write (100 for a whole denar, 1 for a cent)."""
    return 10 ** (get_currency_precision(currency) - money_digits(currency))


def fmt_money(minor_units, currency: str) -> str:
    """An amount in the currency's minor units (an int, or an exact fraction), for the reader.

    Rounded to the way the currency is written; round first (`money_unit`) where the rounding
    direction matters to what a sentence says.
    """
    if minor_units is None:
        return ""
    locale = Locale.parse(_locale())
    digits = money_digits(currency)
    amount = (Decimal(minor_units.numerator) / Decimal(minor_units.denominator)
              if hasattr(minor_units, "denominator") else Decimal(minor_units))
    amount = (amount / 10 ** get_currency_precision(currency)).quantize(
        Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (digits, digits)
    text = pattern.apply(amount, locale, currency=currency, currency_digits=False)
    return _currency_spacing(text, get_currency_symbol(currency, locale))


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currencySpacing: a no-break space between digits and a symbol that ends (or
    starts) with a letter, as in "MKD 1,500" and "1.500 ден."; "€1,500" stays as it is."""
    at = text.find(symbol)
    if at < 0 or not symbol:
        return text
    before, after = text[:at], text[at + len(symbol):]
    if after[:1].isdigit() and not unicodedata.category(symbol[-1]).startswith("S"):
        after = "\u00a0" + after
    if before[-1:].isdigit() and not unicodedata.category(symbol[0]).startswith("S"):
        before = before + "\u00a0"
    return before + symbol + after


def language_links() -> list[tuple[str, str, str, str]]:
    """(code, BCP 47 tag, own name, URL of this same page) for the language switcher; made
    once per request (a page lists them twice)."""
    if "language_links" not in g:
        g.language_links = _language_links()
    return g.language_links


def _language_links() -> list[tuple[str, str, str, str]]:
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
