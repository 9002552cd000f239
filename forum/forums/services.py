"""Every write to forums and memberships, and the queries the forum views need."""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from datetime import timedelta
from functools import cache

from flask import abort, current_app, g, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError

from forum.core import audit, mail, slots
from forum.core.db import utcnow
from forum.extensions import db
from forum.forums import signed_in
from forum.forums.models import Forum, Invitation, MemberRole, Membership, Sector

audit.register_actions({
    "forum.create": _l("Forum created"),
    "forum.update": _l("Forum details changed"),
    "forum.translate": _l("Forum translation changed"),
    "member.invite": _l("Member invited"),
    "member.update": _l("Member's details changed"),
    "member.remove": _l("Member removed"),
    "invitation.revoke": _l("Invitation withdrawn"),
})

FORUM_FIELDS = ("name", "language", "description", "country", "municipality", "timezone",
                "languages", "currency")


class ForumRuleBroken(Exception):
    """A change refused because of a rule of the forum; the message says which (lazy text)."""


def get_forum(slug: str) -> Forum:
    """The forum, with the facts the areas registered (`slots.add_forum_fact`) and the
    signed-in person if not read yet (`signed_in`), in one query."""
    rows = signed_in.rows_with_signed_in(_forum_by_slug(tuple(slots.FORUM_FACTS)),
                                         {"slug": slug})
    if not rows:
        abort(404)
    slots.attach_facts(rows[0][0], rows[0][1:-2])
    return rows[0][0]


@cache
def _forum_by_slug(fact_names: tuple[str, ...]):
    """The statement, built once for the facts registered (every forum page runs it)."""
    return signed_in.join_signed_in(
        select(Forum, *slots.fact_columns(Forum)).where(Forum.slug == bindparam("slug")), Forum)


def slug_taken(slug: str) -> bool:
    return db.session.scalar(select(Forum.id).where(Forum.slug == slug)) is not None


def list_forums() -> list[tuple[Forum, int]]:
    """Every forum with its number of members, in name order."""
    counts = (select(Membership.forum_id, func.count(Membership.id).label("members"))
              .group_by(Membership.forum_id).subquery())
    rows = db.session.execute(
        select(Forum, func.coalesce(counts.c.members, 0))
        .outerjoin(counts, counts.c.forum_id == Forum.id).order_by(Forum.name))
    return [(forum, members) for forum, members in rows]


def user_with_memberships(user_id: int):
    """The signed-in person, with every forum membership they hold, in one query; the
    memberships are kept for `find_membership` until the request ends or they change."""
    read, user = signed_in.read_already(user_id)
    if read:
        return user
    rows = db.session.execute(_user_with_memberships(), {"user_id": user_id}).all()
    if not rows:
        return None
    user = rows[0][0]
    signed_in.remember_memberships(user, (membership for _user, membership in rows))
    return user


@cache
def _user_with_memberships():
    from forum.accounts.models import User

    return (select(User, Membership).outerjoin(Membership, Membership.user_id == User.id)
            .where(User.id == bindparam("user_id")))


def find_membership(forum: Forum, user) -> Membership | None:
    """The person's membership in this forum, looked up once per request."""
    cache = g.setdefault("memberships", {}) if g else {}
    key = (forum.id, user.id)
    if key not in cache and g and g.get("all_memberships_of") == user.id:
        return None
    if key not in cache:
        cache[key] = db.session.scalar(
            select(Membership).where(Membership.forum_id == forum.id,
                                     Membership.user_id == user.id))
    return cache[key]


def forget_cached_memberships() -> None:
    if g:
        g.pop("memberships", None)
        g.pop("all_memberships_of", None)


def members_by_sector(forum: Forum) -> list[tuple[str, int, list[Membership]]]:
    """(sector, how many, those who made their name public) for every sector with members."""
    rows = db.session.scalars(
        select(Membership).where(Membership.forum_id == forum.id)
        .order_by(Membership.organisation, Membership.id)).all()
    grouped: OrderedDict[str, list[Membership]] = OrderedDict((s.value, []) for s in Sector)
    for membership in rows:
        grouped.setdefault(membership.sector, []).append(membership)
    return [(sector, len(people), [m for m in people if m.name_public])
            for sector, people in grouped.items() if people]


def members(forum: Forum) -> list[Membership]:
    return db.session.scalars(
        select(Membership).where(Membership.forum_id == forum.id)
        .order_by(Membership.role.desc(), Membership.organisation, Membership.id)).all()


def create_forum(slug: str, **fields) -> Forum:
    forum = Forum(slug=slug, **fields)
    db.session.add(forum)
    db.session.flush()
    audit.record("forum.create", target=forum, forum=forum,
                 changes=audit.snapshot(forum, ("slug", *FORUM_FIELDS)))
    db.session.commit()
    return forum


def update_forum(forum: Forum, **fields) -> None:
    for name, value in fields.items():
        setattr(forum, name, value)
    changes = audit.changes_of(forum)
    if changes:
        audit.record("forum.update", target=forum, forum=forum, changes=changes)
    db.session.commit()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite(forum: Forum, email: str, role: str, organisation: str, sector: str,
           language: str) -> Invitation:
    """Store an invitation and e-mail its link, in the language the secretariat chose."""
    token = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_DAYS"]
    invitation = Invitation(forum=forum, email=email.lower(), role=role,
                            organisation=organisation, sector=sector, language=language,
                            token_hash=_token_hash(token), invited_by_id=_actor_id(),
                            expires_at=utcnow() + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    audit.record("member.invite", target=invitation, forum=forum,
                 changes=audit.snapshot(invitation, ("email", "role", "organisation", "sector")))
    link = url_for("forums.invitation", slug=forum.slug, token=token, lang=language,
                   _external=True)
    mail.queue(invitation.email, language, _l("You are invited to a Forum for Social Dialogue"),
               "email/invitation.txt", forum=forum, invitation=invitation, link=link, days=days,
               before_confirmation=True)
    db.session.commit()
    return invitation


def _actor_id() -> int | None:
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None


def pending_invitations(forum: Forum) -> list[Invitation]:
    return db.session.scalars(
        select(Invitation).where(Invitation.forum_id == forum.id,
                                 Invitation.accepted_at.is_(None),
                                 Invitation.revoked_at.is_(None),
                                 Invitation.expires_at > utcnow())
        .order_by(Invitation.created_at.desc())).all()


def revoke_invitation(invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    audit.record("invitation.revoke", target=invitation, forum=invitation.forum)
    db.session.commit()


class InvitationProblem(Exception):
    """The invitation link is unknown, expired, revoked or already used; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def find_invitation(forum: Forum, token: str) -> Invitation:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.forum_id == forum.id,
                                 Invitation.token_hash == _token_hash(token)))
    if invitation is None:
        raise InvitationProblem("unknown")
    if invitation.revoked_at is not None:
        raise InvitationProblem("revoked")
    if invitation.accepted_at is not None:
        raise InvitationProblem("used")
    if invitation.expires_at <= utcnow():
        raise InvitationProblem("expired")
    return invitation


def accept_invitation(invitation: Invitation, user, organisation: str, sector: str,
                      name_public: bool) -> Membership:
    """Join (or, for someone already in, take the invited role); the invitation is spent."""
    membership = find_membership(invitation.forum, user)
    if membership is None:
        membership = Membership(forum=invitation.forum, user_id=user.id)
        db.session.add(membership)
    if invitation.role == MemberRole.SECRETARIAT or membership.role != MemberRole.SECRETARIAT:
        membership.role = invitation.role
    membership.organisation = organisation
    membership.sector = sector
    membership.name_public = name_public
    invitation.accepted_at = utcnow()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise InvitationProblem("used") from None
    forget_cached_memberships()
    return membership


def update_own_membership(membership: Membership, organisation: str, sector: str,
                          name_public: bool) -> None:
    membership.organisation = organisation
    membership.sector = sector
    membership.name_public = name_public
    db.session.commit()


def _secretariat_count(forum: Forum) -> int:
    return db.session.scalar(
        select(func.count(Membership.id)).where(Membership.forum_id == forum.id,
                                                Membership.role == MemberRole.SECRETARIAT))


def _keep_a_secretariat(membership: Membership) -> None:
    if membership.role == MemberRole.SECRETARIAT and _secretariat_count(membership.forum) <= 1:
        raise ForumRuleBroken(_l("A forum needs at least one person in its secretariat. "
                                 "Make someone else secretariat first."))


def leave(membership: Membership) -> None:
    _keep_a_secretariat(membership)
    db.session.delete(membership)
    db.session.commit()
    forget_cached_memberships()


def update_member(membership: Membership, role: str, organisation: str, sector: str) -> None:
    if role != membership.role:
        _keep_a_secretariat(membership)
    membership.role = role
    membership.organisation = organisation
    membership.sector = sector
    changes = audit.changes_of(membership)
    if changes:
        audit.record("member.update", target=membership, forum=membership.forum,
                     changes=changes, label=str(membership.user))
    db.session.commit()
    forget_cached_memberships()


def remove_member(membership: Membership) -> None:
    _keep_a_secretariat(membership)
    audit.record("member.remove", target=membership, forum=membership.forum,
                 label=str(membership.user),
                 changes=audit.snapshot(membership, ("role", "organisation", "sector")))
    db.session.delete(membership)
    db.session.commit()
    forget_cached_memberships()


def personal_data(user) -> tuple[str, list]:
    rows = db.session.scalars(select(Membership).where(Membership.user_id == user.id)).all()
    return "memberships", [
        {"forum": m.forum.slug, "role": m.role, "organisation": m.organisation,
         "sector": m.sector, "name_public": m.name_public, "joined_at": m.joined_at.isoformat()}
        for m in rows]


def erase_person(user) -> None:
    for membership in db.session.scalars(select(Membership).where(Membership.user_id == user.id)):
        db.session.delete(membership)
    if user.email:
        for invitation in db.session.scalars(
                select(Invitation).where(Invitation.email == user.email,
                                         Invitation.accepted_at.is_(None))):
            db.session.delete(invitation)
