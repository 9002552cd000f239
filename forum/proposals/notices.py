"""E-mails about proposals, each in its recipient's language: a new proposal goes to the forum's
secretariat, a new status to the author and the supporters, hiding and showing again to the
author. Everyone can turn them off."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from forum.accounts.models import User
from forum.core import mail
from forum.extensions import db
from forum.forums.models import MemberRole, Membership
from forum.proposals import deadlines
from forum.proposals.models import EventKind, NoticePreferences, Proposal, ProposalEvent, Support

SUBJECTS = {
    EventKind.UNDER_REVIEW: _l("A proposal is under review"),
    EventKind.ACCEPTED: _l("A proposal is on a session's agenda"),
    EventKind.MERGED: _l("A proposal is merged into another"),
    EventKind.DECLINED: _l("A proposal has been declined"),
    EventKind.WITHDRAWN: _l("A proposal has been withdrawn"),
    EventKind.HIDDEN: _l("Your proposal has been hidden"),
    EventKind.RESTORED: _l("Your proposal can be seen again"),
}


def preferences_of(user) -> NoticePreferences:
    found = db.session.get(NoticePreferences, user.id)
    return found if found is not None else NoticePreferences(user_id=user.id, own=True,
                                                             supported=True, new_ones=True)


def save_preferences(user, *, own: bool, supported: bool, new_ones: bool) -> None:
    preferences = db.session.get(NoticePreferences, user.id) or NoticePreferences(
        user_id=user.id)
    preferences.own, preferences.supported, preferences.new_ones = own, supported, new_ones
    db.session.add(preferences)
    db.session.commit()


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _supporters_who_want_news(proposal: Proposal) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Support, Support.user_id == User.id)
        .outerjoin(NoticePreferences, NoticePreferences.user_id == User.id)
        .where(Support.proposal_id == proposal.id, User.deleted_at.is_(None),
               User.email.is_not(None),
               or_(NoticePreferences.supported.is_(None), NoticePreferences.supported))
        .order_by(User.id)))


def status_changed(proposal: Proposal, event: ProposalEvent, skip=None) -> None:
    """Queue the news to the author and to every supporter who wants it (in the caller's
    transaction); `skip` is the person who made the change."""
    told = {skip.id} if skip is not None else set()
    author = proposal.author
    if _reachable(author) and author.id not in told and preferences_of(author).own:
        _send(author, proposal, event, "email/proposal_status.txt", as_author=True)
    told.add(proposal.author_id)
    for user in _supporters_who_want_news(proposal):
        if user.id not in told:
            _send(user, proposal, event, "email/proposal_status.txt", as_author=False)


def new_proposal(proposal: Proposal) -> None:
    """Tell the forum's secretariat (but not the person who wrote it down) that a proposal
    waits for their answer, and by when."""
    due = deadlines.due_on(proposal, deadlines.settings_of(proposal.forum))
    for user in _secretariat_who_want_news(proposal):
        if user.id == proposal.author_id:
            continue
        link = url_for("proposals.show", slug=proposal.forum.slug, proposal_id=proposal.id,
                       lang=user.language, _external=True)
        settings = url_for("proposals.mine", lang=user.language, _external=True) + "#notices"
        mail.queue(user.email, user.language, _l("A new proposal waits for an answer"),
                   "email/proposal_new.txt", user=user, proposal=proposal, due=due, link=link,
                   settings=settings)


def in_a_secretariat(user) -> bool:
    """Whether the person is in the secretariat of any forum (and so may want new proposals)."""
    return db.session.scalar(select(Membership.id).where(
        Membership.user_id == user.id, Membership.role == MemberRole.SECRETARIAT).limit(1)) \
        is not None


def _secretariat_who_want_news(proposal: Proposal) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .outerjoin(NoticePreferences, NoticePreferences.user_id == User.id)
        .where(Membership.forum_id == proposal.forum_id,
               Membership.role == MemberRole.SECRETARIAT, User.deleted_at.is_(None),
               User.email.is_not(None),
               or_(NoticePreferences.new_ones.is_(None), NoticePreferences.new_ones))
        .order_by(User.id)))


def moderated(proposal: Proposal, event: ProposalEvent) -> None:
    """Tell the author their proposal was hidden or shown again, and why."""
    author = proposal.author
    if _reachable(author) and preferences_of(author).own:
        _send(author, proposal, event, "email/proposal_moderated.txt", as_author=True)


def _send(user, proposal: Proposal, event: ProposalEvent, template: str, *,
          as_author: bool) -> None:
    link = url_for("proposals.show", slug=proposal.forum.slug, proposal_id=proposal.id,
                   lang=user.language, _external=True)
    settings = url_for("proposals.mine", lang=user.language, _external=True) + "#notices"
    mail.queue(user.email, user.language, SUBJECTS[EventKind(event.kind)], template,
               user=user, proposal=proposal, event=event, link=link, settings=settings,
               as_author=as_author)
