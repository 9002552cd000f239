"""Validators with messages from our own catalogs, and field types every area's forms reuse."""

from __future__ import annotations

import flask_babel
import wtforms
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from flask_wtf.csrf import _FlaskFormCSRF
from wtforms import DecimalField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms import validators as v

from forum.core import fieldchecks, once
from forum.core.content import language_choices

# WTForms' own messages, listed so the catalogs carry them; `Form` sends them through ours.
WTFORMS_MESSAGES = (
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    lazy_ngettext("'%(value)s' is not a valid choice for this field.",
                  "'%(value)s' are not valid choices for this field.", 1),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Not a valid time value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Not a valid integer value."),
)


class _OurTranslations:
    def gettext(self, string):
        return flask_babel.gettext(string)

    def ngettext(self, singular, plural, n):
        # Unformatted: WTForms fills in its own placeholders (`%(value)s`) afterwards.
        return flask_babel.get_translations().ungettext(singular, plural, n)


class _OurMessages:
    """Form options (WTForms' `Meta`) that take its built-in messages from our catalogs, and
    check every number field (see core/fieldchecks.py)."""

    bind_field = fieldchecks.bind_field

    def get_translations(self, form):
        return _OurTranslations()


class _TokenInputs(wtforms.widgets.HiddenInput):
    """The CSRF token, and beside it the one-time token that makes sending the form twice safe."""

    def __call__(self, field, **kwargs):
        return super().__call__(field, **kwargs) + once.token_input()


class _CSRF(_FlaskFormCSRF):
    def setup_form(self, form):
        fields = super().setup_form(form)
        for _name, unbound in fields:
            unbound.kwargs["widget"] = _TokenInputs()
        return fields


class Form(FlaskForm):
    """The base of every form: WTForms' built-in messages come from our catalogs too, and its
    CSRF field also sends a one-time token (see forum/core/once.py)."""

    class Meta(_OurMessages):
        csrf_class = _CSRF


class Subform(wtforms.Form):
    """A repeated part of a form (no CSRF token of its own); messages from our catalogs."""

    class Meta(_OurMessages):
        pass


def options(pairs) -> list[SelectChoice]:
    """Select choices from (value, label) pairs or a {value: label} mapping."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class _Required(v.InputRequired):
    """Something must be typed, and text of nothing but spaces is nothing."""

    def __call__(self, form, field):
        super().__call__(form, field)
        if isinstance(field.data, str) and not field.data.strip():
            field.errors[:] = []
            raise v.StopValidation(self.message)


def required():
    return _Required(message=_l("Fill in this field."))


def chosen():
    return v.InputRequired(message=_l("Choose one."))


def ticked():
    return v.InputRequired(message=_l("Tick this box to confirm."))


def max_length(limit: int):
    return v.Length(max=limit, message=lazy_ngettext(
        "Use at most %(num)d character.", "Use at most %(num)d characters.", limit))


def one_line():
    """For a one-line box made without `text_field`: a line break is refused."""
    return fieldchecks.OneLine()


def email_address():
    return v.Email(message=_l("Enter an e-mail address like name@example.org."),
                   check_deliverability=False)


def optional():
    return v.Optional()


def number_range(minimum: int | None = None, maximum: int | None = None):
    if minimum is not None and maximum is not None:
        message = _l("Enter a number from %(min)d to %(max)d.", min=minimum, max=maximum)
    elif minimum is not None:
        message = _l("Enter a number of at least %(min)d.", min=minimum)
    else:
        message = _l("Enter a number of at most %(max)d.", max=maximum)
    return v.NumberRange(min=minimum, max=maximum, message=message)


class Stripped:
    """A filter that trims surrounding spaces, and makes a field left out of a request ""."""

    def __call__(self, value):
        if value is None:
            return ""
        return value.strip() if isinstance(value, str) else value


def text_field(label, limit: int, *, needed: bool = True, **kwargs) -> StringField:
    """A one-line box (a title, a name): a line break is refused."""
    checks = [required() if needed else optional(), max_length(limit), fieldchecks.OneLine()]
    return StringField(label, validators=checks, filters=[Stripped()], **kwargs)


def long_text_field(label, limit: int, *, needed: bool = True, **kwargs) -> TextAreaField:
    checks = [required() if needed else optional(), max_length(limit)]
    return TextAreaField(label, validators=checks, filters=[Stripped()], **kwargs)


def money_field(label, *, needed: bool = True, **kwargs) -> DecimalField:
    """An amount in the currency's units (e.g. 1500.50); services turn it into minor units."""
    checks = [v.InputRequired(message=_l("Enter an amount.")) if needed else optional(),
              fieldchecks.Storable(fieldchecks.BIGGEST_AMOUNT),
              v.NumberRange(min=0, message=_l("Enter an amount of zero or more."))]
    return DecimalField(label, validators=checks, places=None, **kwargs)


def to_minor(amount, currency: str) -> int | None:
    """An amount in currency units as an integer of minor units (cents, deni…), exactly."""
    if amount is None:
        return None
    from babel.numbers import get_currency_precision

    return int((amount * (10 ** get_currency_precision(currency))).to_integral_value())


def from_minor(minor: int | None, currency: str):
    if minor is None:
        return None
    from decimal import Decimal

    from babel.numbers import get_currency_precision

    return Decimal(minor) / (10 ** get_currency_precision(currency))


def written_in_field() -> SelectField:
    """Which language a person writes a text in; defaults to the page's language."""
    return SelectField(_l("Language of this text"), choices=options(language_choices()),
                       validators=[chosen()],
                       description=_l("Choose the language you write in, so readers know it."))
