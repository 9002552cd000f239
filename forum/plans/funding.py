"""Reminders before funding deadlines: the secretariat and the institution responsible are
e-mailed once per deadline, `REMIND_DAYS` before it, while the application is not yet sent.
A conditional UPDATE claims each reminder, so two workers never send one twice."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update

from forum.core import mail
from forum.core.timezones import local_now
from forum.extensions import db
from forum.forums.models import Forum, MemberRole, Membership
from forum.plans.models import FundingApplication, Measure, Plan
from forum.plans.models.measures import FundingStatus

REMIND_DAYS = 7


def due_reminders() -> list[FundingApplication]:
    """Applications being drafted whose deadline is within `REMIND_DAYS` and not yet past,
    not yet reminded of for this deadline."""
    return list(db.session.scalars(
        select(FundingApplication).where(
            FundingApplication.status == FundingStatus.DRAFTED,
            or_(FundingApplication.reminded_for.is_(None),
                FundingApplication.reminded_for != FundingApplication.deadline))))


def _claim(application: FundingApplication) -> bool:
    moved = db.session.execute(
        update(FundingApplication).where(
            FundingApplication.id == application.id,
            or_(FundingApplication.reminded_for.is_(None),
                FundingApplication.reminded_for != application.deadline))
        .values(reminded_for=application.deadline).execution_options(synchronize_session=False))
    return moved.rowcount == 1


def _recipients(forum: Forum, institution: str) -> list:
    rows = db.session.scalars(select(Membership).where(
        Membership.forum_id == forum.id,
        or_(Membership.role == MemberRole.SECRETARIAT, Membership.organisation == institution)))
    return [m.user for m in rows if m.user.is_active and m.user.email]


def send_due(today: date | None = None) -> int:
    """Send every reminder now due; returns how many applications were reminded of."""
    sent = 0
    for application in due_reminders():
        measure = db.session.get(Measure, application.measure_id)
        plan = db.session.get(Plan, measure.plan_id)
        day = today or local_now(plan.forum.timezone).date()
        if not day <= application.deadline <= day + timedelta(days=REMIND_DAYS):
            continue
        if not _claim(application):
            db.session.rollback()
            continue
        for user in _recipients(plan.forum, measure.institution):
            link = url_for("plans.measure", slug=plan.forum.slug, plan_id=plan.id,
                           measure_id=measure.id, lang=user.language, _external=True)
            mail.queue(user.email, user.language,
                       _l("Funding deadline on %(date)s: %(donor)s",
                          date=application.deadline.isoformat(), donor=application.donor),
                       "email/plan_funding_deadline.txt", user=user, plan=plan,
                       measure=measure, application=application, link=link)
        db.session.commit()
        sent += 1
    return sent
