"""The signed-in person and their memberships, read in the query that loads a page's forum.

Flask-Login reads the person when `current_user` is first used. Almost every forum page asks
for its forum before that, so the forum's query also brings the person (by the id in the
session) and their memberships; `load_user` then finds them read and asks nothing more. It
still checks them exactly as before: this saves a query, it decides nothing.
"""

from __future__ import annotations

from flask import g, has_request_context, session
from sqlalchemy import bindparam
from sqlalchemy.orm import lazyload

from forum.core.cleaning import BIGGEST_ID
from forum.extensions import db
from forum.forums.models import Membership


def parse_session_id(session_id) -> tuple[int, int] | None:
    """(user id, session version) from the session's `user:version`, or None if malformed."""
    if not isinstance(session_id, str):
        return None
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit() or int(user_id) > BIGGEST_ID:
        return None
    return int(user_id), int(version)


def pending_user_id() -> int | None:
    """The id of the person this request's session names, while their record is unread."""
    if not has_request_context() or "_login_user" in g or "signed_in_read" in g:
        return None  # Flask-Login keeps the person it loaded in `g._login_user`
    parsed = parse_session_id(session.get("_user_id"))
    return parsed[0] if parsed else None


def join_signed_in(statement, left):
    """`statement`, whose first FROM is `left`, with the person whose id is bound as `user_id`
    (none when it is None) and each of their memberships as the last two entities of a row."""
    from forum.accounts.models import User

    return (statement.add_columns(User, Membership)
            .outerjoin_from(left, User, User.id == bindparam("user_id"))
            .outerjoin_from(User, Membership, Membership.user_id == User.id)
            .options(lazyload(Membership.user)))  # the person of the same row


def rows_with_signed_in(statement, params: dict) -> list:
    """The rows of a `join_signed_in` statement, run for the person still to be read; that
    person (or that there is none) and their memberships are kept for `read_already` and
    `find_membership`. No rows (a page not found) keeps nothing."""
    user_id = pending_user_id()
    rows = db.session.execute(statement, {**params, "user_id": user_id}).unique().all()
    if user_id is None or not rows:
        return rows
    user = rows[0][-2]
    g.signed_in_read = (user_id, user)
    if user is not None:
        remember_memberships(user, (row[-1] for row in rows))
    return rows


def read_already(user_id: int) -> tuple[bool, object]:
    """(True, the person or None) if this request has read that person already."""
    read = g.get("signed_in_read") if has_request_context() else None
    if read is not None and read[0] == user_id:
        return True, read[1]
    return False, None


def remember_memberships(user, memberships) -> None:
    """Every membership the person holds, kept until the request ends or they change."""
    if g:
        g.memberships = {(membership.forum_id, user.id): membership
                         for membership in memberships if membership is not None}
        g.all_memberships_of = user.id
