"""What minutes views start with: the forum, the reader's role and the minutes they may read."""

from __future__ import annotations

from flask import abort

from forum.core.permissions import Role, require_role, role_in
from forum.forums.services import get_forum
from forum.minutes import archive, drafting
from forum.minutes.views import draft_readable


def forum_and_role(slug: str):
    forum = get_forum(slug)
    return forum, role_in(forum)


def published_minutes(slug: str, minutes_id: int):
    """(forum, role, minutes) for the published record: 404 for a hidden session."""
    forum, role = forum_and_role(slug)
    minutes = drafting.get_minutes(forum, minutes_id)
    archive.readable(minutes, role)
    return forum, role, minutes


def draft_minutes(slug: str, minutes_id: int):
    """(forum, role, minutes) for the working copy: the secretariat always, members while it is
    in review or approved; others are refused like the page (also for htmx fragments)."""
    forum, role = forum_and_role(slug)
    require_role(forum, Role.MEMBER)
    minutes = drafting.get_minutes(forum, minutes_id)
    if not draft_readable(minutes, role):
        abort(403)
    return forum, role, minutes


def staff_minutes(slug: str, minutes_id: int):
    forum, role = forum_and_role(slug)
    require_role(forum, Role.SECRETARIAT)
    return forum, role, drafting.get_minutes(forum, minutes_id)
