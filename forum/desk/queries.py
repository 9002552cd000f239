"""What the desk's pages read: the staff queue with its filters, a person's own cases, and how
long a case has waited and whether it is late."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from forum.core.cleaning import whole_number
from forum.core.timezones import local_now, to_local
from forum.desk.models import Answer, Attachment, Case, CaseOpen, Note, Referral, StaffRole
from forum.desk.states import OPEN, Status
from forum.extensions import db

ALL, UNASSIGNED, MINE = "all", "none", "me"


def today_of(forum) -> date:
    return local_now(forum.timezone).date()


def filed_on(case: Case) -> date:
    """The forum's calendar day the case was filed on."""
    return to_local(case.created_at, case.forum.timezone).date()


def age_in_days(case: Case, today: date) -> int:
    return (today - case.created_at.date()).days


def is_overdue(case: Case, today: date) -> bool:
    """Still waiting for its answer after its due date."""
    return case.status in OPEN and today > case.due_on


def queue(forum, role: str, user, *, status: str = "open", assignee: str = ALL) -> list[Case]:
    """The desk's cases, oldest due first; a helper does not see sensitive cases of others."""
    query = select(Case).where(Case.forum_id == forum.id)
    if status == "open":
        query = query.where(Case.status.in_(OPEN))
    elif status in tuple(Status):
        query = query.where(Case.status == status)
    if assignee == UNASSIGNED:
        query = query.where(Case.assignee_id.is_(None))
    elif assignee == MINE:
        query = query.where(Case.assignee_id == user.id)
    elif (person := whole_number(assignee)) is not None:
        query = query.where(Case.assignee_id == person)
    if role != StaffRole.HEAD:
        query = query.where(or_(Case.sensitive.is_(False), Case.assignee_id == user.id))
    return list(db.session.scalars(query.order_by(Case.due_on, Case.id).limit(500)))


def case_page():
    """Loader options for everything a case's page shows: the case with its institution and
    files (not their bytes) in one query, then one query for each of its answers, referrals,
    notes and opens, each with its author or institution."""
    return (joinedload(Case.institution), joinedload(Case.attachments).defer(Attachment.data),
            selectinload(Case.answers).joinedload(Answer.author),
            selectinload(Case.referrals).joinedload(Referral.institution),
            selectinload(Case.notes).joinedload(Note.author),
            selectinload(Case.opens).joinedload(CaseOpen.user))


def cases_of(user) -> list[Case]:
    """The cases a person filed from their account, newest first."""
    return list(db.session.scalars(select(Case).where(Case.filed_by_id == user.id)
                                   .order_by(Case.created_at.desc())))


def own_case(user, case_id: int) -> Case | None:
    case = db.session.get(Case, case_id)
    return case if case is not None and case.filed_by_id == user.id else None
