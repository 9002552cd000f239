"""The desk blueprint: its public page, filing and following a case, the staff's queue and case
pages, the register of institutions, the desk's settings and its public figures; and what it
adds to a forum's navigation and to a person's data."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from forum.core import slots
from forum.desk import privacy
from forum.desk.models import CHANNEL_LABELS, KIND_LABELS, STAFF_ROLE_LABELS, DeskSettings
from forum.desk.models import category_label as _category_label
from forum.desk.states import STATUS_LABELS

bp = Blueprint("desk", __name__)


def _desk_enabled(forum_model):
    return (select(DeskSettings.enabled).where(DeskSettings.forum_id == forum_model.id)
            .scalar_subquery())


def _runs_desk(forum, role) -> bool:
    return bool(slots.forum_fact(forum, "desk_enabled"))


slots.add_forum_fact(slots.ForumFact("desk_enabled", _desk_enabled))
slots.add_tab(slots.Tab("desk.home", _l("Desk"), order=40, visible=_runs_desk))
slots.add_personal_data(privacy.personal_data)
slots.add_eraser(privacy.erase_person)


@bp.app_template_global()
def desk_label(kind: str, value: str) -> str:
    if kind == "category":
        return _category_label(value)
    table = {"status": STATUS_LABELS, "kind": KIND_LABELS, "channel": CHANNEL_LABELS,
             "staff": STAFF_ROLE_LABELS}[kind]
    return str(table.get(value, value))


from forum.desk.views import (  # noqa: E402 - the routes register themselves on bp
    case_pages,
    manage_pages,
    monitoring_pages,
    public_pages,
)

__all__ = ["bp", "case_pages", "manage_pages", "monitoring_pages", "public_pages"]
