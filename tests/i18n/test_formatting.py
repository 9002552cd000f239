"""Dates, times and money as each of the six languages writes them, through the shared helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest
from flask_babel import force_locale

from forum.core import rendering

NBSP = "\u00a0"
FIVE_PM_IN_SKOPJE = datetime(2026, 12, 17, 16, 0, 6, tzinfo=UTC)
LANGUAGES = ("sq", "mk", "sr", "sr_Latn", "rom", "en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_times_use_the_24_hour_clock_without_seconds(app, lang):
    with app.test_request_context(), force_locale(lang):
        assert rendering.fmt_time(FIVE_PM_IN_SKOPJE, "Europe/Skopje") == "17:00"
        shown = rendering.fmt_datetime(FIVE_PM_IN_SKOPJE, "Europe/Skopje")
    assert shown.endswith("17:00") and ":06" not in shown
    assert "m.d." not in shown and "PM" not in shown


@pytest.mark.parametrize(("lang", "expected"), [
    ("sq", f"1{NBSP}500{NBSP}000 MKD"),
    ("mk", "1.500.000 ден."),
    ("sr", "1.500.000 MKD"),
    ("sr_Latn", "1.500.000 MKD"),
    ("rom", "1.500.000 MKD"),  # Romani is read in Latin script: no Cyrillic "ден."
    ("en", f"MKD{NBSP}1,500,000"),
])
def test_denars_are_written_as_cldr_writes_them_in_whole_denars(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        shown = rendering.fmt_money(1_500_000_00, "MKD")
    assert shown.replace(NBSP, " ") == expected.replace(NBSP, " ")


@pytest.mark.parametrize(("lang", "expected"), [
    ("sq", f"1{NBSP}234,50 €"), ("mk", f"1.234,50{NBSP}€"), ("sr", f"1.234,50{NBSP}€"),
    ("sr_Latn", f"1.234,50{NBSP}€"), ("rom", f"1.234,50{NBSP}€"), ("en", "€1,234.50"),
])
def test_euros_keep_their_cents(app, lang, expected):
    with app.test_request_context(), force_locale(lang):
        shown = rendering.fmt_money(1_234_50, "EUR")
    assert shown.replace(NBSP, " ") == expected.replace(NBSP, " ")


def test_lek_and_exact_shares_round_the_way_the_currency_is_written(app):
    with app.test_request_context(), force_locale("en"):
        assert rendering.fmt_money(1500, "ALL") == f"ALL{NBSP}1,500"
        assert rendering.fmt_money(Fraction(41999884, 1), "MKD") == f"MKD{NBSP}419,999"


@pytest.mark.parametrize(("lang", "said"), [
    ("sq", "Maqedonia e Veriut"), ("mk", "Северна Македонија"), ("sr", "Северна Македонија"),
    ("sr_Latn", "Severna Makedonija"), ("en", "North Macedonia"), ("rom", ""),
])
def test_time_zones_are_named_as_people_say_them_or_not_at_all(app, lang, said):
    with app.test_request_context(), force_locale(lang):
        label = rendering.zone_label("Europe/Skopje")
    assert "Europe/" not in label and said in label
    assert bool(label) == bool(said)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_sentence_ending_in_a_date_or_an_amount_has_one_full_stop(app, lang):
    from flask import render_template_string

    page = ('{{ _("Voting closes %(when)s.", when=day|date("Europe/Skopje")) }} '
            '{{ ngettext("%(num)d item costs %(cost)s.", "%(num)d items cost %(cost)s.", 2, '
            'cost=9900|money("MKD")) }}')
    with app.test_request_context(), force_locale(lang):
        shown = render_template_string(page, day=FIVE_PM_IN_SKOPJE)
        said = rendering.fmt_date(FIVE_PM_IN_SKOPJE, "Europe/Skopje")
    assert ".." not in shown and said in shown and shown.endswith(".")


@pytest.mark.parametrize(("lang", "said"), [
    ("mk", "Северна Македонија"), ("sq", "Maqedonia e Veriut"), ("en", "North Macedonia"),
    ("rom", None),
])
def test_forms_name_the_time_zone_in_words_never_as_europe_skopje(app, client, lang, said):
    from tests.fixtures.accounts import create_user, sign_in_as
    from tests.fixtures.forums import add_member, create_forum

    with app.app_context():
        forum = create_forum(slug="z", languages=["mk", "sq", "rom", "en"])
        staff = create_user(email="staff@example.org")
        add_member(forum, staff, role="secretariat")
    sign_in_as(client, staff)
    for path in ("meetings/new", "budgeting/new"):
        page = client.get(f"/{lang}/forums/z/{path}").get_data(as_text=True)
        assert "Europe/Skopje" not in page.split("<main")[1], path
        assert said is None or said in page, path


@pytest.mark.parametrize(("lang", "place"), [
    ("mk", "Тетово"), ("sq", "Tetovë"), ("rom", "Tetovo"), ("en", "Tetovo")])
def test_the_town_is_named_in_the_readers_script_where_the_forum_gives_it(
        app, client, lang, place):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        forum = create_forum(slug="t", name="Форум Тетово", language="mk",
                             languages=["mk", "sq", "rom", "en"])
        forum.municipality = "Тетово"
        for code, name in (("sq", "Tetovë"), ("rom", "Tetovo"), ("en", "Tetovo")):
            forum.set_translation(code, municipality=name)
        from forum.extensions import db

        db.session.commit()
    for path in (f"/{lang}/forums/t/", f"/{lang}/"):
        main = client.get(path).get_data(as_text=True).split("<main")[1]
        assert f">{place}</span>," in main, path
