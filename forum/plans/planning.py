"""Writing plans and goals: create and edit a plan, move it through its status, add and edit
goals; and the queries views start from. Each write is audited."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from forum.core import audit, slots
from forum.core.permissions import Role
from forum.extensions import db
from forum.forums.models import Membership
from forum.plans import states
from forum.plans.models import Goal, Measure, Plan
from forum.plans.models.plans import PlanStatus

audit.register_actions({
    "plans.create": _l("Plan created"),
    "plans.edit": _l("Plan changed"),
    "plans.status": _l("Plan status changed"),
    "plans.goal": _l("Plan goal saved"),
    "plans.translate": _l("Plan text translated"),
})

PLAN_FIELDS = ("title", "language", "description", "start_year", "end_year")


def plans_of(forum, role: Role) -> list[Plan]:
    query = select(Plan).where(Plan.forum_id == forum.id)
    if role < Role.SECRETARIAT:
        query = query.where(Plan.status != PlanStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Plan.start_year.desc(), Plan.id)))


def has_plans_to_show(forum, role: Role) -> bool:
    """Whether the forum's "Plans" tab leads anywhere for this reader (the secretariat always:
    it makes the first plan there)."""
    if role >= Role.SECRETARIAT:
        return True
    return bool(slots.forum_fact(forum, "has_public_plans"))



def get_plan(forum, plan_id: int, role: Role, options=()) -> Plan:
    """The plan, or 404 when it is not this forum's or is a draft the reader may not see;
    `options` load more with it."""
    plan = db.session.get(Plan, plan_id, options=list(options))
    if plan is None or plan.forum_id != forum.id or (not plan.is_public
                                                      and role < Role.SECRETARIAT):
        abort(404)
    return plan


def plan_measure(forum, plan_id: int, measure_id: int, role: Role) -> Measure:
    """The measure with its plan, goal, money by year and funding applications, in one query;
    404 as `get_plan` and `get_measure` would answer."""
    measure = db.session.get(Measure, measure_id, options=[
        joinedload(Measure.plan), joinedload(Measure.goal), joinedload(Measure.budgets),
        joinedload(Measure.funding)])
    if measure is None or measure.plan_id != plan_id:
        abort(404)
    plan = measure.plan
    if plan.forum_id != forum.id or (not plan.is_public and role < Role.SECRETARIAT):
        abort(404)
    return measure


def get_goal(plan: Plan, goal_id: int) -> Goal:
    goal = db.session.get(Goal, goal_id)
    if goal is None or goal.plan_id != plan.id:
        abort(404)
    return goal


def get_measure(plan: Plan, measure_id: int) -> Measure:
    measure = db.session.get(Measure, measure_id)
    if measure is None or measure.plan_id != plan.id:
        abort(404)
    return measure


def institutions(forum) -> list[str]:
    """The organisations of the forum's members: who can be responsible for a measure."""
    return list(db.session.scalars(
        select(Membership.organisation).where(Membership.forum_id == forum.id,
                                               Membership.organisation != "")
        .distinct().order_by(Membership.organisation)))


def create_plan(forum, fields: dict) -> Plan:
    plan = Plan(forum_id=forum.id, **{k: fields[k] for k in PLAN_FIELDS})
    db.session.add(plan)
    audit.record("plans.create", target=plan, forum=forum,
                 changes=audit.snapshot(plan, PLAN_FIELDS))
    db.session.commit()
    return plan


def edit_plan(plan: Plan, fields: dict) -> None:
    for name in PLAN_FIELDS:
        setattr(plan, name, fields[name])
    audit.record("plans.edit", target=plan, forum=plan.forum, changes=audit.changes_of(plan))
    db.session.commit()


def move_plan(plan: Plan, status: str, adopted_on=None, adopted_by: str = "") -> None:
    """Move the plan to `status`; adopting needs the date and the body that adopted it."""
    states.check(states.plan_why_not(plan.status, status))
    if status == PlanStatus.ADOPTED and (adopted_on is None or not adopted_by):
        raise states.PlanRuleBroken(_l("Say when the plan was adopted and by which body."))
    if status == PlanStatus.ADOPTED:
        plan.adopted_on, plan.adopted_by = adopted_on, adopted_by
    if status == PlanStatus.DRAFT:
        plan.adopted_on, plan.adopted_by = None, ""
    plan.status = status
    audit.record("plans.status", target=plan, forum=plan.forum, changes=audit.changes_of(plan))
    db.session.commit()


def save_goal(plan: Plan, goal: Goal | None, fields: dict) -> Goal:
    """Add a goal (goal None) or change one; False-y on a number already taken."""
    fields = dict(fields)
    if not fields.get("number"):  # left empty: the next number
        fields["number"] = max((g.number for g in plan.goals if g is not goal), default=0) + 1
    if goal is None:
        goal = Goal(plan_id=plan.id)
        db.session.add(goal)
    for name in ("number", "title", "language", "description"):
        setattr(goal, name, fields[name])
    try:  # recording it flushes the goal: a number already taken is refused there or at commit
        audit.record("plans.goal", target=goal, forum=plan.forum, changes=audit.changes_of(goal))
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise states.PlanRuleBroken(_l("Another goal of this plan has this number.")) from error
    return goal
