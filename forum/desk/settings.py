"""A forum's desk settings: switching it on, its rules and categories, and its staff. Each
write records who made it in the audit log."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.desk import access
from forum.desk.models import DEFAULT_CATEGORIES, DeskSettings, DeskStaff, StaffRole
from forum.desk.states import CaseRuleBroken
from forum.extensions import db

audit.register_actions({
    "desk.settings": _l("Desk settings changed"),
    "desk.staff_add": _l("Desk staff added"),
    "desk.staff_change": _l("Desk staff role changed"),
    "desk.staff_remove": _l("Desk staff removed"),
    "desk.institution_add": _l("Institution added to the desk's register"),
    "desk.institution_change": _l("Institution in the desk's register changed"),
})

SETTING_FIELDS = ("enabled", "response_days", "keep_contact_days", "prefix", "categories")


def default_prefix(forum) -> str:
    letters = [c for c in forum.slug.upper() if c.isalpha()]
    return "".join(letters[:2]) or "DK"


def settings_of(forum) -> DeskSettings:
    """The forum's desk settings; a forum that never set its desk up gets the defaults (unsaved)."""
    settings = db.session.get(DeskSettings, forum.id)
    if settings is None:
        settings = DeskSettings(forum_id=forum.id, enabled=False, response_days=15,
                                keep_contact_days=90, prefix=default_prefix(forum),
                                categories=list(DEFAULT_CATEGORIES))
    return settings


def save_settings(forum, **values) -> DeskSettings:
    settings = settings_of(forum)
    is_new = settings not in db.session
    for name in SETTING_FIELDS:
        setattr(settings, name, values[name])
    db.session.add(settings)
    changes = audit.snapshot(settings, SETTING_FIELDS) if is_new else audit.changes_of(settings)
    audit.record("desk.settings", target=forum, forum=forum, changes=changes)
    db.session.commit()
    return settings


def staff_of(forum) -> list[DeskStaff]:
    """Head first; from the desk as this request found it, when it did."""
    known = access.known_staff(forum)
    if known is not None:
        return list(known)
    return list(db.session.scalars(select(DeskStaff).where(DeskStaff.forum_id == forum.id)
                                   .order_by(DeskStaff.role, DeskStaff.id)))


def set_staff(forum, user, role: str) -> DeskStaff:
    """Add a person to the desk's staff, or change their role."""
    if role not in tuple(StaffRole):
        raise CaseRuleBroken(_l("Choose head or helper."))
    staff = db.session.scalar(select(DeskStaff).where(DeskStaff.forum_id == forum.id,
                                                      DeskStaff.user_id == user.id))
    if staff is None:
        staff = DeskStaff(forum_id=forum.id, user_id=user.id, role=role)
        db.session.add(staff)
        audit.record("desk.staff_add", target=user, forum=forum,
                     changes={"role": [None, role]})
    elif staff.role != role:
        audit.record("desk.staff_change", target=user, forum=forum,
                     changes={"role": [staff.role, role]})
        staff.role = role
    db.session.commit()
    access.forget_staff()
    return staff


def remove_staff(forum, staff: DeskStaff) -> None:
    audit.record("desk.staff_remove", target=staff.user, forum=forum,
                 changes={"role": [staff.role, None]})
    db.session.delete(staff)
    db.session.commit()
    access.forget_staff()
