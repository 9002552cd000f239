"""Forms of plans: the plan and its status, goals, measures with yearly money, progress updates,
funding applications, indicators and their values, origins, report requests and reports."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from forum.core.forms import (
    Form,
    Subform,
    chosen,
    long_text_field,
    money_field,
    number_range,
    options,
    text_field,
    written_in_field,
)
from forum.plans.models.measures import SOURCE_LABELS

YEARS = (1990, 2100)
BLANK_ROWS = 2


def year_field(label, *, needed: bool = True, **kwargs) -> IntegerField:
    checks = [InputRequired(message=_l("Enter a year like 2026.")) if needed else Optional(),
              number_range(*YEARS)]
    return IntegerField(label, validators=checks, **kwargs)


def date_field(label, *, needed: bool = True, validators=(), **kwargs) -> DateField:
    checks = [InputRequired(message=_l("Enter a date.")) if needed else Optional(), _in_years,
              *validators]
    return DateField(label, validators=checks, **kwargs)


def _in_years(form, field):
    """A date in the years plans are made for (not 1900 or 2200 from a slip of the keyboard)."""
    if field.data and not YEARS[0] <= field.data.year <= YEARS[1]:
        raise ValidationError(_l("Not a valid date value."))


def happened(form, field):
    """The date of something done, measured or adopted: not after today (`form.today`, the
    forum's date, set by the view)."""
    if field.data and field.data > (getattr(form, "today", None) or date.today()):
        raise ValidationError(_l("This date is still to come."))


def to_come(form, field):
    """A date by which something is asked: today or later (`form.today`, set by the view)."""
    if field.data and field.data < (getattr(form, "today", None) or date.today()):
        raise ValidationError(_l("This time is in the past. Choose a date and time that are "
                                 "still to come."))


def value_field(label, **kwargs) -> DecimalField:
    """A measured quantity: a number of zero or more, with at most two decimals."""
    return DecimalField(label, places=None, validators=[
        InputRequired(message=_l("Enter a number, like 12 or 12.5.")),
        _not_negative(), _two_decimals()], **kwargs)


def _not_negative():
    def check(form, field):
        if field.data is not None and field.data < 0:
            raise ValidationError(_l("Enter a number of zero or more."))
    return check


def _two_decimals():
    def check(form, field):
        if field.data is not None and field.data.as_tuple().exponent < -2:
            raise ValidationError(_l("Use at most two decimals."))
    return check


class PlanForm(Form):
    title = text_field(_l("Title"), 200)
    language = written_in_field()
    description = long_text_field(_l("Description"), 20000, needed=False)
    start_year = year_field(_l("First year"))
    end_year = year_field(_l("Last year"))

    def validate_end_year(self, field):
        if self.start_year.data and field.data and field.data < self.start_year.data:
            raise ValidationError(_l("The last year cannot be before the first year."))


class PlanStatusForm(Form):
    status = SelectField(_l("Status"), validators=[chosen()])
    adopted_on = date_field(_l("Adopted on"), needed=False, validators=[happened])
    adopted_by = text_field(_l("Adopted by (which body)"), 200, needed=False,
                            description=_l("For example: the municipal council."))


class GoalForm(Form):
    number = IntegerField(_l("Number"), validators=[Optional(), number_range(1, 99)],
                          description=_l("Leave it empty for the next number."))
    title = text_field(_l("Goal"), 200)
    language = written_in_field()
    description = long_text_field(_l("Description"), 10000, needed=False)


class BudgetRow(Subform):
    year = year_field(_l("Year"), needed=False)
    source = SelectField(_l("Funding source"), choices=options({"": _l("Choose…"),
                                                                **SOURCE_LABELS}))
    budget_line = text_field(_l("Budget line"), 120, needed=False,
                             description=_l("For the municipal budget: the line's code."))
    amount = money_field(_l("Amount"), needed=False)

    def is_blank(self) -> bool:
        return self.year.data is None and self.amount.data is None and not self.source.data


class MeasureForm(Form):
    version = HiddenField()
    goal_id = SelectField(_l("Goal"), coerce=int, validators=[chosen()])
    number = IntegerField(_l("Number within the goal"),
                          validators=[InputRequired(), number_range(1, 99)])
    title = text_field(_l("Measure"), 200)
    language = written_in_field()
    description = long_text_field(_l("Description"), 10000, needed=False)
    institution = SelectField(_l("Responsible institution"), validators=[chosen()])
    partners = text_field(_l("Partners"), 500, needed=False,
                          description=_l("Separate them with commas."))
    starts_on = date_field(_l("Start"))
    ends_on = date_field(_l("End"))
    planned_total = money_field(_l("Planned budget in total"))
    budgets = FieldList(FormField(BudgetRow), label=_l("Planned budget per year"),
                        min_entries=1)
    spent = money_field(_l("Money spent so far"))

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end cannot be before the start."))


class UpdateForm(Form):
    on = date_field(_l("Date"), default=date.today, validators=[happened])
    body = long_text_field(_l("What was done"), 5000)
    language = written_in_field()
    status = SelectField(_l("Status of the measure now"), validators=[chosen()])
    reason = long_text_field(_l("Why (needed when delayed or dropped)"), 2000, needed=False)
    spent = money_field(_l("Money spent so far"), needed=False)


class FundingForm(Form):
    donor = text_field(_l("Donor or programme"), 200)
    amount_asked = money_field(_l("Amount asked"))
    deadline = date_field(_l("Deadline"))


class FundingMoveForm(Form):
    status = SelectField(_l("Status"), validators=[chosen()])
    amount_granted = money_field(_l("Amount granted"), needed=False)


class IndicatorForm(Form):
    attached = SelectField(_l("Indicator of"), validators=[chosen()])
    name = text_field(_l("Indicator"), 200)
    unit = text_field(_l("Unit"), 40, description=_l("For example: families, children, %."))
    language = written_in_field()
    baseline = value_field(_l("Baseline"))
    baseline_year = year_field(_l("Year of the baseline"))
    target = value_field(_l("Target"))
    target_year = year_field(_l("Year of the target"))

    def validate_target_year(self, field):
        if self.baseline_year.data and field.data and field.data < self.baseline_year.data:
            raise ValidationError(_l("The target's year cannot be before the baseline's."))


class ValueForm(Form):
    measured_on = date_field(_l("Measured on"), validators=[happened])
    value = value_field(_l("Value"))
    reported_by = text_field(_l("Reported by"), 160)
    source = text_field(_l("Source"), 300, needed=False,
                        description=_l("Where the number comes from, e.g. a school register."))


class OriginForm(Form):
    origin = text_field(_l("Address of what it came from"), 300,
                        description=_l("Paste the address of the proposal, the decision in "
                                       "published minutes (its “Link to this decision”), or the "
                                       "funded budget item."))


class RequestForm(Form):
    institution = SelectField(_l("Institution"), validators=[chosen()])
    due_on = date_field(_l("Report by"), validators=[to_come])


class ReportForm(Form):
    year = year_field(_l("Year"))


class ReportSummaryForm(Form):
    summary = long_text_field(_l("Summary"), 20000, needed=False)
    language = written_in_field()
