"""Writing measures: saving one (refused when someone else saved it since the form was opened),
its status, progress updates and funding applications. Money is in minor units throughout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.plans import states
from forum.plans.models import FundingApplication, Measure, MeasureBudget, ProgressUpdate
from forum.plans.models.measures import FundingStatus
from forum.plans.states import PlanRuleBroken

audit.register_actions({
    "plans.measure": _l("Plan measure saved"),
    "plans.update": _l("Progress update added"),
    "plans.funding": _l("Funding application saved"),
})

MEASURE_FIELDS = ("goal_id", "number", "title", "language", "description", "institution",
                  "partners", "starts_on", "ends_on", "planned_total", "spent")


@dataclass
class Conflict(Exception):
    """Someone else saved the measure since the form was opened: the measure as it is now."""

    measure: Measure


def _actor_id() -> int | None:
    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def budget_problem(plan, total: int, rows: list[dict]):
    """Why the yearly budgets do not fit the measure (lazy text), or None."""
    for row in rows:
        if row["year"] not in plan.years:
            return _l("Every year must be within the plan's period (%(start)d–%(end)d).",
                      start=plan.start_year, end=plan.end_year)
    if len({(r["year"], r["source"]) for r in rows}) != len(rows):
        return _l("Each year and source may appear only once.")
    if sum(r["amount"] for r in rows) != total:
        return _l("The yearly amounts must add up to the planned total.")
    return None


def _claim(measure: Measure, base: int) -> None:
    """Move the version on from `base`, or `Conflict` when it is no longer `base`."""
    if base != measure.version:
        raise Conflict(measure)
    moved = db.session.execute(
        update(Measure).where(Measure.id == measure.id, Measure.version == base)
        .values(version=base + 1).execution_options(synchronize_session=False))
    if moved.rowcount != 1:
        db.session.rollback()
        raise Conflict(measure)
    measure.version = base + 1


def save_measure(plan, measure: Measure | None, base: int, fields: dict,
                 budgets: list[dict]) -> Measure:
    """Create a measure (measure None) or change one seen at version `base`."""
    problem = budget_problem(plan, fields["planned_total"], budgets)
    if problem is not None:
        raise PlanRuleBroken(problem)
    if measure is None:
        measure = Measure(plan_id=plan.id, version=1)
        db.session.add(measure)
    else:
        _claim(measure, base)
    for name in MEASURE_FIELDS:
        setattr(measure, name, fields[name])
    measure.updated_by_id = _actor_id()
    measure.updated_at = utcnow()
    changes = audit.changes_of(measure)
    measure.budgets = []
    try:  # a number another measure of the goal has is refused at a flush or at the commit
        db.session.flush()  # the old rows go before the new ones come (one per year and source)
        measure.budgets = [MeasureBudget(**row) for row in budgets]
        audit.record("plans.measure", target=measure, forum=plan.forum,
                     changes={**changes, "budgets": [None, budgets]})
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise PlanRuleBroken(_l("Another measure of this goal has this number.")) from error
    return measure


def _apply_status(measure: Measure, status: str, reason: str, language: str) -> None:
    if status != measure.status or reason:
        if reason and language != measure.language:
            measure.set_translation(language, status_reason=reason)
        measure.status_reason = reason
    measure.status = status


def add_update(measure: Measure, fields: dict, *, reported_by: str = "", request=None,
               staff: bool = True) -> ProgressUpdate:
    """A dated progress note; it may move the measure's status and the money spent."""
    status, reason = fields["status"], fields.get("reason", "")
    states.check(states.measure_why_not(measure.status, status, reason))
    update_row = ProgressUpdate(measure_id=measure.id, on=fields["on"], body=fields["body"],
                                language=fields["language"], status=status,
                                spent=fields.get("spent"), author_id=_actor_id(),
                                reported_by=reported_by or measure.institution,
                                request_id=request.id if request else None)
    db.session.add(update_row)
    if request is not None and request.answered_at is None:
        request.answered_at = utcnow()
    _apply_status(measure, status, reason, fields["language"])
    if fields.get("spent") is not None:
        measure.spent = fields["spent"]
    measure.version += 1
    if staff:
        audit.record("plans.update", target=measure, forum=measure.plan.forum,
                     changes=audit.changes_of(measure, ("status", "spent")))
    db.session.commit()
    return update_row


def updates_of(measure: Measure) -> list[ProgressUpdate]:
    return list(db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.measure_id == measure.id).order_by(ProgressUpdate.on.desc(),
                                                          ProgressUpdate.id.desc())))


def add_funding(measure: Measure, donor: str, amount_asked: int, deadline: date):
    application = FundingApplication(measure_id=measure.id, donor=donor,
                                     amount_asked=amount_asked, deadline=deadline)
    db.session.add(application)
    audit.record("plans.funding", target=application, forum=measure.plan.forum,
                 changes=audit.snapshot(application, ("donor", "amount_asked", "deadline")))
    db.session.commit()
    return application


def move_funding(application: FundingApplication, status: str, granted: int | None) -> None:
    states.check(states.funding_why_not(application.status, status))
    if status == FundingStatus.GRANTED and not granted:
        raise PlanRuleBroken(_l("Enter the amount granted."))
    if status == FundingStatus.GRANTED and granted > application.amount_asked:
        raise PlanRuleBroken(_l("The amount granted cannot be more than the amount asked."))
    application.status = status
    application.amount_granted = granted if status == FundingStatus.GRANTED else None
    audit.record("plans.funding", target=application, forum=application.measure.plan.forum,
                 changes=audit.changes_of(application))
    db.session.commit()


def granted_sum():
    """Money granted by a measure's funding applications (counted in its budget), as a column
    of a query over measures."""
    return (select(func.sum(FundingApplication.amount_granted))
            .where(FundingApplication.measure_id == Measure.id,
                   FundingApplication.status == FundingStatus.GRANTED)
            .correlate(Measure).scalar_subquery())


def granted_of(funding: list[FundingApplication]) -> int:
    """Money granted by these applications, counted as `granted_sum` counts it."""
    return sum(f.amount_granted or 0 for f in funding if f.status == FundingStatus.GRANTED)
