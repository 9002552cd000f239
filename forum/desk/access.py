"""Who may do what at a forum's desk: its staff (head and helpers) work cases; the head, the
forum's secretariat and administrators manage the desk; the person who filed a case follows it.

The forum's secretariat does not see cases by being the secretariat: a case is confidential to
the desk's staff and the person who filed it."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user
from sqlalchemy import select

from forum.core.permissions import Role, require_signed_in, role_in
from forum.desk.models import Case, DeskSettings, DeskStaff, StaffRole
from forum.extensions import db


def known_staff(forum) -> list[DeskStaff] | None:
    """The desk's staff (head first) as `running_desk` found them in this request, or None."""
    return g.get("desk_staff", {}).get(forum.id) if g else None


def forget_staff() -> None:
    """After a change of staff, the next look-up asks the database again."""
    if g:
        g.pop("desk_staff", None)


def staff_role(forum, user=None) -> str | None:
    """'head', 'helper', or None for someone who does not work this forum's desk."""
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return None
    staff = known_staff(forum)
    if staff is not None:
        return next((s.role for s in staff if s.user_id == user.id), None)
    return db.session.scalar(select(DeskStaff.role).where(DeskStaff.forum_id == forum.id,
                                                          DeskStaff.user_id == user.id))


def may_manage(forum, user=None) -> bool:
    """The desk's head, the forum's secretariat and administrators set the desk up."""
    return role_in(forum, user) >= Role.SECRETARIAT or staff_role(forum, user) == StaffRole.HEAD


def require_manager(forum) -> None:
    require_signed_in()
    if not may_manage(forum):
        abort(403)


def require_staff(forum) -> str:
    """The reader's role at the desk; others are stopped (403, or sent to sign in)."""
    require_signed_in()
    role = staff_role(forum)
    if role is None:
        abort(403)
    return role


def may_see(case: Case, role: str | None, user=None) -> bool:
    """Staff see the desk's cases, except that a sensitive one shows only to the head and the
    helper it is assigned to."""
    user = user if user is not None else current_user
    if role is None:
        return False
    return role == StaffRole.HEAD or not case.sensitive or case.assignee_id == user.id


def staff_case(forum, case_id: int, *, options=()) -> tuple[str, Case]:
    """(role, case) for the desk's staff; a case of another forum, or one hidden from this
    helper, is not found (404). `options` load what the page shows along with it."""
    role = require_staff(forum)
    case = db.session.get(Case, case_id, options=list(options))
    if case is None or case.forum_id != forum.id or not may_see(case, role):
        abort(404)
    return role, case


def running_desk(forum) -> DeskSettings:
    """The desk's settings, when the forum runs one; else the desk is not found (404). Its staff
    (with their accounts) come in the same query and are kept for the request."""
    rows = db.session.execute(
        select(DeskSettings, DeskStaff)
        .outerjoin(DeskStaff, DeskStaff.forum_id == DeskSettings.forum_id)
        .where(DeskSettings.forum_id == forum.id).order_by(DeskStaff.role, DeskStaff.id)).all()
    settings = rows[0][0] if rows else None
    if settings is None or not settings.enabled:
        abort(404)
    if g:
        g.setdefault("desk_staff", {})[forum.id] = [staff for _s, staff in rows
                                                    if staff is not None]
    return settings
