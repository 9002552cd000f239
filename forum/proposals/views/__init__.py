"""The proposals blueprint: lists, proposing, supporting, answering, moderating and settings;
and what it adds to a forum's home, a session's page, the site menu and a person's data."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.core import slots
from forum.core.permissions import Role
from forum.proposals import deadlines, privacy, queries
from forum.proposals.models import EVENT_LABELS, REPORT_REASON_LABELS, STATUS_LABELS

bp = Blueprint("proposals", __name__)


def _home_panel(forum, role: Role) -> dict:
    rows = queries.most_supported_open(forum)
    return {"proposals": [proposal for proposal, _n in rows],
            "counts": {proposal.id: n for proposal, n in rows}}


def _session_panel(meeting, role: Role) -> dict | None:
    accepted, hoping, counts = queries.for_session(meeting)
    if not (accepted or hoping or meeting.is_open):
        return None
    return {"accepted": accepted, "hoping": hoping, "counts": counts}


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
