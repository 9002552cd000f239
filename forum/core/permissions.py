"""Who may do what in a forum, decided in the view from the reader's role."""

from __future__ import annotations

import enum

from flask import abort, current_app
from flask_login import current_user


class Role(enum.IntEnum):
    """A reader's standing in one forum; a higher role may do all a lower one may."""

    ANONYMOUS = 0
    RESIDENT = 1
    MEMBER = 2
    SECRETARIAT = 3
    ADMIN = 4


def membership_of(forum, user=None):
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False) or forum is None:
        return None
    from forum.forums.services import find_membership

    return find_membership(forum, user)


def role_in(forum, user=None) -> Role:
    user = user if user is not None else current_user
    if not getattr(user, "is_authenticated", False):
        return Role.ANONYMOUS
    if user.is_admin:
        return Role.ADMIN
    membership = membership_of(forum, user)
    if membership is None:
        return Role.RESIDENT
    return Role.SECRETARIAT if membership.role == "secretariat" else Role.MEMBER


def is_staff(forum, user=None) -> bool:
    """Secretariat of this forum, or a site administrator."""
    return role_in(forum, user) >= Role.SECRETARIAT


def require_signed_in() -> None:
    """Send an anonymous reader to sign in (htmx gets `HX-Redirect`), then come back."""
    if not current_user.is_authenticated:
        abort(current_app.login_manager.unauthorized())


def require_role(forum, minimum: Role) -> Role:
    """Stop the request unless the reader has at least `minimum` in this forum."""
    role = role_in(forum)
    if role >= minimum:
        return role
    if role == Role.ANONYMOUS:
        require_signed_in()
    abort(403)


def require_admin() -> None:
    require_signed_in()
    if not current_user.is_admin:
        abort(403)
