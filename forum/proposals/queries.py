"""The reads the proposal pages need: one proposal for a reader, filtered and sorted lists, the
secretariat's queue, and the short lists on a forum's and a session's pages.

A list fetches its proposals with their support counts (and, where shown, their groups' ids) in
one query, whatever their number.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import Select, String, and_, case, cast, func, or_, select
from sqlalchemy.orm import lazyload
from sqlalchemy.orm.attributes import set_committed_value

from forum.core.cleaning import whole_number
from forum.core.permissions import Role
from forum.core.search import query_words
from forum.extensions import db
from forum.forums.models import Forum
from forum.proposals.deadlines import default_settings
from forum.proposals.models import (
    OPEN,
    Proposal,
    ProposalSettings,
    Status,
    Support,
    TargetGroup,
    proposal_groups,
)

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


def support_count():
    """How many people support the proposal, as a column of a query over proposals."""
    return (select(func.count(Support.id)).where(Support.proposal_id == Proposal.id)
            .correlate(Proposal).scalar_subquery())


def group_ids():
    """The ids of the proposal's groups ("3,5"), as a column of a query over proposals."""
    return (select(func.aggregate_strings(cast(proposal_groups.c.group_id, String), ","))
            .where(proposal_groups.c.proposal_id == Proposal.id)
            .correlate(Proposal).scalar_subquery())


# A forum's proposals are read on that forum's pages, where the forum is in the session already:
# they take it from there rather than join it again.
FORUM_READ = lazyload(Proposal.forum)


def without_groups(query: Select) -> Select:
    """For lists that do not show groups, or take them from `give_groups`."""
    return query.options(lazyload(Proposal.groups))


def give_groups(proposals: list[Proposal], ids: list[str | None],
                forum_groups: list[TargetGroup]) -> None:
    """Set each proposal's groups from the ids that came with it (`group_ids`) and the forum's
    groups already at hand, in the order the relationship keeps (a group of another forum
    leaves that proposal to load its own)."""
    by_id = {group.id: group for group in forum_groups}
    for proposal, found in zip(proposals, ids, strict=True):
        wanted = [int(number) for number in (found or "").split(",") if number]
        if all(number in by_id for number in wanted):
            set_committed_value(proposal, "groups", sorted(
                (by_id[number] for number in wanted), key=lambda g: (g.position, g.id)))


def groups_and_settings(forum) -> tuple[list[TargetGroup], ProposalSettings]:
    """The forum's groups (those it no longer offers too) and its rule for answers, in one
    query that starts from the forum's row, so a forum with neither still answers."""
    rows = db.session.execute(
        select(ProposalSettings, TargetGroup).select_from(Forum)
        .outerjoin(ProposalSettings, ProposalSettings.forum_id == Forum.id)
        .outerjoin(TargetGroup, TargetGroup.forum_id == Forum.id)
        .where(Forum.id == forum.id).order_by(TargetGroup.position, TargetGroup.id)).all()
    settings = rows[0][0] if rows and rows[0][0] is not None else default_settings(forum)
    return [group for _settings, group in rows if group is not None], settings


def _support_counts():
    return (select(Support.proposal_id, func.count(Support.id).label("n"))
            .group_by(Support.proposal_id).subquery())


def listing(forum, filters: Filters) -> Select:
    """Visible proposals of a forum (or of every forum), filtered and sorted."""
    query = select(Proposal).where(Proposal.hidden_at.is_(None))
    if forum is not None:
        query = query.where(Proposal.forum_id == forum.id).options(FORUM_READ)
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
            .options(FORUM_READ)
            .order_by(Proposal.created_at, Proposal.id))


def most_supported_open(forum, limit: int = 5) -> list[tuple[Proposal, int]]:
    """The open proposals most people support, each with its count."""
    counts = _support_counts()
    supporters = func.coalesce(counts.c.n, 0)
    rows = db.session.execute(without_groups(
        select(Proposal, supporters).outerjoin(counts, counts.c.proposal_id == Proposal.id)
        .options(FORUM_READ)
        .where(Proposal.forum_id == forum.id, Proposal.hidden_at.is_(None),
               Proposal.status.in_(OPEN))
        .order_by(supporters.desc(), Proposal.created_at.desc())
        .limit(limit)))
    return [(proposal, n) for proposal, n in rows]


def for_session(meeting) -> tuple[list[Proposal], list[Proposal], dict[int, int]]:
    """The visible proposals accepted onto this session, the open ones whose authors hope it
    will discuss them, and their support counts: one query."""
    accepted = and_(Proposal.scheduled_meeting_id == meeting.id,
                    Proposal.status == Status.ACCEPTED)
    hoping = and_(Proposal.related_meeting_id == meeting.id, Proposal.status.in_(OPEN))
    rows = db.session.execute(without_groups(
        select(Proposal, support_count(), case((accepted, True), else_=False))
        .where(or_(accepted, hoping), Proposal.hidden_at.is_(None))
        .options(FORUM_READ)
        .order_by(Proposal.created_at))).all()
    return ([proposal for proposal, _n, on_agenda in rows if on_agenda],
            [proposal for proposal, _n, on_agenda in rows if not on_agenda],
            {proposal.id: n for proposal, n, _on_agenda in rows})


def written_by(user, limit: int = 200) -> list[Proposal]:
    """A person's own proposals in every forum, hidden ones included (they may see them)."""
    return list(db.session.scalars(select(Proposal).where(Proposal.author_id == user.id)
                                   .order_by(Proposal.created_at.desc()).limit(limit)))


def supported_by(user, limit: int = 200) -> list[Proposal]:
    return list(db.session.scalars(
        select(Proposal).join(Support, Support.proposal_id == Proposal.id)
        .where(Support.user_id == user.id, Proposal.hidden_at.is_(None))
        .order_by(Support.created_at.desc()).limit(limit)))
