"""A person's cases in their data download and at account deletion, and the deletion of contact
details a configured number of days after a case is closed.

When a person deletes their account, the cases they filed lose everything that points to them
(the account, the contact details, the private link); what they told the desk stays, without a
name, because the desk may still be acting on it."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.core.db import utcnow
from forum.desk.models import Case, DeskSettings, category_label
from forum.desk.states import DONE
from forum.extensions import db

audit.register_actions({"desk.contact_erased": _l("Contact details of a closed case deleted")})

CONTACT = ("contact_name", "contact_email", "contact_phone")


def personal_data(user) -> tuple[str, list]:
    cases = db.session.scalars(select(Case).where(Case.filed_by_id == user.id)
                               .order_by(Case.id)).all()
    return "desk_cases", [{
        "number": c.number, "forum": c.forum.slug, "kind": c.kind,
        "category": category_label(c.category), "description": c.description,
        "happened_on": c.happened_on.isoformat() if c.happened_on else None,
        "place": c.place, "institution": c.institution_text or
        (c.institution.name if c.institution else ""),
        "language": c.language, "status": c.status, "created_at": c.created_at.isoformat(),
        "contact": {"name": c.contact_name, "email": c.contact_email,
                    "phone": c.contact_phone, "channel": c.channel},
        "answers": [{"text": a.text, "at": a.created_at.isoformat()} for a in c.answers],
        "attachments": [a.filename for a in c.attachments],
    } for c in cases]


def _forget_contact(case: Case) -> None:
    for name in CONTACT:
        setattr(case, name, "")
    case.token_hash = None
    case.contact_erased_at = utcnow()


def erase_person(user) -> None:
    for case in db.session.scalars(select(Case).where(Case.filed_by_id == user.id)):
        _forget_contact(case)
        case.filed_by_id = None


def erase_expired_contacts() -> int:
    """Delete the contact details (and the private link) of every case closed longer ago than
    its desk keeps them; returns how many cases."""
    now, count = utcnow(), 0
    query = (select(Case, DeskSettings.keep_contact_days)
             .join(DeskSettings, DeskSettings.forum_id == Case.forum_id)
             .where(Case.status.in_(DONE), Case.closed_at.is_not(None),
                    Case.contact_erased_at.is_(None)))
    for case, keep in db.session.execute(query).all():
        if case.closed_at + timedelta(days=keep) <= now:
            _forget_contact(case)
            audit.record("desk.contact_erased", target=case, forum=case.forum, actor=None)
            count += 1
    db.session.commit()
    return count
