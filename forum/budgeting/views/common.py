"""What every budgeting view starts with: the forum, the reader's role, the cycle, and the
time fields typed in the forum's zone."""

from __future__ import annotations

from forum.budgeting.cycles import get_cycle
from forum.core.permissions import role_in
from forum.core.timezones import NonexistentLocalTime, to_local, to_utc
from forum.forums.services import get_forum


def forum_and_role(slug: str):
    forum = get_forum(slug)
    return forum, role_in(forum)


def cycle_for(slug: str, cycle_id: int):
    """(forum, role, cycle). Reading never closes a vote: the worker does, at its time."""
    forum, role = forum_and_role(slug)
    return forum, role, get_cycle(forum, cycle_id)


def moment(day, at, zone: str, field):
    """A UTC moment from a local date and time, or None (with an error on `field`)."""
    if not day or not at:
        return None
    try:
        return to_utc(day, at, zone)
    except NonexistentLocalTime:
        from flask_babel import gettext as _

        field.errors.append(_("The clocks change that night: this time does not exist on "
                              "that day. Choose another time."))
        return None


def local_parts(value, zone: str):
    if value is None:
        return None, None
    local = to_local(value, zone)
    return local.date(), local.time()
