"""Progress reports: the secretariat asks an institution and sees who is late; the institution
opens the e-mailed link and reports on its own measures only."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from forum.core.forms import options
from forum.forums.services import get_forum
from forum.plans import measures, planning, reporting
from forum.plans.forms import RequestForm
from forum.plans.states import PlanRuleBroken
from forum.plans.views import bp
from forum.plans.views.common import form_page, staff_plan, today
from forum.plans.views.record_pages import update_fields, update_form


@bp.route("/forums/<slug>/plans/<int:plan_id>/requests", methods=["GET", "POST"])
def requests(slug: str, plan_id: int):
    forum, role, plan = staff_plan(slug, plan_id)
    form = RequestForm()
    form.today = today(forum)
    form.institution.choices = options([("", _("Choose…")),
                                        *((n, n) for n in planning.institutions(forum))])
    if form.validate_on_submit():
        reporting.request_report(plan, form.institution.data, form.due_on.data)
        flash(_("The report is asked for; the institution's members get an e-mail."),
              "success")
        return redirect(url_for("plans.requests", slug=slug, plan_id=plan.id))
    return render_template("plans/requests.html", forum=forum, role=role, plan=plan,
                           form=form, requests=reporting.requests_of(plan),
                           today=today(forum)), 400 if form.errors else 200


def _token_plan(slug, plan_id, token):
    forum = get_forum(slug)
    plan = planning.get_plan(forum, plan_id, planning.Role.SECRETARIAT)
    return forum, plan, reporting.by_token(plan, token)


@bp.get("/forums/<slug>/plans/<int:plan_id>/report/<token>")
def report_home(slug: str, plan_id: int, token: str):
    forum, plan, found = _token_plan(slug, plan_id, token)
    return render_template("plans/report_home.html", forum=forum, plan=plan, request_=found,
                           token=token, measures=reporting.measures_for(found),
                           late=found.is_late(today(forum)))


@bp.route("/forums/<slug>/plans/<int:plan_id>/report/<token>/measures/<int:measure_id>",
          methods=["GET", "POST"])
def report_measure(slug: str, plan_id: int, token: str, measure_id: int):
    forum, plan, found = _token_plan(slug, plan_id, token)
    measure = reporting.measure_for(found, measure_id)
    form, problem = update_form(measure), None
    back = url_for("plans.report_home", slug=slug, plan_id=plan.id, token=token)
    if form.validate_on_submit():
        try:
            measures.add_update(measure, update_fields(forum, form),
                                reported_by=found.institution, request=found, staff=False)
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("Thank you: your report on this measure is saved."), "success")
            return redirect(back)
    return form_page(form, title=_("Progress of measure %(code)s", code=measure.code),
                     submit=_("Send the report"), forum=forum, plan=plan, back=back,
                     problem=problem, status=400 if form.errors or problem else 200)
