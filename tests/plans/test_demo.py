"""`flask demo` gives Roskovec its Social Plan: three goals, eight measures of four institutions,
indicators measured over three years, a measure from a published decision and one from a funded
budget item, a published monitoring report — and Bijeljina its ended Local Action Plan for Roma
integration with its final report; once, and every page of them opens."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.forums.models import Forum
from forum.plans.models import Goal, Indicator, IndicatorValue, Measure, MeasureOrigin, Plan
from tests.helpers import text_of


def test_demo_plan(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        plan = db.session.scalar(select(Plan).join(Forum).where(Forum.slug == "roskovec"))
        assert db.session.scalar(select(func.count(Goal.id)).where(Goal.plan_id == plan.id)) == 3
        measures = list(db.session.scalars(select(Measure).where(Measure.plan_id == plan.id)))
        assert len(measures) == 8 and len({m.institution for m in measures}) == 4
        years = {v.measured_on.year for v in db.session.scalars(
            select(IndicatorValue).join(Indicator).where(Indicator.plan_id == plan.id))}
        assert len(years) == 3
        kinds = {o.kind for o in db.session.scalars(select(MeasureOrigin))}
        assert kinds == {"decision", "budget_item"}
        plan_id, measure_ids = plan.id, [m.id for m in measures]
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 2  # a second run adds nothing
    client = app.test_client()
    for lang in ("en", "sq", "rom"):
        page = client.get(f"/{lang}/forums/roskovec/plans/{plan_id}")
        assert page.status_code == 200 and "<polyline" in text_of(page)
    for measure_id in measure_ids:
        assert client.get(f"/en/forums/roskovec/plans/{plan_id}/measures/{measure_id}"
                          ).status_code == 200
    assert client.get(f"/en/forums/roskovec/plans/{plan_id}/reports/2025").status_code == 200


def test_demo_bijeljina_action_plan_has_ended_with_its_final_report(app):
    client = app.test_client()
    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        plan = db.session.scalar(select(Plan).join(Forum).where(Forum.slug == "bijeljina"))
        assert (plan.start_year, plan.end_year, plan.status) == (2019, 2023, "ended")
        titles = [m.title for m in db.session.scalars(select(Measure).where(
            Measure.plan_id == plan.id))]
        assert any("18 станова" in title for title in titles) and len(titles) == 4
    for lang in ("sr", "sr_Latn", "rom", "en"):
        page = client.get(f"/{lang.replace('_', '-')}/forums/bijeljina/plans/{plan.id}")
        assert page.status_code == 200
    report = client.get(f"/sr-Latn/forums/bijeljina/plans/{plan.id}/reports/2023")
    assert report.status_code == 200 and "18 porodica" in text_of(report)
