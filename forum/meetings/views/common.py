"""What every meetings view starts with: the forum, the reader's role, the session."""

from __future__ import annotations

from forum.core.permissions import role_in
from forum.forums.services import get_forum
from forum.meetings.services import get_meeting


def forum_and_role(slug: str):
    forum = get_forum(slug)
    return forum, role_in(forum)


def session_for(slug: str, meeting_id: int, *, with_agenda: bool = False):
    """(forum, role, meeting), with 404 or sign-in for a session the reader may not see."""
    forum, role = forum_and_role(slug)
    return forum, role, get_meeting(forum, meeting_id, role, with_agenda=with_agenda)
