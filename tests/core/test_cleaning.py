"""The cleaning every request gets, and the reading of whole numbers."""

from __future__ import annotations

import pytest

from forum.core.cleaning import BIGGEST_ID, clean, has_line_break, whole_number


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12), (" 7 ", 7), ("0", 0), (str(BIGGEST_ID), BIGGEST_ID), (str(BIGGEST_ID + 1), None),
    ("²", None), ("٣", None), ("1_000", None), ("-1", None), ("+1", None), ("", None),
    (None, None), ("9" * 400, None)])
def test_whole_numbers_are_ascii_digits_that_fit(text, expected):
    assert whole_number(text) == expected


def test_cleaning_drops_nul_controls_and_invisible_marks_but_keeps_letters():
    assert clean("Ana\x00 Ба\u200bрић\u202e ✓\x1b") == "Ana Барић ✓"
    assert clean("one\r\ntwo\tthree") == "one\r\ntwo\tthree"
    assert clean("one\r\ntwo\tthree", one_line=True) == "onetwothree"
    assert has_line_break("a\nb") and has_line_break("a\u2028b") and not has_line_break("a b")


def test_passwords_reach_the_form_as_typed(app, world):
    client = app.test_client()
    response = client.post("/en/accounts/register", data={
        "display_name": "Ana", "email": "ana@example.org", "language": "en",
        "password": "a long\x00passphrase\u200b"})
    assert response.status_code == 302
    client.post("/en/accounts/sign-out")
    again = client.post("/en/accounts/sign-in", data={
        "email": "ana@example.org", "password": "a long\x00passphrase\u200b"})
    assert again.status_code == 302


def test_a_line_break_in_a_name_is_refused_on_the_field(app):
    response = app.test_client().post("/en/accounts/register", data={
        "display_name": "Ana\nBcc: x@example.org", "email": "ana@example.org",
        "language": "en", "password": "a long passphrase"})
    assert response.status_code == 400
    assert "Write this on one line." in response.get_data(as_text=True)
