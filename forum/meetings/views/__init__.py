"""The meetings blueprint: session pages, agenda editing, answers, attendance and calendars."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.core import slots
from forum.core.permissions import Role
from forum.core.rendering import fmt_date, fmt_time
from forum.meetings import services
from forum.meetings.models import ACCESSIBILITY_LABELS, KIND_LABELS, PRESENCE_LABELS, STATUS_LABELS

bp = Blueprint("meetings", __name__)


def _next_session_panel(forum, role: Role):
    return {"next_meeting": services.next_meeting(forum, role)}


slots.add_tab(slots.Tab("meetings.forum_list", _l("Sessions"), order=10))
slots.add_panel(slots.Panel("next-session", "meetings/_next_panel.html", _next_session_panel,
                            order=10))
slots.add_personal_data(services.personal_data)
slots.add_eraser(services.erase_person)
slots.add_site_link(slots.Tab("meetings.all_list", _l("Sessions"), order=20))


@bp.app_template_global()
def meeting_when(meeting) -> str:
    """"Thursday, 3 December 2026, 17:00–19:00" in the forum's zone and the reader's language."""
    zone = meeting.forum.timezone
    start_day, end_day = fmt_date(meeting.starts_at, zone, "full"), fmt_date(meeting.ends_at,
                                                                            zone, "full")
    if start_day == end_day:
        return f"{start_day}, {fmt_time(meeting.starts_at, zone)}–{fmt_time(meeting.ends_at, zone)}"
    return (f"{start_day}, {fmt_time(meeting.starts_at, zone)} – "
            f"{end_day}, {fmt_time(meeting.ends_at, zone)}")


@bp.app_template_global()
def meeting_label(kind: str, value: str) -> str:
    table = {"kind": KIND_LABELS, "status": STATUS_LABELS, "presence": PRESENCE_LABELS,
             "access": ACCESSIBILITY_LABELS}[kind]
    return str(table.get(value, value))


from forum.meetings.views import (  # noqa: E402 - the routes register themselves on bp
    agenda_pages,
    attendance_pages,
    calendar_pages,
    session_pages,
)

__all__ = ["agenda_pages", "attendance_pages", "bp", "calendar_pages", "session_pages"]
