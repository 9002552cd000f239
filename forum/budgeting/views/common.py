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


def cycle_for(slug: str, cycle_id: int, *, with_areas: bool = False):
    """(forum, role, cycle). Reading never closes a vote: the worker does, at its time."""
    forum, role = forum_and_role(slug)
    return forum, role, get_cycle(forum, cycle_id, with_areas=with_areas)


def moment(day_field, time_field, zone: str):
    """A UTC moment from a local date and time, or None (with an error on the day when one
    half is missing, on the time when it does not exist)."""
    from flask_babel import gettext as _

    day, at = day_field.data, time_field.data
    if not day and not at:
        return None
    if not at:  # on the day: "at" alone would not say which time is missing
        day_field.errors.append(_("Give the time as well as the day."))
        return None
    if not day:
        day_field.errors.append(_("Give the day as well as the time."))
        return None
    try:
        return to_utc(day, at, zone)
    except NonexistentLocalTime:
        time_field.errors.append(_("The clocks change that night: this time does not exist on "
                                   "that day. Choose another time."))
        return None


def local_parts(value, zone: str):
    if value is None:
        return None, None
    local = to_local(value, zone)
    return local.date(), local.time()
