"""The reads the proposal pages need: one proposal for a reader, filtered and sorted lists, the
secretariat's queue, and the short lists on a forum's and a session's pages.

Lists fetch proposals in one query and their support counts in one more, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, case, func, select

from forum.core.cleaning import whole_number
from forum.core.permissions import Role
from forum.core.search import query_words
from forum.extensions import db
from forum.proposals.models import OPEN, Proposal, Status, Support, proposal_groups

SORTS = ("newest", "supported", "waiting")
STATUS_FILTERS = ("all", "open", *(s.value for s in Status))
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class Filters:
    """What a reader asked a list for, cleaned: unknown values fall back to the defaults."""

    status: str = "all"
    group: int = 0
    sort: str = "newest"
    text: str = ""

    @classmethod
    def from_args(cls, args, group_ids=()) -> Filters:
        status = args.get("status", "all")
        sort = args.get("sort", "newest")
        group = args.get("group", "")
        return cls(status=status if status in STATUS_FILTERS else "all",
                   group=number if (number := whole_number(group)) in group_ids else 0,
                   sort=sort if sort in SORTS else "newest",
                   text=" ".join((args.get("q") or "").split())[:SEARCH_LIMIT])

    def as_args(self) -> dict:
        """The non-default filters, for links to other pages of the same list."""
        args = {"status": self.status, "group": self.group or None, "sort": self.sort,
                "q": self.text or None}
        defaults = {"status": "all", "sort": "newest"}
        return {k: v for k, v in args.items() if v is not None and defaults.get(k) != v}


def can_see_hidden(proposal: Proposal, role: Role, user) -> bool:
    is_author = getattr(user, "is_authenticated", False) and proposal.author_id == user.id
    return is_author or role >= Role.SECRETARIAT


def get_proposal(forum, proposal_id: int, role: Role, user) -> Proposal:
    """The proposal, if this reader may see it; another forum's or a hidden one is not found."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.forum_id != forum.id:
        abort(404)
    if proposal.is_hidden and not can_see_hidden(proposal, role, user):
        abort(404)
    return proposal


def _support_counts():
    return (select(Support.proposal_id, func.count(Support.id).label("n"))
            .group_by(Support.proposal_id).subquery())


def listing(forum, filters: Filters) -> Select:
    """Visible proposals of a forum (or of every forum), filtered and sorted."""
    query = select(Proposal).where(Proposal.hidden_at.is_(None))
    if forum is not None:
        query = query.where(Proposal.forum_id == forum.id)
    if filters.status == "open":
        query = query.where(Proposal.status.in_(OPEN))
    elif filters.status != "all":
        query = query.where(Proposal.status == filters.status)
    if filters.group:
        query = query.where(Proposal.id.in_(select(proposal_groups.c.proposal_id).where(
            proposal_groups.c.group_id == filters.group)))
    for word in query_words(filters.text or ""):
        query = query.where(Proposal.search_text.contains(word, autoescape=True))
    if filters.sort == "supported":
        counts = _support_counts()
        return query.outerjoin(counts, counts.c.proposal_id == Proposal.id).order_by(
            func.coalesce(counts.c.n, 0).desc(), Proposal.created_at.desc(), Proposal.id.desc())
    if filters.sort == "waiting":
        still_open = case((Proposal.status.in_(OPEN), 0), else_=1)
        return query.order_by(still_open, Proposal.created_at, Proposal.id)
    return query.order_by(Proposal.created_at.desc(), Proposal.id.desc())


def waiting(forum) -> Select:
    """The secretariat's queue: visible proposals without an answer, longest waiting first."""
    return (select(Proposal).where(Proposal.forum_id == forum.id, Proposal.hidden_at.is_(None),
                                   Proposal.status.in_(OPEN))
            .order_by(Proposal.created_at, Proposal.id))


def most_supported_open(forum, limit: int = 5) -> list[Proposal]:
    counts = _support_counts()
    return list(db.session.scalars(
        select(Proposal).outerjoin(counts, counts.c.proposal_id == Proposal.id)
        .where(Proposal.forum_id == forum.id, Proposal.hidden_at.is_(None),
               Proposal.status.in_(OPEN))
        .order_by(func.coalesce(counts.c.n, 0).desc(), Proposal.created_at.desc())
        .limit(limit)))


def on_agenda_of(meeting) -> list[Proposal]:
    """The visible proposals accepted onto this session."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.scheduled_meeting_id == meeting.id,
                               Proposal.status == Status.ACCEPTED,
                               Proposal.hidden_at.is_(None))
        .order_by(Proposal.created_at)))


def waiting_for(meeting) -> list[Proposal]:
    """Open proposals whose authors hope this session will discuss them."""
    return list(db.session.scalars(
        select(Proposal).where(Proposal.related_meeting_id == meeting.id,
                               Proposal.status.in_(OPEN), Proposal.hidden_at.is_(None))
        .order_by(Proposal.created_at)))


def written_by(user, limit: int = 200) -> list[Proposal]:
    """A person's own proposals in every forum, hidden ones included (they may see them)."""
    return list(db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)
                                   .order_by(Proposal.created_at.desc()).limit(limit)))


def supported_by(user, limit: int = 200) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).join(Support, Support.proposal_id == Proposal.id)
        .where(Support.user_id == user.id, Proposal.hidden_at.is_(None))
        .order_by(Support.created_at.desc()).limit(limit)))
