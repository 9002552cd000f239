"""The secretariat's public answers: under review, accepted onto a session's agenda, merged into
another proposal, or declined with a reason. The author and supporters are told.

Accepting puts the proposal on the chosen session's agenda through `forum.meetings.agenda.add`,
which commits: it is called last, so the answer, the audit entries, the e-mails and the new agenda
item are saved together or not at all.
"""

from __future__ import annotations

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.meetings import agenda
from forum.meetings.models import Meeting
from forum.meetings.models import Status as MeetingStatus
from forum.proposals import notices
from forum.proposals.models import OPEN, Proposal, Status
from forum.proposals.proposing import ProposalRuleBroken, change_status, locked


class Decision(StrEnum):
    REVIEW = "review"
    ACCEPT = "accept"
    MERGE = "merge"
    DECLINE = "decline"


DECISION_LABELS = {
    Decision.REVIEW: _l("Under review: we are looking at it"),
    Decision.ACCEPT: _l("Accept: put it on a session's agenda"),
    Decision.MERGE: _l("Merge it into another proposal on the same topic"),
    Decision.DECLINE: _l("Decline, with a reason"),
}


def decisions_for(proposal: Proposal) -> list[Decision]:
    """What the secretariat can answer now. An accepted proposal whose session was cancelled
    can be accepted again onto another session."""
    if proposal.is_hidden:
        return []
    if proposal.status == Status.SUBMITTED:
        return list(Decision)
    if proposal.status == Status.UNDER_REVIEW:
        return [Decision.ACCEPT, Decision.MERGE, Decision.DECLINE]
    meeting = proposal.scheduled_meeting
    if proposal.status == Status.ACCEPTED and meeting is not None \
            and meeting.status == MeetingStatus.CANCELLED:
        return [Decision.ACCEPT]
    return []


def sessions_to_schedule(forum) -> list[Meeting]:
    """The forum's sessions still to come and going ahead, soonest first."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.forum_id == forum.id, Meeting.starts_at > utcnow(),
                              Meeting.status.in_([MeetingStatus.SCHEDULED,
                                                  MeetingStatus.POSTPONED]))
        .order_by(Meeting.starts_at)))


def merge_candidates(proposal: Proposal, limit: int = 300) -> list[Proposal]:
    """Proposals of the same forum this one can be merged into: visible, not closed another way."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.forum_id == proposal.forum_id,
                               Proposal.id != proposal.id, Proposal.hidden_at.is_(None),
                               Proposal.status.in_([*OPEN, Status.ACCEPTED]))
        .order_by(Proposal.created_at.desc()).limit(limit)))


def _answer(proposal: Proposal, decision: Decision, status: Status, actor, *, text: str,
            language: str, logged: dict | None = None, **links) -> Proposal:
    """Lock the proposal, check the answer still fits, give it its new status and the text that
    explains it (with `links` to a session or proposal), log it and tell the author and
    supporters. The caller commits."""
    proposal = locked(proposal)
    if decision not in decisions_for(proposal):
        raise ProposalRuleBroken(_l("This proposal has changed in the meantime and cannot be "
                                    "answered this way now. Here it is as it is now."))
    before = proposal.status
    event = change_status(proposal, status, actor, text=text, language=language, **links)
    audit.record(f"proposal.{decision.value}", target=proposal, forum=proposal.forum,
                 changes={"status": [before, status.value], **(logged or {})})
    notices.status_changed(proposal, event, skip=actor)
    return proposal


def review(proposal: Proposal, actor, *, text: str, language: str) -> None:
    _answer(proposal, Decision.REVIEW, Status.UNDER_REVIEW, actor, text=text,
            language=language)
    db.session.commit()


def schedulable(meeting: Meeting | None, forum) -> Meeting:
    """The session, if a proposal may still be put on its agenda; otherwise say why not."""
    if meeting is None or meeting.forum_id != forum.id:
        raise ProposalRuleBroken(_l("Choose one of the forum's sessions that are still to "
                                    "come."))
    if meeting.status == MeetingStatus.CANCELLED:
        raise ProposalRuleBroken(_l("This session is cancelled. Choose another session."))
    if meeting.status == MeetingStatus.HELD or meeting.starts_at <= utcnow():
        raise ProposalRuleBroken(_l("This session has already taken place. Choose a session "
                                    "that is still to come."))
    return meeting


def accept(proposal: Proposal, actor, *, meeting_id: int | None, minutes: int, text: str,
           language: str) -> None:
    meeting = schedulable(db.session.get(Meeting, meeting_id) if meeting_id else None,
                          proposal.forum)
    proposal = _answer(proposal, Decision.ACCEPT, Status.ACCEPTED, actor, text=text,
                       language=language, logged={"session": [None, meeting.title]},
                       meeting_id=meeting.id)
    proposal.scheduled_meeting_id = meeting.id
    titles = {lang: {"title": fields["title"]}
              for lang, fields in (proposal.translations or {}).items() if fields.get("title")}
    agenda.add(meeting, title=proposal.title, language=proposal.language, translations=titles,
               duration_minutes=minutes, proposal_id=proposal.id)  # commits all of the above


def merge(proposal: Proposal, actor, *, into_id: int | None, text: str, language: str) -> None:
    target = db.session.get(Proposal, into_id) if into_id else None
    if target is None or target.forum_id != proposal.forum_id or target.id == proposal.id \
            or target.is_hidden or target.status not in (*OPEN, Status.ACCEPTED):
        raise ProposalRuleBroken(_l("Choose a proposal of this forum that is still open or "
                                    "accepted."))
    proposal = _answer(proposal, Decision.MERGE, Status.MERGED, actor, text=text,
                       language=language, logged={"merged_into": [None, target.id]},
                       merged_into_id=target.id)
    proposal.merged_into_id = target.id
    db.session.commit()


def decline(proposal: Proposal, actor, *, text: str, language: str) -> None:
    if not (text or "").strip():
        raise ProposalRuleBroken(_l("Say why the proposal is declined: everyone can read the "
                                    "reason."))
    _answer(proposal, Decision.DECLINE, Status.DECLINED, actor, text=text, language=language)
    db.session.commit()
