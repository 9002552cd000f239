"""Translations of a plan's texts: the plan, a goal, a measure or an indicator, one page each,
through the shared translation editor."""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l

from forum.core.translations import TranslatableField, translation_page
from forum.plans import indicators, planning
from forum.plans.views import bp
from forum.plans.views.common import staff_plan

TEXTS = {
    "plan": (TranslatableField("title", _l("Title"), 200),
             TranslatableField("description", _l("Description"), 20000, long=True),
             TranslatableField("adopted_by", _l("Adopted by (which body)"), 200)),
    "goal": (TranslatableField("title", _l("Goal"), 200),
             TranslatableField("description", _l("Description"), 10000, long=True)),
    "measure": (TranslatableField("title", _l("Measure"), 200),
                TranslatableField("description", _l("Description"), 10000, long=True),
                TranslatableField("status_reason", _l("Why (delayed or dropped)"), 2000,
                                  long=True)),
    "indicator": (TranslatableField("name", _l("Indicator"), 200),
                  TranslatableField("unit", _l("Unit"), 40)),
}


def _target(plan, what: str, obj_id: int):
    if what == "plan":
        return plan if obj_id == plan.id else abort(404)
    if what == "goal":
        return planning.get_goal(plan, obj_id)
    if what == "measure":
        return planning.get_measure(plan, obj_id)
    return indicators.get_indicator(plan, obj_id)


@bp.route("/forums/<slug>/plans/<int:plan_id>/translations/<any(plan, goal, measure, indicator)"
          ":what>/<int:obj_id>", methods=["GET", "POST"])
def translations(slug: str, plan_id: int, what: str, obj_id: int):
    forum, _role, plan = staff_plan(slug, plan_id)
    return translation_page(forum, _target(plan, what, obj_id), TEXTS[what],
                            action="plans.translate", template="plans/translations.html",
                            plan=plan)
