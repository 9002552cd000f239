"""Supporting a proposal and taking the support back: once per person, enforced by the database.

Two requests from the same person at once both try to insert; the unique constraint lets one
through and the other finds the support already there, so the count is never doubled.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forum.extensions import db
from forum.proposals.models import Proposal, Support
from forum.proposals.proposing import ProposalRuleBroken


def count(proposal: Proposal) -> int:
    return db.session.scalar(select(func.count(Support.id))
                             .where(Support.proposal_id == proposal.id)) or 0


def counts_for(proposal_ids) -> dict[int, int]:
    ids = list(proposal_ids)
    if not ids:
        return {}
    rows = db.session.execute(select(Support.proposal_id, func.count(Support.id))
                              .where(Support.proposal_id.in_(ids))
                              .group_by(Support.proposal_id))
    return dict(rows.all())


def has_supported(proposal: Proposal, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(Support.id).where(Support.proposal_id == proposal.id,
                                                      Support.user_id == user.id)) is not None


def _check_open(proposal: Proposal) -> None:
    if proposal.is_hidden:
        raise ProposalRuleBroken(_l("This proposal is hidden, so it cannot be supported."))
    if not proposal.is_open:
        raise ProposalRuleBroken(_l("This proposal already has an answer, so supports can no "
                                    "longer change."))


def is_own(proposal: Proposal, user) -> bool:
    """Support shows what others want: the author's own does not count."""
    return getattr(user, "is_authenticated", False) and proposal.author_id == user.id


def support(proposal: Proposal, user) -> bool:
    """Add the person's support; False when they already support it."""
    _check_open(proposal)
    if is_own(proposal, user):
        raise ProposalRuleBroken(_l("You wrote this proposal, so you cannot support it. "
                                    "Other people can."))
    db.session.add(Support(proposal_id=proposal.id, user_id=user.id))
    try:
        db.session.commit()
    except IntegrityError:  # already there, perhaps from a second click at the same moment
        db.session.rollback()
        return False
    return True


def withdraw(proposal: Proposal, user) -> bool:
    """Take the person's support back; False when there was none."""
    _check_open(proposal)
    removed = db.session.execute(delete(Support).where(Support.proposal_id == proposal.id,
                                                       Support.user_id == user.id))
    db.session.commit()
    return removed.rowcount > 0
