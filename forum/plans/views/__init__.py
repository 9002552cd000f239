"""The plans blueprint: public plan pages and open data, the secretariat's editing pages, and
the institutions' report forms; it adds a "Plans" tab to the forum's navigation where there is a
plan to show."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from forum.core import slots
from forum.plans import models  # noqa: F401 - the tables are known with the blueprint

bp = Blueprint("plans", __name__)



def _has_plans(forum, role) -> bool:
    from forum.plans.planning import has_plans_to_show

    return has_plans_to_show(forum, role)


def _has_public_plans(forum_model):
    """Whether a plan past its draft exists (`planning.has_plans_to_show`), loaded with the
    forum."""
    from sqlalchemy import exists

    from forum.plans.models.plans import Plan, PlanStatus

    return exists().where(Plan.forum_id == forum_model.id, Plan.status != PlanStatus.DRAFT)


slots.add_forum_fact(slots.ForumFact("has_public_plans", _has_public_plans))
slots.add_tab(slots.Tab("plans.index", _l("Plans"), order=45, visible=_has_plans))


@bp.app_template_global()
def plan_label(kind: str, value: str) -> str:
    """A plan, measure or funding status, or a funding source, in the reader's language."""
    from forum.plans.models.measures import (
        FUNDING_STATUS_LABELS,
        MEASURE_STATUS_LABELS,
        SOURCE_LABELS,
    )
    from forum.plans.models.plans import PLAN_STATUS_LABELS, REPORT_STATUS_LABELS

    labels = {"plan": PLAN_STATUS_LABELS, "measure": MEASURE_STATUS_LABELS,
              "funding": FUNDING_STATUS_LABELS, "source": SOURCE_LABELS,
              "report": REPORT_STATUS_LABELS}[kind]
    return str(labels.get(value, value))


@bp.app_template_global()
def plan_measures_from(forum, kind: str, key) -> list:
    """The measures of public plans that came from a proposal, decision or budget item."""
    from forum.plans import origins

    return origins.became(forum, kind).get(key, [])


from forum.plans.views import (  # noqa: E402 - the routes register themselves on bp
    edit_pages,
    monitoring_pages,
    plan_pages,
    record_pages,
    report_pages,
    translation_pages,
)

__all__ = ["bp", "edit_pages", "monitoring_pages", "plan_pages", "record_pages", "report_pages",
           "translation_pages"]
