"""Forms for proposing, answering, reporting and moderating proposals, and the forum's and a
person's settings for them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, RadioField, SelectField, SelectMultipleField
from wtforms.validators import InputRequired, Optional

from forum.core.forms import (
    Form,
    chosen,
    long_text_field,
    number_range,
    options,
    text_field,
    written_in_field,
)
from forum.core.translations import TranslatableField
from forum.proposals.answers import DECISION_LABELS, Decision
from forum.proposals.models import REPORT_REASON_LABELS

TITLE_LIMIT, DESCRIPTION_LIMIT, ANSWER_LIMIT = 200, 5000, 5000
NO_SESSION = 0


class ProposalForm(Form):
    title = text_field(_l("Title"), TITLE_LIMIT,
                       description=_l("In one sentence: what should the forum talk about?"))
    description = long_text_field(
        _l("Your proposal"), DESCRIPTION_LIMIT,
        description=_l("What is the problem, whom does it touch, and what could be done? "
                       "Everyone can read it, so do not write other people's private details."))
    language = written_in_field()
    groups = SelectMultipleField(_l("Whom does it concern?"), coerce=int,
                                 validators=[Optional()],
                                 description=_l("Tick all that apply, or none."))
    related_meeting_id = SelectField(_l("A session it is meant for (if any)"), coerce=int,
                                     validators=[Optional()], default=NO_SESSION)

    def set_choices(self, groups, meetings) -> None:
        self.groups.choices = options(groups)
        self.related_meeting_id.choices = options(
            [(NO_SESSION, _l("— no particular session —")), *meetings])


class StaffProposalForm(ProposalForm):
    on_behalf_of = text_field(
        _l("Written down for someone who came in person"), 160, needed=False,
        description=_l("Their name, and how to reach them with the answer. Only the "
                       "secretariat sees this; everyone else reads that the secretariat wrote "
                       "it down for a resident."))


class WithdrawForm(Form):
    text = long_text_field(_l("Why you withdraw it (if you want to say)"), 2000, needed=False,
                           description=_l("Everyone can read this."))
    language = written_in_field()


class AnswerForm(Form):
    decision = RadioField(_l("Your answer"), choices=options(DECISION_LABELS),
                          validators=[chosen()])
    meeting_id = SelectField(_l("Session whose agenda it goes on"), coerce=int,
                             validate_choice=False, validators=[Optional()],
                             default=NO_SESSION)
    duration_minutes = IntegerField(_l("Minutes for it on the agenda"), default=15,
                                    validators=[Optional(), number_range(1, 480)])
    merge_into_id = SelectField(_l("Proposal to merge it into"), coerce=int,
                                validate_choice=False, validators=[Optional()],
                                default=NO_SESSION)
    text = long_text_field(
        _l("Public answer"), ANSWER_LIMIT, needed=False,
        description=_l("Everyone can read it, and the author and supporters get it by e-mail. "
                       "It is needed when you decline."))
    language = written_in_field()

    def set_choices(self, decisions, meetings, proposals) -> None:
        self.decision.choices = options((d, DECISION_LABELS[d]) for d in decisions)
        self.meeting_id.choices = options([(NO_SESSION, _l("— choose a session —")),
                                           *meetings])
        self.merge_into_id.choices = options([(NO_SESSION, _l("— choose a proposal —")),
                                              *proposals])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        decision = self.decision.data
        if decision == Decision.ACCEPT and not self.meeting_id.data:
            self.meeting_id.errors.append(_l("Choose the session."))
        if decision == Decision.ACCEPT and not self.duration_minutes.data \
                and not self.duration_minutes.errors:
            self.duration_minutes.errors.append(_l("Enter a number."))
        if decision == Decision.MERGE and not self.merge_into_id.data:
            self.merge_into_id.errors.append(_l("Choose the proposal."))
        if decision == Decision.DECLINE and not self.text.data:
            self.text.errors.append(_l("Say why the proposal is declined: everyone can read "
                                       "the reason."))
        return valid and not any(f.errors for f in (self.meeting_id, self.duration_minutes,
                                                    self.merge_into_id, self.text))


class ReportForm(Form):
    reason = RadioField(_l("What is wrong with it?"), choices=options(REPORT_REASON_LABELS),
                        validators=[chosen()])
    note = text_field(_l("More about it (if you want)"), 500, needed=False,
                      description=_l("Only the secretariat reads this."))


class ModerationForm(Form):
    reason = long_text_field(_l("Reason"), 2000,
                             description=_l("The author is told this reason by e-mail."))
    language = written_in_field()


class SettingsForm(Form):
    answer_days = IntegerField(
        _l("Days the secretariat has to answer a proposal"),
        validators=[InputRequired(message=_l("Enter a number.")), number_range(1, 365)],
        description=_l("Proposals waiting longer are marked as late. Everyone sees by which "
                       "date an answer is due."))


class NewGroupForm(Form):
    name = text_field(_l("Name of the group"), 80)
    language = written_in_field()


class GroupForm(NewGroupForm):
    """Renaming: a standard group may be left without a name of the forum's own."""

    name = text_field(_l("Name of the group"), 80, needed=False)


class NoticeForm(Form):
    own = BooleanField(_l("E-mail me when a proposal I wrote is answered, hidden or shown "
                          "again"))
    supported = BooleanField(_l("E-mail me when a proposal I support is answered"))
    new_ones = BooleanField(_l("E-mail me when someone proposes something in a forum whose "
                               "secretariat I am in"))


PROPOSAL_TEXTS = (TranslatableField("title", _l("Title"), TITLE_LIMIT),
                  TranslatableField("description", _l("Description"), DESCRIPTION_LIMIT,
                                    long=True))
EVENT_TEXTS = (TranslatableField("text", _l("Answer or reason"), ANSWER_LIMIT, long=True),)
GROUP_TEXTS = (TranslatableField("name", _l("Name of the group"), 80),)
