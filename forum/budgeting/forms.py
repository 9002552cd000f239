"""Forms for budget cycles, items, their review and follow-up, paper votes and residents."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from forum.budgeting.models.cycles import BALLOT_KIND_LABELS, TALLY_RULE_LABELS, BallotKind
from forum.budgeting.models.items import WORK_LABELS
from forum.core.forms import (
    Form,
    Stripped,
    chosen,
    email_address,
    long_text_field,
    money_field,
    number_range,
    options,
    text_field,
    ticked,
    written_in_field,
)
from forum.core.forms import max_length as at_most
from forum.core.translations import TranslatableField

TIE_BREAKS = {"cost,votes,id": _l("Lower cost first, then more votes, then the item number"),
              "votes,cost,id": _l("More votes first, then lower cost, then the item number")}
ELIGIBILITY = {"signed_in": _l("Anyone with an account"),
               "verified": _l("Only residents verified by the secretariat")}


def _optional_int(label, low=0, high=100000, **kwargs):
    return IntegerField(label, validators=[Optional(), number_range(low, high)], **kwargs)


class CycleForm(Form):
    title = text_field(_l("Title"), 200)
    language = written_in_field()
    description = long_text_field(_l("Description"), 10000, needed=False,
                                  description=_l("What the money is for and who can take "
                                                 "part. You can use Markdown."))
    budget = money_field(_l("Total budget"))
    collect_until = DateField(_l("Ideas can be proposed until"), validators=[Optional()])
    vote_opens_day = DateField(_l("Voting opens on"), validators=[Optional()])
    vote_opens_time = TimeField(_l("at"), validators=[Optional()])
    vote_closes_day = DateField(_l("Voting closes on"), validators=[Optional()])
    vote_closes_time = TimeField(_l("at"), validators=[Optional()])
    ballot_kind = RadioField(_l("How people vote"), choices=options(BALLOT_KIND_LABELS),
                             validators=[chosen()], default=BallotKind.APPROVAL)
    min_length = _optional_int(_l("Fewest items a voter must choose"), 1, 1000)
    max_length = _optional_int(_l("Most items a voter may choose (or rank)"), 1, 1000)
    within_budget = BooleanField(_l("The items a voter ticks must fit within the budget"))
    max_sum_points = _optional_int(_l("Points each voter can share out"), 1, 100000)
    max_points_per_item = _optional_int(_l("Most points for one item"), 1, 100000)
    points_per_rank = StringField(_l("Points for each place"), filters=[Stripped()],
                                  validators=[Optional(), at_most(60)],
                                  description=_l("For ranking: for example 3, 2, 1 gives the "
                                                 "first place 3 points. Empty: 3, 2, 1 style."))
    tally_rule = SelectField(_l("How the winners are counted"),
                             choices=options(TALLY_RULE_LABELS), validators=[chosen()])
    tie_break = SelectField(_l("When two items are equal"), choices=options(TIE_BREAKS),
                            validators=[chosen()])
    min_score_threshold = _optional_int(_l("Votes an item needs at least"), 0, 10_000_000)
    eligibility = RadioField(_l("Who may vote"), choices=options(ELIGIBILITY),
                             validators=[chosen()], default="signed_in")
    minimum_age = _optional_int(_l("Minimum age"), 1, 120)
    one_area_per_voter = BooleanField(_l("With areas: each voter votes in one area only"),
                                      default=True)

    def validate_points_per_rank(self, field):
        try:
            points = ranks_from_text(field.data)
        except ValueError:
            raise ValidationError(_l("Write whole numbers separated by commas, like 3, 2, 1.")) \
                from None
        if points and points != sorted(points, reverse=True):
            raise ValidationError(_l("Earlier places must get at least as many points."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        low, high = self.min_length.data, self.max_length.data
        if low and high and low > high:
            self.max_length.errors.append(_l("This must be at least the fewest items."))
        if self.ballot_kind.data == BallotKind.CUMULATIVE and not self.max_sum_points.data:
            self.max_sum_points.errors.append(_l("Say how many points each voter can share."))
        if self.tally_rule.data == "greedy-threshold" and not self.min_score_threshold.data:
            self.min_score_threshold.errors.append(_l("Say how many votes an item needs."))
        return valid and not any(f.errors for f in (self.max_length, self.max_sum_points,
                                                    self.min_score_threshold))


class CancelForm(Form):
    reason = long_text_field(_l("Why the vote is cancelled"), 2000,
                             description=_l("Everyone can read this. Say it in plain words, "
                                            "and say what happens next."))
    language = written_in_field()


def ranks_from_text(text: str | None) -> list[int] | None:
    if not text:
        return None
    return [int(part) for part in text.replace(";", ",").split(",") if part.strip()]


class AreaForm(Form):
    name = text_field(_l("Name of the area"), 120,
                      description=_l("A district, or a group the money is meant for."))
    language = written_in_field()
    budget = money_field(_l("Budget of the area"))


class ItemForm(Form):
    title = text_field(_l("Title"), 200)
    language = written_in_field()
    description = long_text_field(_l("What should be done, and for whom"), 5000)
    estimated_cost = money_field(_l("What it may cost"),
                                 description=_l("Your best guess. The municipality checks it."))
    area_id = SelectField(_l("Area"), coerce=int, validators=[Optional()])
    target_groups = SelectMultipleField(_l("Who it is for"), coerce=int, validators=[Optional()],
                                        description=_l("The groups of people it helps most."))
    location = text_field(_l("Where"), 300, needed=False,
                          description=_l("A street, a school, a neighbourhood…"))
    image = FileField(_l("A photo (optional)"),
                      description=_l("JPEG, PNG or WebP. Do not show people's faces without "
                                     "their agreement."))


class OnBehalfForm(ItemForm):
    on_behalf = text_field(_l("Proposed by"), 160,
                           description=_l("The name of the resident who brought the idea in "
                                          "person. It is kept in the audit log."))


class ReviewForm(Form):
    decision = RadioField(_l("Can it be done?"), validators=[chosen()],
                          choices=options({"feasible": _l("Yes, it is feasible"),
                                           "not_feasible": _l("No, it is not feasible")}))
    official_cost = money_field(_l("Official cost"), needed=False)
    reason = long_text_field(_l("Explanation for everyone"), 3000, needed=False,
                             description=_l("Needed when it is not feasible: say why in plain "
                                            "words."))
    language = written_in_field()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.decision.data == "feasible" and self.official_cost.data is None:
            self.official_cost.errors.append(_l("Enter the official cost."))
        if self.decision.data == "not_feasible" and not self.reason.data:
            self.reason.errors.append(_l("Say why it is not feasible."))
        return valid and not (self.official_cost.errors or self.reason.errors)


class MergeForm(Form):
    into = SelectField(_l("Merge into"), coerce=int, validators=[chosen()])


class WorkForm(Form):
    work_status = SelectField(_l("State of the work"), choices=options(WORK_LABELS),
                              validators=[chosen()])
    progress = IntegerField(_l("Done, in percent"), default=0,
                            validators=[InputRequired(message=_l("Enter a number.")),
                                        number_range(0, 100)])
    spent = money_field(_l("Money spent so far"))
    note = long_text_field(_l("Why the work is cancelled"), 2000, needed=False)
    text = long_text_field(_l("News for residents"), 3000, needed=False)
    language = written_in_field()
    photo = FileField(_l("A photo (optional)"))
    photo_alt = text_field(_l("What the photo shows"), 300, needed=False,
                           description=_l("For people who cannot see it."))


class ImportedResidentForm(Form):
    """A line of an imported list that may be a duplicate, sent back with a decision."""

    full_name = text_field(_l("Name"), 160)
    birth_year = _optional_int(_l("Year of birth"), 1900, 2100)
    neighbourhood = text_field(_l("Neighbourhood or village"), 120, needed=False)
    document_tail = text_field(_l("Last 4 digits of the identity document"), 12, needed=False)
    email = StringField(_l("E-mail address (to contact them; it does not link an account)"),
                        filters=[Stripped()],
                        validators=[Optional(), email_address(), at_most(254)])
    reason = text_field(_l("Why this is a different person"), 300, needed=False)


class ResidentForm(ImportedResidentForm):
    seen = BooleanField(_l("I checked in person that this person lives in the municipality"),
                        validators=[ticked()])


class RegisterSearchForm(Form):
    q = text_field(_l("Find a person"), 100, needed=False,
                   description=_l("Name, year of birth, neighbourhood or document digits."))


class LinkCodeForm(Form):
    code = text_field(_l("Code from the secretariat"), 20,
                      description=_l("For example 7K3M-Q9RT."))


class FileForm(Form):
    file = FileField(_l("File (CSV)"))


class PaperVoterForm(Form):
    resident = IntegerField(_l("Resident who voted on paper"), validators=[chosen()])
    area = SelectField(_l("Area"), coerce=int, validators=[Optional()])


class VoidForm(Form):
    number = text_field(_l("Ballot number"), 40)
    reason = text_field(_l("Why it is taken out"), 300,
                        description=_l("For example: typed with the wrong items."))


class PaperBallotForm(Form):
    number = text_field(_l("Ballot number"), 40,
                        description=_l("The number printed or written on the ballot."))
    area = SelectField(_l("Area"), coerce=int, validators=[Optional()])


class ReceiptForm(Form):
    code = text_field(_l("Receipt code"), 40, description=_l("For example ABCD-EFGH-JKMN."))


class BallotReceiptForm(Form):
    receipt = text_field(_l("Your receipt code"), 40, needed=False,
                         description=_l("To change your ballot on this phone or computer, type "
                                        "the code you got when you voted."))


CYCLE_TEXTS = (TranslatableField("title", _l("Title"), 200),
               TranslatableField("description", _l("Description"), 10000, long=True))
ITEM_TEXTS = (TranslatableField("title", _l("Title"), 200),
              TranslatableField("description", _l("What should be done, and for whom"), 5000,
                                long=True),
              TranslatableField("feasibility_reason", _l("Explanation for everyone"), 3000,
                                long=True),
              TranslatableField("work_note", _l("Why the work is cancelled"), 2000, long=True))


class PbFileForm(Form):
    file = FileField(_l("File (.pb)"))
