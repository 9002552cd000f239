"""The Romani (`rom`) locale, which CLDR and so Babel lack, registered with Babel at start-up.

Babel 2.18 raises `UnknownLocaleError` for `rom`, which breaks Flask-Babel and `pybabel`. Babel
looks in its in-process locale-data cache before its data files, so we put a locale there: CLDR
root, with Romani (Balkan/Arli, Latin orthography) month and weekday names, number and week
conventions borrowed from Macedonian, and the one/other plural rule. This touches a Babel
internal (`babel.localedata._cache`), which is why Babel is pinned and `tests/i18n/test_romani.py`
proves dates, numbers, plurals and catalog round-trips.

Attested in the Romani press of Skopje and Serbia: *aprili*, *oktomvri*, *noemvri*. The other
month names follow the same Macedonian loans; the weekday names are the common Vlax/Balkan
forms. All are unverified for interface use and are listed here so a native reviewer can change
them in one place.
"""

from __future__ import annotations

import copy

from babel import localedata
from babel.dates import DateTimePattern, parse_pattern
from babel.plural import PluralRule

CODE = "rom"

# unverified except aprili, oktomvri, noemvri (attested)
MONTHS = ["januari", "februari", "marti", "aprili", "maji", "juni", "juli", "avgusti",
          "septemvri", "oktomvri", "noemvri", "dekemvri"]
MONTHS_SHORT = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "avg", "sep", "okt", "noe", "dek"]
# unverified; Babel counts weekdays from Monday (0)
WEEKDAYS = ["luja", "marci", "tetradži", "žoja", "paraštuj", "savato", "kurko"]
WEEKDAYS_SHORT = ["luj", "mar", "tet", "žoj", "par", "sav", "kur"]

BORROWED_FROM_MACEDONIAN = (
    "number_symbols", "decimal_formats", "currency_formats", "percent_formats",
    "scientific_formats", "default_numbering_system", "numbering_systems", "time_formats",
    "week_data",
)  # not Macedonian currency symbols: Romani is read in Latin script, so "MKD", never "ден."
DATE_FORMATS = {"full": "EEEE, d MMMM y", "long": "d MMMM y", "medium": "d MMM y",
                "short": "d.M.yy"}


def _names(wide: list[str], short: list[str], start: int) -> dict:
    table = {
        "wide": dict(enumerate(wide, start)),
        "abbreviated": dict(enumerate(short, start)),
        "narrow": {i: name[0].upper() for i, name in enumerate(wide, start)},
    }
    return {"format": copy.deepcopy(table), "stand-alone": copy.deepcopy(table)}


def build_locale_data() -> dict:
    """Locale data for `rom`, in the shape Babel's pickled CLDR files have."""
    data = copy.deepcopy(localedata.load("root"))
    macedonian = localedata.load("mk")
    for key in BORROWED_FROM_MACEDONIAN:
        if key in macedonian:
            data[key] = copy.deepcopy(macedonian[key])
    data["locale_id"] = CODE
    data["months"] = _names(MONTHS, MONTHS_SHORT, 1)
    data["days"] = _names(WEEKDAYS, WEEKDAYS_SHORT, 0)
    data["date_formats"] = {k: DateTimePattern(v, parse_pattern(v).format)
                            for k, v in DATE_FORMATS.items()}
    data["datetime_formats"] = {k: "{1}, {0}" for k in DATE_FORMATS}
    data["plural_form"] = PluralRule({"one": "n = 1"})
    data["languages"] = {**data.get("languages", {}), CODE: "romani čhib"}
    return data


def register() -> None:
    """Make `Locale.parse("rom")` work in this process (idempotent)."""
    with localedata._cache_lock:
        if CODE not in localedata._cache:
            localedata._cache[CODE] = build_locale_data()
