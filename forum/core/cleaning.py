"""Input cleaning shared by every request: NUL, control and invisible characters are dropped
from query arguments, form fields and CSV cells; whole numbers are read as ASCII digits only."""

from __future__ import annotations

import re

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

BIGGEST_ID = 2**31 - 1  # ids are INTEGER columns: anything larger names nothing we keep
# C0 controls but tab and line breaks, DEL and C1, zero-width space and word joiner,
# the byte-order mark, and the bidirectional overrides and isolates ("Trojan Source").
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2060\ufeff"
                      "\u202a-\u202e\u2066-\u2069]")
LINE_BREAK = re.compile("[\r\n\x0b\x0c\x85\u2028\u2029]")
TAB_OR_BREAK = re.compile("[\t\r\n\u2028\u2029]")  # none belongs in a query argument
DIGITS = re.compile("[0-9]+")
KEPT_AS_SENT = ("password",)  # secrets are hashed as typed, never changed


def clean(text: str, *, one_line: bool = False) -> str:
    """`text` without unwanted characters; `one_line` drops tabs and line breaks too."""
    text = UNWANTED.sub("", text)
    return TAB_OR_BREAK.sub("", text) if one_line else text


def has_line_break(text: str) -> bool:
    return bool(LINE_BREAK.search(text))


def whole_number(text: str | None, maximum: int = BIGGEST_ID) -> int | None:
    """`text` as a whole number from 0 to `maximum` written in ASCII digits, else None
    ("²" and "٣" pass `str.isdigit()`, and `int()` takes "1_000")."""
    text = (text or "").strip()
    if not DIGITS.fullmatch(text) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def _cleaned(values: ImmutableMultiDict, *, one_line: bool = False) -> ImmutableMultiDict:
    return ImmutableMultiDict(
        (key, value if any(word in key for word in KEPT_AS_SENT)
         else clean(value, one_line=one_line))
        for key, value in values.items(multi=True))


class CleanRequest(Request):
    """A request whose query arguments and form fields come without unwanted characters,
    so no view, form or query ever sees them (PostgreSQL refuses NUL in text). Query
    arguments lose tabs and line breaks too: in `next`, "/\t/evil.example" would leave the site
    and "\r\n" would reach a header."""

    @cached_property
    def args(self):
        return _cleaned(super().args, one_line=True)

    def _load_form_data(self) -> None:
        super()._load_form_data()
        self.__dict__["form"] = _cleaned(self.__dict__["form"])
