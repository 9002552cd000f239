"""Romani is a real Babel locale: dates, numbers, plurals and catalogs work in `rom`."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

from babel import Locale
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_decimal

import forum.i18n  # noqa: F401 - registers rom
from forum.i18n import romani
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of


def test_rom_parses_as_a_locale_with_its_own_name():
    locale = Locale.parse("rom")
    assert str(locale) == "rom"
    assert locale.get_display_name() == "romani čhib"


def test_romani_dates_use_romani_month_and_weekday_names():
    assert format_date(date(2026, 4, 3), "long", locale="rom") == "3 aprili 2026"
    assert format_date(date(2026, 11, 24), "full", locale="rom") == "marci, 24 noemvri 2026"
    assert romani.MONTHS[9] == "oktomvri"


def test_romani_numbers_follow_macedonian_conventions():
    assert format_decimal(1234567.5, locale="rom") == format_decimal(1234567.5, locale="mk")


def test_romani_plural_rule_is_one_and_other():
    rule = Locale.parse("rom").plural_form
    assert [rule(n) for n in (0, 1, 2, 5, 11, 21, 101)] == [
        "other", "one", "other", "other", "other", "other", "other"]


def test_a_romani_catalog_keeps_its_plural_header_through_write_and_read():
    catalog = Catalog(locale="rom")
    catalog.add(("%(num)d vote", "%(num)d votes"), ("%(num)d glas", "%(num)d glasovja"))
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    assert b"nplurals=2; plural=(n != 1);" in buffer.getvalue()
    again = read_po(io.BytesIO(buffer.getvalue()), locale="rom")
    assert again.num_plurals == 2
    assert again.get("%(num)d vote").string == ("%(num)d glas", "%(num)d glasovja")


def test_a_romani_page_shows_romani_month_names(app, client):
    with app.app_context():
        forum = create_forum(slug="t")
        secretariat = create_user()
        membership = add_member(forum, secretariat, role="secretariat")
        membership.joined_at = datetime(2026, 4, 3, 12, tzinfo=UTC)
        from forum.extensions import db

        db.session.commit()
    sign_in_as(client, secretariat)
    page = text_of(client.get(f"/rom/forums/t/members/{membership.id}"))
    assert "3 aprili 2026" in page
    assert '<html lang="rom"' in page
