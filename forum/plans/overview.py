"""What a plan's public page and open data show: each goal's measures with money planned,
granted and spent, what is done and what is late; counted in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, with_expression
from sqlalchemy.orm.attributes import set_committed_value

from forum.extensions import db
from forum.plans.measures import granted_sum
from forum.plans.models import Goal, Measure
from forum.plans.models.measures import MeasureStatus

CLOSED = (MeasureStatus.DONE, MeasureStatus.DROPPED)


def is_late(measure: Measure, today: date) -> bool:
    """Delayed, or past its end without being done or dropped."""
    return measure.status == MeasureStatus.DELAYED or (
        measure.status not in CLOSED and measure.ends_on < today)


@dataclass
class Overview:
    goals: list[Goal]
    measures: dict[int, list[Measure]]  # by goal id
    granted: dict[int, int]
    planned: int = 0
    spent: int = 0
    granted_total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    late: list[Measure] = field(default_factory=list)

    def all_measures(self) -> list[Measure]:
        return [m for goal in self.goals for m in self.measures.get(goal.id, [])]


def overview(plan, today: date) -> Overview:
    """The plan's goals with their measures, each measure's money by year and what was granted
    to it: one query. The plan's `goals` are set from it, so a template that lists them asks
    nothing more."""
    goals = list(db.session.scalars(
        select(Goal).where(Goal.plan_id == plan.id).order_by(Goal.number)
        .options(joinedload(Goal.measures).options(
            joinedload(Measure.budgets), with_expression(Measure.granted, granted_sum())))
        .execution_options(populate_existing=True)).unique())
    set_committed_value(plan, "goals", goals)
    measures = sorted((m for goal in goals for m in goal.measures if m.plan_id == plan.id),
                      key=lambda m: (m.goal_id, m.number))
    by_goal: dict[int, list[Measure]] = {}
    for measure in measures:
        by_goal.setdefault(measure.goal_id, []).append(measure)
    result = Overview(goals, by_goal, {m.id: int(m.granted) for m in measures
                                       if m.granted is not None})
    for measure in measures:
        result.planned += measure.planned_total
        result.spent += measure.spent
        result.by_status[measure.status] = result.by_status.get(measure.status, 0) + 1
        if is_late(measure, today):
            result.late.append(measure)
    result.granted_total = sum(result.granted.values())
    return result
