"""Progress reports from the institutions: the secretariat asks one institution by a date, its
members get an e-mailed link (a token; only its hash is kept) to a form for that institution's
measures only; requests not answered by their date are late."""

from __future__ import annotations

import hashlib
import secrets

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import with_expression

from forum.core import audit, mail
from forum.extensions import db
from forum.forums.models import Membership
from forum.plans.models import Measure, Plan, ReportRequest

audit.register_actions({"plans.request": _l("Progress report requested")})


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_report(plan, institution: str, due_on) -> tuple[ReportRequest, str]:
    """Ask the institution for a report by `due_on`; mail its members the link. Returns the
    request and its raw token (shown nowhere else)."""
    token = secrets.token_urlsafe(24)
    found = ReportRequest(plan_id=plan.id, institution=institution, due_on=due_on,
                          token_hash=digest(token),
                          requested_by_id=current_user.id if current_user.is_authenticated
                          else None)
    db.session.add(found)
    audit.record("plans.request", target=found, forum=plan.forum,
                 changes=audit.snapshot(found, ("institution", "due_on")))
    people = db.session.scalars(select(Membership).where(
        Membership.forum_id == plan.forum_id, Membership.organisation == institution)).all()
    for membership in people:
        user = membership.user
        if not user.is_active or not user.email:
            continue
        link = url_for("plans.report_home", slug=plan.forum.slug, plan_id=plan.id, token=token,
                       lang=user.language, _external=True)
        mail.queue(user.email, user.language, _l("Progress report asked for: %(plan)s",
                                                 plan=plan.title),
                   "email/plan_report_request.txt", plan=plan, user=user, link=link,
                   due_on=due_on, institution=institution)
    db.session.commit()
    return found, token


def requests_of(plan) -> list[ReportRequest]:
    return list(db.session.scalars(select(ReportRequest).where(
        ReportRequest.plan_id == plan.id).order_by(ReportRequest.due_on.desc(),
                                                   ReportRequest.id.desc())))


def late_count(plan, today) -> int:
    """How many reports asked of the institutions are past their date without an answer."""
    if plan.late_requests is not None:
        return plan.late_requests
    return db.session.scalar(_late_of(plan.id, today)) or 0


def late_requests(today):
    """An option of a plan's query: `late_count` loaded with the plan."""
    return with_expression(Plan.late_requests, _late_of(Plan.id, today).scalar_subquery())


def _late_of(plan_id, today):
    return select(func.count(ReportRequest.id)).where(
        ReportRequest.plan_id == plan_id, ReportRequest.answered_at.is_(None),
        ReportRequest.due_on < today)


def by_token(plan, token: str) -> ReportRequest:
    """The request the link names, or 404 (an unknown or another plan's token)."""
    found = db.session.scalar(select(ReportRequest).where(
        ReportRequest.token_hash == digest(token[:100])))
    if found is None or found.plan_id != plan.id:
        abort(404)
    return found


def measures_for(request: ReportRequest) -> list[Measure]:
    return list(db.session.scalars(select(Measure).where(
        Measure.plan_id == request.plan_id, Measure.institution == request.institution)
        .order_by(Measure.goal_id, Measure.number)))


def measure_for(request: ReportRequest, measure_id: int) -> Measure:
    """One of the institution's measures; another institution's is refused (403)."""
    measure = db.session.get(Measure, measure_id)
    if measure is None or measure.plan_id != request.plan_id:
        abort(404)
    if measure.institution != request.institution:
        abort(403)
    return measure
