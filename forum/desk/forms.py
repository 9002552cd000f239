"""Forms of the desk: filing a case, working it (assign, note, referral, reply, answer, move),
the register of institutions, the desk's settings and staff, and turning a figure into a
proposal."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    MultipleFileField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import InputRequired, Optional

from forum.core.forms import (
    Form,
    Stripped,
    chosen,
    email_address,
    long_text_field,
    max_length,
    number_range,
    options,
    required,
    text_field,
    written_in_field,
)
from forum.core.rendering import fmt_date
from forum.desk.models import (
    CHANNEL_LABELS,
    DEFAULT_CATEGORIES,
    KIND_LABELS,
    STAFF_ROLE_LABELS,
)
from forum.desk.states import MOVE_LABELS
from forum.forums.models import SECTOR_LABELS

DESCRIPTION_LIMIT, NOTE_LIMIT, ANSWER_LIMIT = 8000, 4000, 8000
NONE = 0
DATE_INVALID = _l("Enter a date like 2026-03-31.")


def date_within(field, *, last: date, first: date | None = None) -> bool:
    """False, with a message on the field, for a date after `last` (the forum's today) or
    before `first` (a reply before its referral); an empty field is left to its validators."""
    day = field.data
    if day is None or (day <= last and (first is None or day >= first)):
        return True
    if first is None:
        field.errors = [*field.errors, _("This date cannot be in the future.")]
    else:
        field.errors = [*field.errors, _("Enter a date from %(first)s to %(last)s.",
                                         first=fmt_date(first), last=fmt_date(last))]
    return False


def email_field(label, *, needed: bool = False, **kwargs) -> StringField:
    """An e-mail address box; an empty one is fine unless `needed`."""
    checks = [required() if needed else Optional(), max_length(254), email_address()]
    return StringField(label, validators=checks, filters=[Stripped()], **kwargs)


class CaseForm(Form):
    kind = RadioField(_l("Is it a question or a complaint?"), choices=options(KIND_LABELS),
                      validators=[chosen()], default="inquiry")
    description = long_text_field(
        _l("What happened, or what do you want to know?"), DESCRIPTION_LIMIT,
        description=_l("Write in your own words. Only the desk's staff read it."))
    happened_on = DateField(_l("When did it happen? (if it matters)"), validators=[Optional()],
                            description=_l("A date like 2026-03-31."))
    place = text_field(_l("Where did it happen?"), 200, needed=False)
    institution_id = SelectField(_l("Which institution is it about?"), coerce=int,
                                 validators=[Optional()], default=NONE)
    institution_text = text_field(_l("Or name the institution"), 200, needed=False)
    category = SelectField(_l("What is it about?"), validators=[chosen()])
    groups = SelectMultipleField(_l("Whom does it concern?"), coerce=int,
                                 validators=[Optional()],
                                 description=_l("Tick all that apply, or none."))
    language = written_in_field()
    wants_answer = BooleanField(_l("I want an answer"))
    channel = RadioField(_l("How should the desk answer you?"), choices=options(CHANNEL_LABELS),
                         validators=[Optional()])
    contact_name = text_field(_l("Your name"), 160, needed=False)
    contact_email = email_field(_l("Your e-mail address"))
    contact_phone = text_field(_l("Your phone number"), 40, needed=False)
    consent = BooleanField(_l("The desk may contact me about this case"),
                           description=_l("Your contact details are deleted some time after "
                                          "the case is closed."))
    files = MultipleFileField(_l("Photos or PDFs of letters (optional)"),
                              description=_l("Up to 3 files: JPEG, PNG, WebP or PDF."))

    def set_choices(self, categories, institutions, groups) -> None:
        self.category.choices = options([("", _l("— choose —")), *categories])
        self.institution_id.choices = options([(NONE, _l("— none or not listed —")),
                                               *institutions])
        self.groups.choices = options(groups)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.wants_answer.data:
            self._check_answer_channel()
        return valid and not any(f.errors for f in (self.channel, self.contact_email,
                                                    self.contact_phone, self.consent))

    def _check_answer_channel(self) -> None:
        channel = self.channel.data
        if not channel:
            self.channel.errors.append(_l("Choose how the desk should answer you."))
        elif channel == "email" and not self.contact_email.data:
            self.contact_email.errors.append(_l("Enter the e-mail address for the answer."))
        elif channel == "phone" and not self.contact_phone.data:
            self.contact_phone.errors.append(_l("Enter the phone number for the answer."))
        if not self.consent.data:
            self.consent.errors.append(_l("Tick this box so the desk may contact you with "
                                          "the answer."))


class StaffCaseForm(CaseForm):
    assisted = BooleanField(_l("I am writing this down for someone who came in person or "
                               "called"), default=True)


class AssignForm(Form):
    assignee_id = SelectField(_l("Assigned to"), coerce=int, validators=[Optional()],
                              default=NONE)


class NoteForm(Form):
    text = long_text_field(_l("Internal note"), NOTE_LIMIT,
                           description=_l("Only the desk's staff read notes."))


class ReferralForm(Form):
    version = HiddenField()
    institution_id = SelectField(_l("Institution"), coerce=int, validators=[chosen()])
    referred_on = DateField(_l("Referred on"), validators=[InputRequired(DATE_INVALID)])
    request = long_text_field(_l("What the desk asked of it"), NOTE_LIMIT)


class ReplyForm(Form):
    reply = long_text_field(_l("The institution's reply"), NOTE_LIMIT)
    replied_on = DateField(_l("Replied on"), validators=[InputRequired(DATE_INVALID)])


class AnswerForm(Form):
    version = HiddenField()
    text = long_text_field(_l("Answer to the person"), ANSWER_LIMIT,
                           description=_l("Write in the language the case was filed in."))


class MoveForm(Form):
    version = HiddenField()
    move = SelectField(_l("Change the status"), validators=[chosen()])
    reason = long_text_field(_l("Reason (needed when not admissible)"), NOTE_LIMIT,
                             needed=False)

    def set_choices(self, moves) -> None:
        self.move.choices = options((m, MOVE_LABELS[m]) for m in moves)


class InstitutionForm(Form):
    name = text_field(_l("Name"), 160)
    sector = SelectField(_l("Sector"), choices=options(SECTOR_LABELS), validators=[chosen()],
                         default="other")
    address = text_field(_l("Address"), 240, needed=False)
    contact_person = text_field(_l("Contact person"), 160, needed=False)
    email = email_field(_l("E-mail"))
    phone = text_field(_l("Phone"), 40, needed=False)
    membership_id = SelectField(_l("Member organisation of the forum (if it is one)"),
                                coerce=int, validators=[Optional()], default=NONE)
    retired = BooleanField(_l("No longer used for referrals"))

    def set_choices(self, memberships) -> None:
        self.membership_id.choices = options([(NONE, _l("— not a member —")), *memberships])


class SettingsForm(Form):
    enabled = BooleanField(_l("This forum runs a desk"),
                           description=_l("When on, the desk's page and filing form are open to "
                                          "everyone."))
    response_days = IntegerField(_l("Working days to answer a case"), default=15,
                                 validators=[InputRequired(), number_range(1, 90)])
    keep_contact_days = IntegerField(
        _l("Days to keep contact details after a case is closed"), default=90,
        validators=[InputRequired(), number_range(0, 3650)])
    prefix = text_field(_l("Prefix of case numbers"), 8,
                        description=_l("Two to eight capital letters, like BN."))
    categories = SelectMultipleField(_l("Categories offered"), validators=[required()],
                                     choices=options(DEFAULT_CATEGORIES))

    def validate_prefix(self, field) -> None:
        if not (2 <= len(field.data or "") <= 8 and field.data.isalpha()
                and field.data.isupper() and field.data.isascii()):
            from wtforms.validators import ValidationError

            raise ValidationError(_l("Use two to eight capital letters, like BN."))


class StaffForm(Form):
    email = email_field(_l("E-mail address of the person's account"), needed=True)
    role = RadioField(_l("Role at the desk"), choices=options(STAFF_ROLE_LABELS),
                      validators=[chosen()], default="helper")


class FigureForm(Form):
    figure = SelectField(_l("Figure"), validators=[chosen()])
    note = long_text_field(_l("What the forum should discuss"), 2000, needed=False)

    def set_choices(self, figures) -> None:
        self.figure.choices = options(figures)


