"""Reports of abusive proposals, and the secretariat hiding or showing them again with a reason.

Nothing is deleted: a hidden proposal stays for its author and the secretariat, its history
says who hid it and why, and the author is told.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, literal, select, true, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Forum
from forum.proposals import notices
from forum.proposals.deadlines import default_settings
from forum.proposals.models import EventKind, Proposal, ProposalSettings, Report
from forum.proposals.proposing import ProposalRuleBroken, add_event, locked


def report(proposal: Proposal, user, reason: str, note: str) -> None:
    """One report per person and proposal; reporting again replaces the first one."""
    for _attempt in range(2):
        found = db.session.scalar(select(Report).where(Report.proposal_id == proposal.id,
                                                       Report.user_id == user.id))
        if found is None:
            found = Report(proposal_id=proposal.id, user_id=user.id)
            db.session.add(found)
        found.reason, found.note = reason, note or ""
        found.created_at, found.resolved_at = utcnow(), None
        try:
            db.session.commit()
            return
        except IntegrityError:  # the same person reported twice at once: update that row
            db.session.rollback()
    raise RuntimeError("could not store the report")


def open_reports(proposal: Proposal) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.proposal_id == proposal.id,
                                                        Report.resolved_at.is_(None))
                                   .order_by(Report.created_at)))


def beside_the_queue(forum, limit: int = 100) -> dict:
    """What the secretariat's queue shows beside its list, in one query that starts from the
    forum's row: `reported`, proposals with reports nobody has decided on yet (most reported
    first), with their counts; `hidden`, the hidden proposals (last hidden first), each list cut
    at `limit`; and `settings`, the forum's rule for answers."""
    counts = (select(Report.proposal_id, func.count(Report.id).label("n"))
              .where(Report.resolved_at.is_(None)).group_by(Report.proposal_id).subquery())
    reported = (select(Proposal.id, counts.c.n.label("reports"), literal(0).label("part"),
                       func.row_number().over(order_by=(counts.c.n.desc(), Proposal.created_at))
                       .label("rank"))
                .join(counts, counts.c.proposal_id == Proposal.id)
                .where(Proposal.forum_id == forum.id))
    hidden = (select(Proposal.id, literal(0), literal(1),
                     func.row_number().over(order_by=Proposal.hidden_at.desc()))
              .where(Proposal.forum_id == forum.id, Proposal.hidden_at.is_not(None)))
    parts = union_all(*(select(part.subquery()) for part in (reported, hidden))).subquery()
    shown = select(parts).where(parts.c.rank <= limit).subquery()
    rows = db.session.execute(
        select(ProposalSettings, Proposal, shown.c.reports, shown.c.part).select_from(Forum)
        .outerjoin(ProposalSettings, ProposalSettings.forum_id == Forum.id)
        .outerjoin(shown, true()).outerjoin(Proposal, Proposal.id == shown.c.id)
        .where(Forum.id == forum.id).order_by(shown.c.part, shown.c.rank)
        .options(lazyload(Proposal.groups))).all()
    settings = rows[0][0] if rows[0][0] is not None else default_settings(forum)
    return {"reported": [(proposal, n) for _s, proposal, n, part in rows if part == 0],
            "hidden": [proposal for _s, proposal, _n, part in rows if part == 1],
            "settings": settings}


def _close_reports(proposal: Proposal) -> int:
    return db.session.execute(update(Report).where(Report.proposal_id == proposal.id,
                                                   Report.resolved_at.is_(None))
                              .values(resolved_at=utcnow())).rowcount


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ProposalRuleBroken(_l("Give the reason: the author is told it."))


def hide(proposal: Proposal, actor, *, reason: str, language: str) -> None:
    _require_reason(reason)
    proposal = locked(proposal)
    if proposal.is_hidden:
        raise ProposalRuleBroken(_l("This proposal is already hidden."))
    proposal.hidden_at = utcnow()
    _moderated(proposal, EventKind.HIDDEN, "proposal.hide", actor, reason, language)


def restore(proposal: Proposal, actor, *, reason: str, language: str) -> None:
    _require_reason(reason)
    proposal = locked(proposal)
    if not proposal.is_hidden:
        raise ProposalRuleBroken(_l("This proposal is not hidden."))
    proposal.hidden_at = None
    _moderated(proposal, EventKind.RESTORED, "proposal.restore", actor, reason, language)


def _moderated(proposal: Proposal, kind: EventKind, action: str, actor, reason: str,
               language: str) -> None:
    event = add_event(proposal, kind, actor, text=reason, language=language)
    closed = _close_reports(proposal)
    audit.record(action, target=proposal, forum=proposal.forum,
                 changes={"reason": [None, reason.strip()], "reports_closed": [None, closed]})
    notices.moderated(proposal, event)
    db.session.commit()


def dismiss_reports(proposal: Proposal) -> int:
    """The secretariat looked and keeps the proposal visible: its reports are closed."""
    closed = _close_reports(proposal)
    if closed:
        audit.record("proposal.reports_closed", target=proposal, forum=proposal.forum,
                     changes={"reports_closed": [None, closed]})
    db.session.commit()
    return closed
