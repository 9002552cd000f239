"""Yearly monitoring reports: the secretariat assembles, reviews and publishes one; everyone
reads a published one as a page, a PDF and open data."""

from __future__ import annotations

from flask import current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from forum.core.permissions import Role, require_role
from forum.extensions import limiter
from forum.i18n import current_language
from forum.plans import monitoring
from forum.plans.forms import ReportForm, ReportSummaryForm
from forum.plans.models.plans import ReportStatus
from forum.plans.states import PlanRuleBroken
from forum.plans.views import bp
from forum.plans.views.common import plan_for, staff_plan
from forum.plans.views.plan_pages import show_page

MOVES = {"save": None, "review": ReportStatus.REVIEWED, "publish": ReportStatus.PUBLISHED,
         "reopen": ReportStatus.DRAFT}


def _report_url(plan, year: int) -> str:
    return url_for("plans.report", slug=plan.forum.slug, plan_id=plan.id, year=year)


@bp.post("/forums/<slug>/plans/<int:plan_id>/reports")
def report_assemble(slug: str, plan_id: int):
    forum, role, plan = staff_plan(slug, plan_id)
    form = ReportForm()
    if not form.validate_on_submit():  # the plan's page again, the year marked as wrong
        return show_page(forum, role, plan, report_form=form, status=400)
    try:
        monitoring.assemble(plan, form.year.data)
    except PlanRuleBroken as rule:
        flash(str(rule), "error")
        return redirect(url_for("plans.show", slug=slug, plan_id=plan.id) + "#reports")
    return redirect(_report_url(plan, form.year.data))


@bp.route("/forums/<slug>/plans/<int:plan_id>/reports/<int:year>", methods=["GET", "POST"])
def report(slug: str, plan_id: int, year: int):
    forum, role, plan = plan_for(slug, plan_id)
    if request.method == "POST":
        require_role(forum, Role.SECRETARIAT)
    staff = role >= Role.SECRETARIAT
    found = monitoring.get_report(plan, year, staff)
    form, problem = ReportSummaryForm(obj=found), None
    if request.method == "GET" and not found.language:
        form.language.data = current_language()
    if request.method == "POST" and form.validate_on_submit():
        try:
            monitoring.save(found, form.summary.data, form.language.data,
                            MOVES.get(request.form.get("move", "save")))
        except PlanRuleBroken as rule:
            problem = str(rule)
        else:
            flash(_("The report is saved."), "success")
            return redirect(_report_url(plan, year))
    status = 400 if request.method == "POST" else 200
    return render_template("plans/report.html", forum=forum, role=role, plan=plan,
                           report=found, content=found.content, form=form, problem=problem,
                           staff=staff), status


def _pdf_limit() -> str:
    return current_app.config["MINUTES_PDF_LIMIT"]


@bp.get("/forums/<slug>/plans/<int:plan_id>/reports/<int:year>.pdf")
@limiter.limit(_pdf_limit)
def report_pdf(slug: str, plan_id: int, year: int):
    forum, _role, plan = plan_for(slug, plan_id)
    found = monitoring.get_report(plan, year, staff=False)
    html = render_template("plans/report_pdf.html", forum=forum, plan=plan, report=found,
                           content=found.content)
    etag = monitoring.etag_of(html)
    if request.if_none_match.contains(etag):
        response = current_app.response_class(status=304)
    else:
        body = monitoring.pdf_of(found, current_language(), html, etag)
        response = current_app.response_class(body, mimetype="application/pdf")
    response.set_etag(etag)
    response.headers["Content-Disposition"] = (
        f'inline; filename="plan-{plan.id}-report-{year}.pdf"')
    return response


@bp.get("/forums/<slug>/plans/<int:plan_id>/reports/<int:year>.json")
def report_json(slug: str, plan_id: int, year: int):
    _forum, _role, plan = plan_for(slug, plan_id)
    found = monitoring.get_report(plan, year, staff=False)
    return jsonify({"plan": plan.title, "year": year, "summary": found.summary,
                    "language": found.language, "published_at": found.published_at,
                    **found.content})
