"""Writing, changing and withdrawing proposals, and the steps of their public history.

Each write is one transaction. A change of status re-reads the proposal under a row lock, so two
people deciding at once (an author withdrawing while the secretariat answers) act one after the
other, and the second sees what the first did.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.proposals import notices
from forum.proposals.models import EventKind, Proposal, ProposalEvent, Status

audit.register_actions({
    "proposal.submit": _l("Proposal entered by the secretariat"),
    "proposal.submit_for": _l("Proposal entered for someone who came in person"),
    "proposal.withdraw": _l("Proposal withdrawn by its author"),
    "proposal.translate": _l("Proposal translation changed"),
    "proposal.review": _l("Proposal taken under review"),
    "proposal.accept": _l("Proposal accepted onto a session's agenda"),
    "proposal.merge": _l("Proposal merged into another"),
    "proposal.decline": _l("Proposal declined"),
    "proposal.answer_translate": _l("Answer translation changed"),
    "proposal.hide": _l("Proposal hidden"),
    "proposal.restore": _l("Proposal shown again"),
    "proposal.reports_closed": _l("Reports about a proposal closed"),
    "proposal.settings": _l("Proposal rules changed"),
    "target_group.add": _l("Group added"),
    "target_group.update": _l("Group renamed"),
    "target_group.retire": _l("Group no longer offered"),
    "target_group.restore": _l("Group offered again"),
    "target_group.translate": _l("Group translation changed"),
})


class ProposalRuleBroken(Exception):
    """A change refused by a rule about proposals; the message says which (lazy text)."""


def submit(forum, author, *, title: str, description: str, language: str, groups,
           related_meeting_id: int | None, on_behalf_of: str = "",
           by_staff: bool = False) -> Proposal:
    """Store a new proposal. The secretariat's entries, and whom they were made for, are
    recorded in the audit log."""
    proposal = Proposal(forum_id=forum.id, author_id=author.id, title=title,
                        description=description, language=language,
                        related_meeting_id=related_meeting_id or None,
                        on_behalf_of=on_behalf_of or "")
    proposal.groups = list(groups)
    db.session.add(proposal)
    db.session.flush()
    if by_staff:
        audit.record("proposal.submit_for" if on_behalf_of else "proposal.submit",
                     target=proposal, forum=forum,
                     changes=audit.snapshot(proposal, ("title", "language", "on_behalf_of")))
    notices.new_proposal(proposal)
    db.session.commit()
    return proposal


def edit(proposal: Proposal, *, title: str, description: str, language: str, groups,
         related_meeting_id: int | None) -> None:
    """The author corrects their proposal, as long as nobody has started on it."""
    if proposal.status != Status.SUBMITTED or proposal.is_hidden:
        raise ProposalRuleBroken(_l("The secretariat has started on this proposal, so it can "
                                    "no longer be changed."))
    proposal.title, proposal.description, proposal.language = title, description, language
    proposal.related_meeting_id = related_meeting_id or None
    proposal.groups = list(groups)
    db.session.commit()


def locked(proposal: Proposal) -> Proposal:
    """The proposal read again under a row lock (on PostgreSQL), with what others committed."""
    return db.session.scalar(
        select(Proposal).where(Proposal.id == proposal.id).with_for_update(of=Proposal)
        .execution_options(populate_existing=True))


def add_event(proposal: Proposal, kind: EventKind, actor, *, text: str = "",
              language: str = "en", **links) -> ProposalEvent:
    event = ProposalEvent(proposal=proposal, kind=kind, text=(text or "").strip(),
                          language=language, actor_id=actor.id if actor else None, **links)
    db.session.add(event)
    db.session.flush()  # so the e-mails about it can follow its links to a session or proposal
    return event


def change_status(proposal: Proposal, status: Status, actor, *, text: str = "",
                  language: str = "en", **links) -> ProposalEvent:
    """Move a proposal to a new status with the text that explains it (in the caller's
    transaction); a final answer closes it."""
    proposal.status = status
    if status not in (Status.SUBMITTED, Status.UNDER_REVIEW):
        proposal.closed_at = utcnow()
    return add_event(proposal, EventKind(status.value), actor, text=text, language=language,
                     **links)


def withdraw(proposal: Proposal, author, *, text: str, language: str) -> None:
    """The author takes their proposal back; its supporters are told."""
    proposal = locked(proposal)
    if not proposal.is_open:
        raise ProposalRuleBroken(_l("This proposal already has an answer, so it can no longer "
                                    "be withdrawn."))
    before = proposal.status
    event = change_status(proposal, Status.WITHDRAWN, author, text=text, language=language)
    audit.record("proposal.withdraw", target=proposal, forum=proposal.forum,
                 changes={"status": [before, Status.WITHDRAWN.value]})
    notices.status_changed(proposal, event, skip=author)
    db.session.commit()
