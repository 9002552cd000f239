"""The minutes blueprint: the published archive, drafts and their review, the workflow, and
action items; it plugs a tab, a forum panel and a session panel into shared pages."""

from __future__ import annotations

from typing import NamedTuple

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from forum.core import slots
from forum.core.permissions import Role
from forum.meetings import states as meeting_states
from forum.meetings.models import Status as MeetingStatus
from forum.minutes import actions, document, drafting, privacy
from forum.minutes.models import STATUS_LABELS, Minutes, Status

bp = Blueprint("minutes", __name__)
OVERDUE_SHOWN = 5


def _actions_panel(forum, role: Role):
    """Open and overdue action items on the forum's page; nothing while there are none."""
    open_count, overdue_count, overdue = actions.first_overdue(forum, role, OVERDUE_SHOWN)
    if not open_count:
        return None
    return {"open": open_count, "overdue": overdue_count, "items": overdue,
            "today": actions.today(forum)}


class Glance(NamedTuple):
    """What a session's page shows of its minutes."""

    id: int
    status: str
    published_version: int | None


def _glance_column(name: str):
    return lambda meeting_model: (select(getattr(Minutes, name))
                                  .where(Minutes.meeting_id == meeting_model.id)
                                  .scalar_subquery())


def _minutes_at_a_glance(meeting) -> Glance | Minutes | None:
    """From the facts loaded with the session for its page, else the minutes themselves."""
    facts = getattr(meeting, "facts", None) or {}
    if "minutes_id" not in facts:
        return drafting.minutes_of(meeting)
    if facts["minutes_id"] is None:
        return None
    return Glance(*(facts[f"minutes_{name}"] for name in Glance._fields))


def _session_panel(meeting, role: Role):
    # Minutes are only ever started for a held session (and a held one stays held).
    minutes = _minutes_at_a_glance(meeting) if meeting.status == MeetingStatus.HELD else None
    if minutes is None and (not meeting_states.is_held(meeting) or role < Role.SECRETARIAT):
        return None
    if minutes is not None and not minutes.published_version and role < Role.MEMBER:
        return None
    return {"minutes": minutes}


# "Minutes" the record, not minutes of time: messages with their own context ("record" is
# one session's minutes, "records" the archive of them).
slots.add_tab(slots.Tab("minutes.archive", LazyString(lambda: pgettext("records", "Minutes")),
                        order=20))
slots.add_panel(slots.Panel("action-items", "minutes/_forum_panel.html", _actions_panel,
                            order=20))
slots.add_meeting_panel(slots.Panel("minutes", "minutes/_session_panel.html", _session_panel,
                                    order=10))
for _name in Glance._fields:
    slots.add_meeting_fact(slots.ForumFact(f"minutes_{_name}", _glance_column(_name)))
slots.add_personal_data(privacy.personal_data)
slots.add_eraser(privacy.erase_person)


@bp.app_template_global()
def minutes_status(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.app_template_global()
def action_owner(action, role: Role) -> str:
    """Who an action item is for. A member's name shows to members of the forum, and to
    everyone only if that member chose to show it; otherwise their organisation."""
    name, organisation = action.owner_name, action.owner_organisation
    if name and (action.owner_name_public or role >= Role.MEMBER):
        return f"{name} ({organisation})" if organisation else name
    return organisation or _("a member of the forum")


@bp.app_template_global()
def revision_label(saved) -> str:
    """What a revision did, in words: "Section saved: Budget", from its stored kind and key."""
    kind, _sep, key = (saved.what or "").partition(":")
    title = (document.find_section(saved.content or {}, key) or {}).get("title", "")
    if kind == "save":
        return _("Section saved: %(title)s", title=title)
    if kind == "add":
        return _("Section added: %(title)s", title=title)
    if kind == "remove":
        return _("A section was removed.")
    if kind == "restore":
        return _("Section restored: %(title)s", title=title)
    return _("Draft made from the agenda and the attendance.")


@bp.app_template_global()
def forum_today(forum):
    return actions.today(forum)


@bp.app_template_global()
def draft_readable(minutes, role: Role) -> bool:
    return role >= Role.SECRETARIAT or (
        role == Role.MEMBER and minutes.status in (Status.REVIEW, Status.APPROVED))


from forum.minutes.views import (  # noqa: E402 - the routes register themselves on bp
    action_pages,
    draft_pages,
    record_pages,
    workflow_pages,
)

__all__ = ["action_pages", "bp", "draft_pages", "record_pages", "workflow_pages"]
