"""`flask demo` gives Roskovec its Social Plan: three goals, eight measures of four institutions,
indicators measured over three years, a measure from a published decision and one from a funded
budget item, a published monitoring report — once, and every page of it opens; and Bijeljina its
Local Action Plan for Roma integration 2019–2023, ended, with its final report."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.plans.models import Goal, IndicatorValue, Measure, MeasureOrigin, Plan
from tests.helpers import text_of


def test_demo_plan(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        plan = db.session.scalar(select(Plan).order_by(Plan.id))
        assert plan.forum.slug == "roskovec"
        assert db.session.scalar(select(func.count(Goal.id)).where(Goal.plan_id == plan.id)) == 3
        measures = list(db.session.scalars(select(Measure).where(Measure.plan_id == plan.id)))
        assert len(measures) == 8 and len({m.institution for m in measures}) == 4
        years = {v.measured_on.year for v in db.session.scalars(select(IndicatorValue))
                 if v.measured_on.year >= 2024}
        assert len(years) == 3
        lap = db.session.scalar(select(Plan).where(Plan.id != plan.id))
        assert (lap.forum.slug, lap.status, lap.start_year, lap.end_year) == (
            "bijeljina", "ended", 2019, 2023)
        lap_id = lap.id
        kinds = {o.kind for o in db.session.scalars(select(MeasureOrigin))}
        assert kinds == {"decision", "budget_item"}
        plan_id, measure_ids = plan.id, [m.id for m in measures]
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 2
    client = app.test_client()
    for lang in ("en", "sq", "rom"):
        page = client.get(f"/{lang}/forums/roskovec/plans/{plan_id}")
        assert page.status_code == 200 and "<polyline" in text_of(page)
    for measure_id in measure_ids:
        assert client.get(f"/en/forums/roskovec/plans/{plan_id}/measures/{measure_id}"
                          ).status_code == 200
    assert client.get(f"/en/forums/roskovec/plans/{plan_id}/reports/2025").status_code == 200
    for lang in ("sr", "sr-Latn", "rom"):
        page = text_of(client.get(f"/{lang}/forums/bijeljina/plans/{lap_id}"))
        assert "18" in page and "<polyline" in page
    final = client.get(f"/en/forums/bijeljina/plans/{lap_id}/reports/2023")
    assert final.status_code == 200 and "табле" in text_of(final)
