"""Forms for writing minutes (a section with its decisions and action items), reviewing,
approving, correcting, and following action items."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
)
from wtforms.validators import InputRequired, Optional

from forum.core.forms import (
    Form,
    Subform,
    chosen,
    long_text_field,
    number_range,
    options,
    text_field,
    written_in_field,
)
from forum.minutes.models import ApprovedHow

BLANK_ROWS = 2  # empty decision and action-item rows offered each time a section is edited


def _count(label):
    return IntegerField(label, validators=[Optional(), number_range(0, 100000)])


class DecisionForm(Subform):
    key = HiddenField()
    text = long_text_field(_l("Decision"), 2000, needed=False)
    votes_for = _count(_l("For"))
    votes_against = _count(_l("Against"))
    votes_abstain = _count(_l("Abstained"))
    remove = BooleanField(_l("Remove this decision"))

    def is_blank(self) -> bool:
        return not self.text.data and all(
            f.data is None for f in (self.votes_for, self.votes_against, self.votes_abstain))


class ActionForm(Subform):
    key = HiddenField()
    what = long_text_field(_l("What is to be done"), 1000, needed=False)
    owner = SelectField(_l("Who does it"), validators=[Optional()])
    owner_text = text_field(_l("Or someone else"), 160, needed=False,
                            description=_l("A name or organisation that is not in the list."))
    due_on = DateField(_l("By when"), validators=[Optional()])
    remove = BooleanField(_l("Remove this action item"))

    def is_blank(self) -> bool:
        return not (self.what.data or self.owner.data or self.owner_text.data or self.due_on.data)


class SectionForm(Form):
    base_revision = HiddenField()
    title = text_field(_l("Heading"), 200)
    language = written_in_field()
    summary = long_text_field(
        _l("Summary of the discussion"), 20000, needed=False,
        description=_l("What was said, in short. You can use Markdown: *italic*, **bold**, "
                       "lists and links."))
    decisions = FieldList(FormField(DecisionForm))
    actions = FieldList(FormField(ActionForm))

    def setup(self, owners: list[tuple[str, str]], meeting_day) -> None:
        self.meeting_day = meeting_day
        for entry in self.actions:
            entry.form.owner.choices = options([("", _l("— choose —")), *owners])

    def validate(self, extra_validators=None) -> bool:
        super().validate(extra_validators)
        for entry in self.decisions:
            part = entry.form
            if not part.remove.data and not part.is_blank() and not part.text.data:
                part.text.errors.append(_l("Write the decision, or tick “Remove”."))
        for entry in self.actions:
            self._check_action(entry.form)
        return not self.has_errors()

    def all_fields(self) -> list:
        """Every field with a value a person types, those of the repeated rows included."""
        rows = [field for entry in (*self.decisions, *self.actions) for field in entry.form]
        return [self.title, self.language, self.summary, *rows]

    def has_errors(self) -> bool:
        return any(field.errors for field in self.all_fields())

    def _check_action(self, part: ActionForm) -> None:
        if part.remove.data or part.is_blank():
            return
        if not part.what.data:
            part.what.errors.append(_l("Say what is to be done."))
        if not (part.owner.data or part.owner_text.data):
            part.owner.errors.append(_l("Choose who does it, or write a name below."))
        if part.due_on.data is None and not part.due_on.errors:
            part.due_on.errors.append(_l("Enter the date it is due."))
        elif part.due_on.data is not None and part.due_on.data < self.meeting_day:
            part.due_on.errors.append(_l("The due date cannot be before the session."))


class AddSectionForm(Form):
    title = text_field(_l("Heading of the new section"), 200,
                       description=_l("For a point raised under any other business."))
    language = written_in_field()


class RemoveSectionForm(Form):
    base_revision = HiddenField()
    confirm = HiddenField()  # "yes" only from the question page


class RestoreSectionForm(Form):
    revision = HiddenField()  # the revision the section is taken back from


class CommentForm(Form):
    body = long_text_field(_l("Your comment"), 5000)
    language = written_in_field()
    revision = HiddenField()


HOW_LABELS = {ApprovedHow.SESSION: _l("By the forum, at a later session"),
              ApprovedHow.RULE: _l("By the secretariat, under a rule of the forum")}


class ApproveForm(Form):
    how = RadioField(_l("How were the minutes approved?"), choices=options(HOW_LABELS),
                     validators=[chosen()])
    meeting_id = SelectField(_l("The session that approved them"), coerce=int,
                             validators=[Optional()])
    rule = long_text_field(_l("The rule"), 2000, needed=False,
                           description=_l("For example: the rules of procedure, article 12: "
                                          "the secretariat approves the minutes when no member "
                                          "objects within eight days."))

    confirm = BooleanField(_l("I have read the warnings above and approve the minutes "
                              "anyway."))

    def set_sessions(self, meetings, describe) -> None:
        self.meeting_id.choices = options([(0, _l("— choose —"))]
                                          + [(m.id, describe(m)) for m in meetings])

    def set_ways(self, ways: list[str]) -> None:
        """Offer only the ways of approving possible now."""
        self.how.choices = options({way: HOW_LABELS[way] for way in ways})
        if len(ways) == 1 and not self.how.data:
            self.how.data = ways[0]


class CorrectionForm(Form):
    reason = long_text_field(_l("Why the minutes are corrected"), 2000,
                             description=_l("Everyone can read this reason next to the new "
                                            "version."))
    language = written_in_field()


class DoneForm(Form):
    done_on = DateField(_l("Done on"), validators=[InputRequired(message=_l("Enter a date."))])
    note = long_text_field(_l("Note"), 2000, needed=False,
                           description=_l("For example: what was done, or where to read more."))
    language = written_in_field()
