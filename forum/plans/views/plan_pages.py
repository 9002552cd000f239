"""What everyone reads: a forum's plans, a plan's page (promised, done, late, money), a
measure's page, and the plan's open data."""

from __future__ import annotations

from flask import jsonify, render_template

from forum.core.csvfiles import csv_response
from forum.core.permissions import Role, role_in
from forum.forums.services import get_forum
from forum.plans import (
    indicators,
    measures,
    monitoring,
    opendata,
    origins,
    planning,
    reporting,
)
from forum.plans.forms import ReportForm
from forum.plans.models.plans import ReportStatus
from forum.plans.overview import is_late, overview
from forum.plans.views import bp
from forum.plans.views.common import plan_for, today


@bp.get("/forums/<slug>/plans/")
def index(slug: str):
    forum = get_forum(slug)
    role = role_in(forum)
    return render_template("plans/index.html", forum=forum, role=role,
                           plans=planning.plans_of(forum, role))


@bp.get("/forums/<slug>/plans/<int:plan_id>")
def show(slug: str, plan_id: int):
    forum = get_forum(slug)
    role = role_in(forum)
    late = [reporting.late_requests(today(forum))] if role >= Role.SECRETARIAT else []
    return show_page(forum, role, planning.get_plan(forum, plan_id, role, late))


def show_page(forum, role, plan, report_form=None, status: int = 200):
    """The plan's page; with `report_form`, the year to assemble as sent, and what is wrong."""
    view = overview(plan, today(forum))
    shown = indicators.indicators_of(plan)
    reports = [r for r in monitoring.reports_of(plan)
               if role >= Role.SECRETARIAT or r.status == ReportStatus.PUBLISHED]
    return render_template("plans/show.html", forum=forum, role=role, plan=plan, view=view,
                           indicators=shown, charts={i.id: indicators.chart(i) for i in shown},
                           today=today(forum), reports=reports,
                           late_requests=reporting.late_count(plan, today(forum))
                           if role >= Role.SECRETARIAT else 0,
                           report_form=report_form
                           or ReportForm(formdata=None, year=today(forum).year)), status


@bp.get("/forums/<slug>/plans/<int:plan_id>/measures/<int:measure_id>")
def measure(slug: str, plan_id: int, measure_id: int):
    forum = get_forum(slug)
    role = role_in(forum)
    found = planning.plan_measure(forum, plan_id, measure_id, role)
    plan, funding = found.plan, found.funding
    shown = indicators.indicators_of(plan, found)
    return render_template(
        "plans/measure.html", forum=forum, role=role, plan=plan, measure=found,
        updates=measures.updates_of(found), funding=funding,
        granted=measures.granted_of(funding),
        origins=origins.described(found, role), late=is_late(found, today(forum)),
        indicators=shown, charts={i.id: indicators.chart(i) for i in shown},
        staff=role >= Role.SECRETARIAT)


@bp.get("/forums/<slug>/plans/<int:plan_id>/measures.csv")
def measures_csv(slug: str, plan_id: int):
    forum, _role, plan = plan_for(slug, plan_id)
    rows = opendata.measure_rows(plan, overview(plan, today(forum)))
    return csv_response(opendata.MEASURE_COLUMNS,
                        opendata.csv_rows(rows, opendata.MEASURE_COLUMNS),
                        f"plan-{plan.id}-measures.csv")


@bp.get("/forums/<slug>/plans/<int:plan_id>/indicator-values.csv")
def values_csv(slug: str, plan_id: int):
    forum, _role, plan = plan_for(slug, plan_id)
    rows = opendata.value_rows(plan, overview(plan, today(forum)))
    return csv_response(opendata.VALUE_COLUMNS, opendata.csv_rows(rows, opendata.VALUE_COLUMNS),
                        f"plan-{plan.id}-indicator-values.csv")


@bp.get("/forums/<slug>/plans/<int:plan_id>/data.json")
def data_json(slug: str, plan_id: int):
    forum, _role, plan = plan_for(slug, plan_id)
    return jsonify(opendata.as_json(plan, overview(plan, today(forum))))
