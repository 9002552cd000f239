"""The meetings blueprint: session pages, agenda editing, answers, attendance and calendars."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.core import slots
from forum.core.permissions import Role
from forum.meetings import display, services, states
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


bp.add_app_template_global(display.meeting_when, "meeting_when")
bp.add_app_template_global(display.meeting_moment, "meeting_moment")
bp.add_app_template_global(states.next_step, "meeting_next_step")
bp.add_app_template_global(states.moves_now, "meeting_moves")
bp.add_app_template_global(states.why_not, "meeting_why_not")


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
