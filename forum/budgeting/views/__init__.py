"""The budgeting blueprint: cycles, items, the ballot, paper votes, residents and results."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.budgeting import services
from forum.budgeting.models.cycles import BALLOT_KIND_LABELS, PHASE_LABELS, TALLY_RULE_LABELS
from forum.budgeting.models.items import ITEM_STATUS_LABELS, WORK_LABELS
from forum.core import slots

bp = Blueprint("budgeting", __name__)


def _cycles_panel(forum, role):
    cycles = services.recent_cycles(forum)
    return {"cycles": cycles} if cycles else None


slots.add_tab(slots.Tab("budgeting.cycles_list", _l("Budget"), order=30))
slots.add_panel(slots.Panel("budget-cycles", "budgeting/_panel.html", _cycles_panel, order=30))
slots.add_personal_data(services.personal_data)
slots.add_eraser(services.erase_person)


@bp.app_template_global()
def budget_label(kind: str, value: str) -> str:
    table = {"phase": PHASE_LABELS, "ballot": BALLOT_KIND_LABELS, "rule": TALLY_RULE_LABELS,
             "status": ITEM_STATUS_LABELS, "work": WORK_LABELS}[kind]
    return str(table.get(value, value))


from forum.budgeting.views import (  # noqa: E402 - the routes register themselves on bp
    ballot_pages,
    cycle_pages,
    item_pages,
    paper_pages,
    resident_pages,
    result_pages,
)

__all__ = ["ballot_pages", "bp", "cycle_pages", "item_pages", "paper_pages", "resident_pages",
           "result_pages"]
