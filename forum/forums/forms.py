"""Forms for creating and editing forums, translating them, and managing members."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, SelectMultipleField, StringField
from wtforms.validators import NoneOf, Regexp

from forum.core.content import language_choices
from forum.core.forms import (
    Form,
    Stripped,
    chosen,
    email_address,
    long_text_field,
    max_length,
    options,
    required,
    text_field,
    written_in_field,
)
from forum.core.translations import TranslatableField
from forum.forums.models import COUNTRY_LABELS, CURRENCIES, ROLE_LABELS, SECTOR_LABELS, TIMEZONES

RESERVED_SLUGS = ("new", "admin", "static", "accounts")


def _sector_field():
    return SelectField(_l("Sector"), choices=options(SECTOR_LABELS), validators=[chosen()])


def _organisation_field():
    return text_field(_l("Organisation"), 160, needed=False,
                      description=_l("For example the NGO, school or institution."))


class ForumForm(Form):
    name = text_field(_l("Name of the forum"), 120)
    language = written_in_field()
    description = long_text_field(
        _l("What the forum is"), 5000, needed=False,
        description=_l("A few sentences for residents. You can use Markdown: *italic*, "
                       "**bold**, lists and links."))
    country = SelectField(_l("Country"), choices=options(COUNTRY_LABELS),
                          validators=[chosen()])
    municipality = text_field(_l("Municipality"), 120)
    timezone = SelectField(_l("Time zone"), choices=options((z, z) for z in TIMEZONES),
                           validators=[chosen()])
    languages = SelectMultipleField(_l("Languages the forum works in"),
                                    choices=options(language_choices()), validators=[chosen()])
    currency = SelectField(_l("Currency"), choices=options((c, c) for c in CURRENCIES),
                           validators=[chosen()])


class NewForumForm(ForumForm):
    slug = StringField(
        _l("Short name for addresses"), filters=[Stripped(), lambda s: s.lower() if s else s],
        validators=[required(), max_length(40),
                    Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                           message=_l("Use only small letters a–z, digits and dashes.")),
                    NoneOf(RESERVED_SLUGS, message=_l("This short name is reserved."))],
        description=_l("Appears in web addresses, for example tetovo or roskovec."))
    secretariat_email = EmailField(
        _l("E-mail of the first secretariat member"), filters=[Stripped()],
        validators=[required(), email_address(), max_length(254)],
        description=_l("They receive an invitation to run the forum."))


TRANSLATABLE = (TranslatableField("name", _l("Name of the forum"), 120),
                TranslatableField("description", _l("What the forum is"), 5000, long=True),
                TranslatableField("municipality", _l("Municipality"), 120))


class InviteForm(Form):
    email = EmailField(_l("E-mail address"), filters=[Stripped()],
                       validators=[required(), email_address(), max_length(254)])
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS), validators=[chosen()])
    organisation = _organisation_field()
    sector = _sector_field()
    language = SelectField(_l("Language of the invitation"), choices=options(language_choices()),
                           validators=[chosen()])


class MemberForm(Form):
    role = SelectField(_l("Role"), choices=options(ROLE_LABELS), validators=[chosen()])
    organisation = _organisation_field()
    sector = _sector_field()


class MembershipForm(Form):
    organisation = _organisation_field()
    sector = _sector_field()
    name_public = BooleanField(
        _l("Show my name on the forum's public page"),
        description=_l("If you leave this off, people see only how many members each sector "
                       "has, not who they are."))


class ConfirmForm(Form):
    """A button that changes something: it carries only the CSRF token."""
