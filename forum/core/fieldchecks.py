"""Checks every form gets without asking: numbers that fit the database (no NaN, no 1e30),
and titles and names on one line (a line break would break a calendar file or a mail header)."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, FloatField, IntegerField
from wtforms.meta import DefaultMeta
from wtforms.validators import NumberRange, StopValidation

from forum.core.cleaning import has_line_break

BIGGEST_STORED = 2**31 - 1  # an INTEGER column, the type of counts and amounts
BIGGEST_AMOUNT = 21_000_000  # currency units whose minor units (×100) fit an INTEGER
NUMBER_FIELDS = (IntegerField, DecimalField, FloatField)


class Storable:
    """A number field's value is finite and within what the database keeps."""

    def __init__(self, biggest: int = BIGGEST_STORED):
        self.biggest = biggest

    def __call__(self, form, field):
        value = field.data
        if value is None:
            return
        finite = not isinstance(value, (Decimal, float)) or Decimal(value).is_finite()
        if not finite or abs(value) > self.biggest:
            field.errors[:] = []
            raise StopValidation(self._message(field))

    def _message(self, field):
        """The field's own bounds ("from 1 to 90") when it has them, not the column's."""
        for check in field.validators:
            if isinstance(check, NumberRange) and check.max is not None \
                    and check.max <= self.biggest and check.message:
                return check.message
        return _l("Enter a number of at most %(max)d.", max=self.biggest)


class OneLine:
    """Titles and names: what is typed into a one-line box has no line break."""

    def __call__(self, form, field):
        if isinstance(field.data, str) and has_line_break(field.data):
            raise StopValidation(_l("Write this on one line."))


def bind_field(meta: DefaultMeta, form, unbound_field, options):
    """WTForms' `Meta.bind_field`, adding `Storable` first to every number field that has
    no bound of its own (as amounts of money have)."""
    field = DefaultMeta.bind_field(meta, form, unbound_field, options)
    if isinstance(field, NUMBER_FIELDS) and not any(isinstance(check, Storable)
                                                    for check in field.validators):
        field.validators = [Storable(), *field.validators]
    return field
