"""Forms for scheduling sessions, their agenda, answers, attendance and the forum's rules."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    TimeField,
    URLField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from forum.core.forms import (
    Form,
    Stripped,
    chosen,
    long_text_field,
    max_length,
    number_range,
    options,
    text_field,
    written_in_field,
)
from forum.core.translations import TranslatableField
from forum.meetings.models import (
    ACCESSIBILITY_LABELS,
    KIND_LABELS,
    PRESENCE_LABELS,
    VISIBILITY_LABELS,
    Kind,
)

QUORUM_KINDS = {"share": _l("A share of the members (percent)"),
                "count": _l("A number of members"),
                "none": _l("No quorum")}


def _date_field(label):
    return DateField(label, validators=[InputRequired(message=_l("Enter a date."))])


def _time_field(label):
    return TimeField(label, validators=[InputRequired(message=_l("Enter a time, like 17:30."))])


class MeetingForm(Form):
    title = text_field(_l("Title"), 200)
    language = written_in_field()
    description = long_text_field(
        _l("Description"), 10000, needed=False,
        description=_l("What the session is for. You can use Markdown: *italic*, **bold**, "
                       "lists and links."))
    day = _date_field(_l("Date"))
    start = _time_field(_l("Starts at"))
    end = _time_field(_l("Ends at"))
    kind = RadioField(_l("How people take part"), choices=options(KIND_LABELS),
                      validators=[chosen()], default=Kind.IN_PERSON)
    place_name = text_field(_l("Place"), 200, needed=False,
                            description=_l("For example: Town hall, small meeting room."))
    address = text_field(_l("Address"), 300, needed=False)
    accessibility = SelectMultipleField(_l("Accessibility"),
                                        choices=options(ACCESSIBILITY_LABELS),
                                        validators=[Optional()])
    accessibility_notes = long_text_field(
        _l("More about access"), 2000, needed=False,
        description=_l("For example: the entrance at the back has a ramp; "
                       "call the secretariat to arrange transport."))
    online_url = URLField(_l("Link to join online"), filters=[Stripped()],
                          validators=[Optional(), max_length(500)])
    visibility = RadioField(_l("Who can see this session"), choices=options(VISIBILITY_LABELS),
                            validators=[chosen()], default="public")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        kind, link, place = self.kind.data, self.online_url.data, self.place_name.data
        if link and not link.lower().startswith(("https://", "http://")):
            self.online_url.errors.append(_l("Enter a web address starting with https://"))
        elif kind in (Kind.ONLINE, Kind.HYBRID) and not link:
            self.online_url.errors.append(_l("Give the link people use to join online."))
        if kind in (Kind.IN_PERSON, Kind.HYBRID) and not place:
            self.place_name.errors.append(_l("Say where the session takes place."))
        return valid and not (self.online_url.errors or self.place_name.errors)


class CancelForm(Form):
    reason = long_text_field(_l("Why the session is cancelled"), 2000,
                             description=_l("Everyone can read this reason."))
    language = written_in_field()


class AgendaItemForm(Form):
    title = text_field(_l("Title"), 200)
    language = written_in_field()
    description = long_text_field(_l("Description"), 5000, needed=False)
    presenter_id = SelectField(_l("Presented by a member"), coerce=int,
                               validators=[Optional()])
    presenter_text = text_field(_l("Or presented by someone else"), 160, needed=False,
                                description=_l("A name or organisation, if not a member."))
    duration_minutes = IntegerField(_l("Length in minutes"), default=15,
                                    validators=[InputRequired(message=_l("Enter a number.")),
                                                number_range(1, 480)])

    def set_members(self, members) -> None:
        self.presenter_id.choices = options(
            [(0, _l("— nobody chosen —"))] + [(m.user_id, m.user.public_name) for m in members])


class RsvpForm(Form):
    answer = RadioField(_l("Will you come?"), validators=[chosen()],
                        choices=options({"yes": _l("I will come"), "no": _l("I can't come")}))
    note = text_field(_l("Note for the secretariat"), 500, needed=False,
                      description=_l("Only the secretariat sees it. For example: I need "
                                     "Romani interpretation."))


def attendance_form(members) -> type[Form]:
    """A form with one present / excused / absent choice per member, plus guests."""
    fields = {
        f"presence_{m.user_id}": RadioField(m.user.public_name, choices=options(PRESENCE_LABELS),
                                            validators=[chosen()])
        for m in members
    }
    fields["guest_count"] = IntegerField(_l("Guests"), default=0,
                                         validators=[InputRequired(message=_l("Enter a number.")),
                                                     number_range(0, 10000)],
                                         description=_l("People who came but are not members."))
    fields["guest_names"] = long_text_field(
        _l("Guests' names or organisations"), 5000, needed=False,
        description=_l("Only if they agree to be named."))
    return type("AttendanceForm", (Form,), fields)


class SettingsForm(Form):
    quorum_kind = SelectField(_l("Quorum"), choices=options(QUORUM_KINDS), validators=[chosen()])
    quorum_value = IntegerField(_l("How many for a quorum"),
                                validators=[InputRequired(message=_l("Enter a number.")),
                                            number_range(0, 1000)],
                                description=_l("A percent of the members, or a number of "
                                               "members, as chosen above."))
    reminder_hour = SelectField(_l("Send reminders the day before at"), coerce=int,
                                choices=options((h, f"{h:02d}:00") for h in range(24)),
                                validators=[InputRequired()])

    def validate_quorum_value(self, field):
        if self.quorum_kind.data == "share" and not 1 <= (field.data or 0) <= 100:
            raise ValidationError(_l("A share is a percent from 1 to 100."))


MEETING_TEXTS = (TranslatableField("title", _l("Title"), 200),
                 TranslatableField("description", _l("Description"), 10000, long=True),
                 TranslatableField("cancel_reason", _l("Why the session is cancelled"), 2000,
                                   long=True))
AGENDA_TEXTS = (TranslatableField("title", _l("Title"), 200),
                TranslatableField("description", _l("Description"), 5000, long=True))
