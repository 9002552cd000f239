"""The proposals blueprint: lists, proposing, supporting, answering, moderating and settings;
and what it adds to a forum's home, a session's page, the site menu and a person's data."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.core import slots
from forum.core.permissions import Role
from forum.proposals import deadlines, privacy, queries, supports
from forum.proposals.models import EVENT_LABELS, REPORT_REASON_LABELS, STATUS_LABELS

bp = Blueprint("proposals", __name__)


def _home_panel(forum, role: Role) -> dict:
    proposals = queries.most_supported_open(forum)
    return {"proposals": proposals, "counts": supports.counts_for(p.id for p in proposals)}


def _session_panel(meeting, role: Role) -> dict | None:
    accepted, hoping = queries.on_agenda_of(meeting), queries.waiting_for(meeting)
    if not (accepted or hoping or meeting.is_open):
        return None
    return {"accepted": accepted, "hoping": hoping,
            "counts": supports.counts_for(p.id for p in accepted + hoping)}


slots.add_tab(slots.Tab("proposals.forum_list", _l("Proposals"), order=20))
slots.add_panel(slots.Panel("proposals", "proposals/_home_panel.html", _home_panel, order=20))
slots.add_meeting_panel(slots.Panel("proposals", "proposals/_session_panel.html",
                                    _session_panel, order=20))
slots.add_site_link(slots.Tab("proposals.all_list", _l("Proposals"), order=30))
slots.add_personal_data(privacy.personal_data)
slots.add_eraser(privacy.erase_person)


@bp.app_template_global()
def proposal_label(kind: str, value: str) -> str:
    table = {"status": STATUS_LABELS, "event": EVENT_LABELS, "report": REPORT_REASON_LABELS}[kind]
    return str(table.get(value, value))


@bp.app_template_global()
def proposal_waited(proposal) -> int:
    return deadlines.days_waited(proposal)


from forum.proposals.views import (  # noqa: E402 - the routes register themselves on bp
    answer_pages,
    list_pages,
    proposal_pages,
    settings_pages,
    support_pages,
)

__all__ = ["answer_pages", "bp", "list_pages", "proposal_pages", "settings_pages",
           "support_pages"]
