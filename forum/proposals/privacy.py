"""What the proposals area holds about a person, for their download, and what goes when they
delete their account: their name leaves their supports and reports (the counts stay), their
e-mail settings go, and their proposals stay, shown as written by a former member. Whom the
secretariat wrote a proposal down for is that visitor's data, not the writer's: it is not in the
download."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from forum.extensions import db
from forum.proposals.models import NoticePreferences, Proposal, Report, Support


def personal_data(user) -> tuple[str, dict]:
    proposals = db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)).all()
    supports = db.session.scalars(select(Support).where(Support.user_id == user.id)).all()
    reports = db.session.scalars(select(Report).where(Report.user_id == user.id)).all()
    preferences = db.session.get(NoticePreferences, user.id)
    return "proposals", {
        "written": [{"id": p.id, "forum": p.forum.slug, "title": p.title,
                     "description": p.description, "language": p.language, "status": p.status,
                     "created_at": p.created_at.isoformat()}
                    for p in proposals],
        "supported": [{"proposal": s.proposal_id, "at": s.created_at.isoformat()}
                      for s in supports],
        "reported": [{"proposal": r.proposal_id, "reason": r.reason, "note": r.note,
                      "at": r.created_at.isoformat()} for r in reports],
        "emails": {"own": preferences.own if preferences else True,
                   "supported": preferences.supported if preferences else True,
                   "new_ones": preferences.new_ones if preferences else True},
    }


def erase_person(user) -> None:
    db.session.execute(update(Support).where(Support.user_id == user.id).values(user_id=None))
    db.session.execute(update(Report).where(Report.user_id == user.id).values(user_id=None))
    db.session.execute(delete(NoticePreferences).where(NoticePreferences.user_id == user.id))
