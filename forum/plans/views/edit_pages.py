"""The secretariat's pages: a plan and its status, goals, and measures with their yearly money
(a save based on an older version of the measure is refused, and the newer one shown)."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _

from forum.core.forms import options
from forum.i18n import current_language
from forum.plans import measures, planning
from forum.plans.forms import BLANK_ROWS, GoalForm, MeasureForm, PlanForm, PlanStatusForm
from forum.plans.models.plans import PLAN_STATUS_LABELS
from forum.plans.states import PlanRuleBroken
from forum.plans.views import bp
from forum.plans.views.common import form_page, minor, staff_forum, staff_plan, today, units


def _plan_url(plan):
    return url_for("plans.show", slug=plan.forum.slug, plan_id=plan.id)


@bp.route("/forums/<slug>/plans/new", methods=["GET", "POST"])
def new(slug: str):
    forum, _role = staff_forum(slug)
    form = PlanForm(language=current_language())
    if form.validate_on_submit():
        plan = planning.create_plan(forum, form.data)
        flash(_("The plan is saved as a draft."), "success")
        return redirect(_plan_url(plan))
    return form_page(form, title=_("New plan"), submit=_("Save the plan"), forum=forum,
                     back=url_for("plans.index", slug=slug), status=400 if form.errors else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/edit", methods=["GET", "POST"])
def edit(slug: str, plan_id: int):
    forum, _role, plan = staff_plan(slug, plan_id)
    form = PlanForm(obj=plan)
    if form.validate_on_submit():
        planning.edit_plan(plan, form.data)
        flash(_("The plan is saved."), "success")
        return redirect(_plan_url(plan))
    return form_page(form, title=_("Change the plan"), submit=_("Save the plan"), forum=forum,
                     plan=plan, back=_plan_url(plan), status=400 if form.errors else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/status", methods=["GET", "POST"])
def status(slug: str, plan_id: int):
    forum, _role, plan = staff_plan(slug, plan_id)
    form = PlanStatusForm(obj=plan)
    form.today = today(forum)
    form.status.choices = options(PLAN_STATUS_LABELS)  # a wrong move is told why
    problem = None
    if form.validate_on_submit():
        try:
            planning.move_plan(plan, form.status.data, form.adopted_on.data,
                               form.adopted_by.data)
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The plan's status is saved."), "success")
            return redirect(_plan_url(plan))
    return form_page(form, title=_("Status of the plan"), submit=_("Save the status"),
                     forum=forum, plan=plan, back=_plan_url(plan), problem=problem,
                     status=400 if form.errors or problem else 200)


def _goal_page(slug, plan_id, goal_id=None):
    forum, _role, plan = staff_plan(slug, plan_id)
    goal = planning.get_goal(plan, goal_id) if goal_id else None
    # A new goal's number is left empty (the next one is taken): a form sent again after the
    # back button then carries the same answers and counts once (core/once.py).
    form = GoalForm(obj=goal) if goal else GoalForm(language=current_language())
    problem = None
    if form.validate_on_submit():
        try:
            planning.save_goal(plan, goal, form.data)
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The goal is saved."), "success")
            return redirect(_plan_url(plan))
    return form_page(form, title=_("Goal") if goal else _("New goal"), submit=_("Save the goal"),
                     forum=forum, plan=plan, back=_plan_url(plan), problem=problem,
                     status=400 if form.errors or problem else 200)


@bp.route("/forums/<slug>/plans/<int:plan_id>/goals/new", methods=["GET", "POST"])
def goal_new(slug: str, plan_id: int):
    return _goal_page(slug, plan_id)


@bp.route("/forums/<slug>/plans/<int:plan_id>/goals/<int:goal_id>", methods=["GET", "POST"])
def goal_edit(slug: str, plan_id: int, goal_id: int):
    return _goal_page(slug, plan_id, goal_id)


def _measure_form(forum, plan, measure) -> MeasureForm:
    if request.method == "POST":
        form = MeasureForm()
    elif measure is None:
        form = MeasureForm(formdata=None, data={"budgets": [{}] * (BLANK_ROWS + 1),
                                                "language": current_language()})
    else:
        form = MeasureForm(formdata=None, data={
            **{name: getattr(measure, name) for name in measures.MEASURE_FIELDS},
            "version": str(measure.version), "partners": ", ".join(measure.partners or []),
            "planned_total": units(forum, measure.planned_total),
            "spent": units(forum, measure.spent),
            "budgets": [*({"year": b.year, "source": b.source, "budget_line": b.budget_line,
                           "amount": units(forum, b.amount)} for b in measure.budgets),
                        *([{}] * BLANK_ROWS)]})
    form.goal_id.choices = [(g.id, str(g)) for g in plan.goals]
    names = planning.institutions(forum)
    if measure is not None and measure.institution not in names:
        names.append(measure.institution)
    form.institution.choices = options([("", _("Choose…")), *((n, n) for n in names)])
    return form


def measure_fields(forum, form: MeasureForm) -> tuple[dict, list[dict]]:
    fields = {name: form[name].data for name in measures.MEASURE_FIELDS}
    fields["partners"] = [p.strip() for p in form.partners.data.split(",") if p.strip()]
    fields["planned_total"] = minor(forum, form.planned_total.data)
    fields["spent"] = minor(forum, form.spent.data)
    rows = [{"year": row.year.data, "source": row.source.data,
             "budget_line": row.budget_line.data or "",
             "amount": minor(forum, row.amount.data) or 0}
            for row in (entry.form for entry in form.budgets) if not row.is_blank()]
    return fields, rows


def _rows_complete(form: MeasureForm) -> bool:
    complete = True
    for entry in form.budgets:
        row = entry.form
        if row.is_blank():
            continue
        for part in (row.year, row.amount):
            if part.data is None and not part.errors:
                part.errors = [_("Fill in this field.")]
                complete = False
        if not row.source.data:
            row.source.errors = [_("Choose one.")]
            complete = False
    return complete


def _measure_page(slug, plan_id, measure_id=None):
    forum, _role, plan = staff_plan(slug, plan_id)
    measure = planning.get_measure(plan, measure_id) if measure_id else None
    form = _measure_form(forum, plan, measure)
    problem = conflict = None
    if form.validate_on_submit() & _rows_complete(form):
        fields, rows = measure_fields(forum, form)
        try:
            saved = measures.save_measure(plan, measure, _number(form.version.data), fields,
                                          rows)
        except PlanRuleBroken as rule:
            problem = str(rule)
        except measures.Conflict as found:
            conflict = found.measure
            form.version.data = str(conflict.version)  # they have seen it now
        else:
            flash(_("The measure is saved."), "success")
            return redirect(url_for("plans.measure", slug=slug, plan_id=plan.id,
                                    measure_id=saved.id))
    if request.method == "POST" and len(form.budgets) < 6:
        form.budgets.append_entry()
    status = 409 if conflict else 400 if (request.method == "POST") else 200
    return form_page(form, title=_("Measure %(code)s", code=measure.code) if measure
                     else _("New measure"), submit=_("Save the measure"), forum=forum,
                     plan=plan, back=_plan_url(plan), problem=problem, conflict=conflict,
                     status=status)


def _number(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@bp.route("/forums/<slug>/plans/<int:plan_id>/measures/new", methods=["GET", "POST"])
def measure_new(slug: str, plan_id: int):
    return _measure_page(slug, plan_id)


@bp.route("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>/edit",
          methods=["GET", "POST"])
def measure_edit(slug: str, plan_id: int, measure_id: int):
    return _measure_page(slug, plan_id, measure_id)
