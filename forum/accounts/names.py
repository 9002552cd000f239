"""People's names: invisible and direction-changing characters are taken out, and what is left
must have a letter one can see, so nobody appears as a blank or as someone else's name reversed."""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

# Letters (Unicode class L) that are drawn as nothing: Hangul fillers and the Braille blank.
BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_SPACES = re.compile(r"[^\S\r\n]+")  # line breaks stay, for the one-line check to refuse


def _visible(character: str) -> bool:
    # C*: controls, format characters (zero-width, bidi overrides), private use, unassigned.
    return character not in BLANK_LETTERS and not unicodedata.category(character).startswith("C")


def clean_name(value: str | None) -> str:
    """The name without invisible characters, with single spaces, trimmed."""
    if not value:
        return ""
    kept = "".join(ch if _visible(ch) or ch in "\r\n" else " " if ch.isspace() else ""
                   for ch in value)
    return _SPACES.sub(" ", kept).strip()


def has_visible_letter(name: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") and ch not in BLANK_LETTERS
               for ch in name)


class VisibleName:
    """A validator: the name has at least one letter a reader can see."""

    message = _l("Use at least one letter in your name.")

    def __call__(self, form, field):
        if field.data and not has_visible_letter(field.data):
            raise ValidationError(str(self.message))
