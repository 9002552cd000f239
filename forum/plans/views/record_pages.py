"""The secretariat's pages for what happens to measures: progress updates, funding
applications, indicators and their measured values, and where a measure came from."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from forum.core.forms import Form, options
from forum.extensions import db
from forum.i18n import current_language
from forum.plans import indicators, measures, origins, planning, states
from forum.plans.forms import (
    FundingForm,
    FundingMoveForm,
    IndicatorForm,
    OriginForm,
    UpdateForm,
    ValueForm,
)
from forum.plans.models import FundingApplication
from forum.plans.models.measures import FUNDING_STATUS_LABELS, MEASURE_STATUS_LABELS
from forum.plans.states import PlanRuleBroken
from forum.plans.views import bp
from forum.plans.views.common import form_page, minor, staff_plan, today, units


def _measure_url(measure):
    return url_for("plans.measure", slug=measure.plan.forum.slug, plan_id=measure.plan_id,
                   measure_id=measure.id)


def staff_measure(slug, plan_id, measure_id):
    forum, _role, plan = staff_plan(slug, plan_id)
    return forum, plan, planning.get_measure(plan, measure_id)


def update_form(measure) -> UpdateForm:
    form = UpdateForm(status=measure.status, language=current_language())
    form.today = today(measure.plan.forum)
    form.status.choices = options({s: MEASURE_STATUS_LABELS[s]
                                   for s in states.measure_choices(measure.status)})
    return form


def update_fields(forum, form: UpdateForm) -> dict:
    return {"on": form.on.data, "body": form.body.data, "language": form.language.data,
            "status": form.status.data, "reason": form.reason.data,
            "spent": minor(forum, form.spent.data)}


@bp.route("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>/updates/new",
          methods=["GET", "POST"])
def update_new(slug: str, plan_id: int, measure_id: int):
    forum, plan, measure = staff_measure(slug, plan_id, measure_id)
    form, problem = update_form(measure), None
    if form.validate_on_submit():
        try:
            measures.add_update(measure, update_fields(forum, form))
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The progress update is saved."), "success")
            return redirect(_measure_url(measure))
    return form_page(form, title=_("Progress of measure %(code)s", code=measure.code),
                     submit=_("Save the update"), forum=forum, plan=plan,
                     back=_measure_url(measure), problem=problem,
                     status=400 if form.errors or problem else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>/funding/new",
          methods=["GET", "POST"])
def funding_new(slug: str, plan_id: int, measure_id: int):
    forum, plan, measure = staff_measure(slug, plan_id, measure_id)
    form = FundingForm()
    if form.validate_on_submit():
        measures.add_funding(measure, form.donor.data, minor(forum, form.amount_asked.data),
                             form.deadline.data)
        flash(_("The funding application is saved."), "success")
        return redirect(_measure_url(measure))
    return form_page(form, title=_("Funding application for measure %(code)s",
                                   code=measure.code),
                     submit=_("Save the application"), forum=forum, plan=plan,
                     back=_measure_url(measure), status=400 if form.errors else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/funding/<int:funding_id>",
          methods=["GET", "POST"])
def funding_move(slug: str, plan_id: int, funding_id: int):
    forum, _role, plan = staff_plan(slug, plan_id)
    application = db.session.get(FundingApplication, funding_id)
    if application is None or application.measure.plan_id != plan.id:
        abort(404)
    form = FundingMoveForm(status=application.status,  # what is granted stays in the field
                           amount_granted=units(forum, application.amount_granted))
    problem = None
    form.status.choices = options(FUNDING_STATUS_LABELS)  # a wrong move is told why
    if form.validate_on_submit():
        try:
            measures.move_funding(application, form.status.data,
                                  minor(forum, form.amount_granted.data))
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The funding application is saved."), "success")
            return redirect(_measure_url(application.measure))
    return form_page(form, title=_("Funding application: %(donor)s", donor=application.donor),
                     submit=_("Save"), forum=forum, plan=plan,
                     back=_measure_url(application.measure), problem=problem,
                     status=400 if form.errors or problem else 200)


def _attach_choices(overview_goals, plan_measures) -> list[tuple[str, str]]:
    return [("", _("Choose…")),
            *((f"g:{g.id}", _("Goal %(title)s", title=str(g))) for g in overview_goals),
            *((f"m:{m.id}", _("Measure %(title)s", title=str(m))) for m in plan_measures)]


INDICATOR_FIELDS = ("name", "unit", "language", "baseline", "baseline_year", "target",
                    "target_year")


def _indicator_page(slug: str, plan_id: int, indicator_id: int | None = None):
    forum, _role, plan = staff_plan(slug, plan_id)
    indicator = indicators.get_indicator(plan, indicator_id) if indicator_id else None
    attached = None if indicator is None else (
        f"g:{indicator.goal_id}" if indicator.goal_id else f"m:{indicator.measure_id}")
    form = IndicatorForm(obj=indicator, attached=attached, language=current_language())
    plan_measures = [m for g in plan.goals for m in g.measures]
    form.attached.choices = options(_attach_choices(plan.goals, plan_measures))
    back = url_for("plans.show", slug=slug, plan_id=plan.id) + "#indicators"
    if form.validate_on_submit():
        kind, _sep, number = form.attached.data.partition(":")
        fields = {name: form[name].data for name in INDICATOR_FIELDS}
        fields["goal_id"] = int(number) if kind == "g" else None
        fields["measure_id"] = int(number) if kind == "m" else None
        indicators.save_indicator(plan, indicator, fields)
        flash(_("The indicator is saved."), "success")
        return redirect(back)
    return form_page(form, title=_("Indicator") if indicator else _("New indicator"),
                     submit=_("Save the indicator"), forum=forum, plan=plan, back=back,
                     status=400 if form.errors else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/indicators/new", methods=["GET", "POST"])
def indicator_new(slug: str, plan_id: int):
    return _indicator_page(slug, plan_id)


@bp.route("/forums/<slug>/plans/<int:plan_id>/indicators/<int:indicator_id>",
          methods=["GET", "POST"])
def indicator_edit(slug: str, plan_id: int, indicator_id: int):
    return _indicator_page(slug, plan_id, indicator_id)


@bp.route("/forums/<slug>/plans/<int:plan_id>/indicators/<int:indicator_id>/values/new",
          methods=["GET", "POST"])
def value_new(slug: str, plan_id: int, indicator_id: int):
    forum, _role, plan = staff_plan(slug, plan_id)
    indicator = indicators.get_indicator(plan, indicator_id)
    form = ValueForm()
    form.today = today(forum)
    if form.validate_on_submit():
        indicators.add_value(indicator, {name: form[name].data for name in
                                         ("measured_on", "value", "reported_by", "source")})
        flash(_("The value is saved."), "success")
        return redirect(url_for("plans.show", slug=slug, plan_id=plan.id)
                        + f"#indicator-{indicator.id}")
    return form_page(form, title=_("New value of %(name)s", name=indicator.name),
                     submit=_("Save the value"), forum=forum, plan=plan,
                     back=url_for("plans.show", slug=slug, plan_id=plan.id),
                     status=400 if form.errors else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>/origins",
          methods=["GET", "POST"])
def origin_new(slug: str, plan_id: int, measure_id: int):
    forum, plan, measure = staff_measure(slug, plan_id, measure_id)
    form, problem = OriginForm(), None
    if form.validate_on_submit():
        try:
            origins.link(measure, form.origin.data)
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The origin is linked."), "success")
            return redirect(_measure_url(measure) + "#origins")
    return form_page(form, title=_("Where measure %(code)s came from", code=measure.code),
                     submit=_("Link it"), forum=forum, plan=plan, back=_measure_url(measure),
                     problem=problem, status=400 if form.errors or problem else 200)


@bp.post("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>/origins/<int:origin_id>"
         "/remove")
def origin_remove(slug: str, plan_id: int, measure_id: int, origin_id: int):
    _forum, _plan, measure = staff_measure(slug, plan_id, measure_id)
    if Form().validate_on_submit():
        origins.unlink(measure, origin_id)
        flash(_("The link is removed."), "success")
    return redirect(_measure_url(measure) + "#origins")
