"""A plan's yearly monitoring report: assembled from the year's progress updates, the measures'
money and status, and the indicator values measured that year; the secretariat writes a
summary, reviews it and publishes it as a page, a PDF (the minutes' engine) and open data."""

from __future__ import annotations

from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from forum.core import audit
from forum.core.db import utcnow
from forum.extensions import db
from forum.minutes import archive, pdfs
from forum.plans import states
from forum.plans.indicators import indicators_of
from forum.plans.models import MonitoringReport, MonitoringReportPdf, ProgressUpdate
from forum.plans.models.plans import PlanStatus, ReportStatus
from forum.plans.overview import overview

audit.register_actions({"plans.report": _l("Monitoring report assembled"),
                        "plans.report_move": _l("Monitoring report status changed")})


def content_of(plan, year: int) -> dict:
    """What the report says of the year, as plain data (frozen in the report)."""
    view = overview(plan, date(year, 12, 31))
    ids = [m.id for m in view.all_measures()]
    updates = db.session.scalars(select(ProgressUpdate).where(
        ProgressUpdate.measure_id.in_(ids), ProgressUpdate.on >= date(year, 1, 1),
        ProgressUpdate.on <= date(year, 12, 31)).order_by(ProgressUpdate.on)).all()
    by_measure: dict[int, list] = {}
    for update in updates:
        by_measure.setdefault(update.measure_id, []).append(
            {"on": update.on.isoformat(), "body": update.body, "language": update.language,
             "status": update.status, "reported_by": update.reported_by})
    measures = [{"id": m.id, "code": m.code, "title": m.title, "language": m.language,
                 "institution": m.institution, "status": m.status,
                 "planned_year": sum(b.amount for b in m.budgets if b.year == year),
                 "planned_total": m.planned_total, "spent": m.spent,
                 "granted": view.granted.get(m.id, 0), "late": m in view.late,
                 "updates": by_measure.get(m.id, [])} for m in view.all_measures()]
    indicators = [{"name": i.name, "unit": i.unit, "language": i.language,
                   "baseline": str(i.baseline), "baseline_year": i.baseline_year,
                   "target": str(i.target), "target_year": i.target_year,
                   "values": [{"on": v.measured_on.isoformat(), "value": str(v.value),
                               "reported_by": v.reported_by, "source": v.source}
                              for v in i.values if v.measured_on.year == year]}
                  for i in indicators_of(plan)]
    return {"year": year, "currency": plan.forum.currency, "measures": measures,
            "indicators": indicators, "planned": view.planned, "spent": view.spent}


def report_of(plan, year: int) -> MonitoringReport | None:
    return db.session.scalar(select(MonitoringReport).where(
        MonitoringReport.plan_id == plan.id, MonitoringReport.year == year))


def reports_of(plan) -> list[MonitoringReport]:
    return list(db.session.scalars(select(MonitoringReport).where(
        MonitoringReport.plan_id == plan.id).order_by(MonitoringReport.year.desc())))


def get_report(plan, year: int, staff: bool) -> MonitoringReport:
    found = report_of(plan, year)
    if found is None or (found.status != ReportStatus.PUBLISHED and not staff):
        abort(404)
    return found


def assemble(plan, year: int) -> MonitoringReport:
    """Make the year's report, or assemble a draft again from what is reported now."""
    if year not in plan.years:
        raise states.PlanRuleBroken(_l("Choose a year of the plan (%(start)d–%(end)d).",
                                       start=plan.start_year, end=plan.end_year))
    found = report_of(plan, year)
    if found is not None and found.status == ReportStatus.PUBLISHED:
        raise states.PlanRuleBroken(_l("This year's report is published and stays as it was "
                                       "published."))
    if found is not None and found.status != ReportStatus.DRAFT:
        raise states.PlanRuleBroken(_l("This report is reviewed; take it back to draft "
                                       "before assembling it again."))
    if found is None:
        found = MonitoringReport(plan_id=plan.id, year=year, language=plan.language)
        db.session.add(found)
    found.content, found.assembled_at = content_of(plan, year), utcnow()
    try:  # recording it flushes: a report assembled by someone else a moment ago is found
        audit.record("plans.report", target=found, forum=plan.forum,
                     changes={"year": [None, year]})
        db.session.commit()
    except IntegrityError:  # assembled by someone else at the same moment
        db.session.rollback()
        return report_of(plan, year)
    return found


def save(report: MonitoringReport, summary: str, language: str, move: str | None) -> None:
    if report.status == ReportStatus.PUBLISHED:
        raise states.PlanRuleBroken(_l("A published report cannot be changed."))
    report.summary, report.language = summary, language
    if move:
        states.check(states.report_why_not(report.status, move))
        if move == ReportStatus.PUBLISHED and report.plan.status == PlanStatus.DRAFT:
            # residents would not see it: a draft plan is not shown to them
            raise states.PlanRuleBroken(_l("A report of a draft plan cannot be published; "
                                           "adopt the plan first."))
        report.status = move
        if move == ReportStatus.REVIEWED:
            report.reviewed_by_id = current_user.id
        if move == ReportStatus.PUBLISHED:
            report.published_at = utcnow()
    audit.record("plans.report_move", target=report, forum=report.plan.forum,
                 changes=audit.changes_of(report, ("status", "summary")))
    db.session.commit()


def etag_of(html: str) -> str:
    return pdfs.etag_of(html)


def pdf_of(report: MonitoringReport, language: str, html: str, etag: str) -> bytes:
    """The kept PDF of this page of a published report, or laid out now and kept."""
    key = {"report_id": report.id, "language": language, "etag": etag}
    kept = db.session.scalar(select(MonitoringReportPdf.body).filter_by(**key))
    if kept is not None:
        return kept
    body = archive.render_pdf(html)
    db.session.add(MonitoringReportPdf(body=body, **key))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return body
