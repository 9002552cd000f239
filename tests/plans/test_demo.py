"""`flask demo` gives Roskovec its Social Plan: three goals, eight measures of four institutions,
indicators measured over three years, a measure from a published decision and one from a funded
budget item, a published monitoring report — once, and every page of it opens."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.plans.models import Goal, IndicatorValue, Measure, MeasureOrigin, Plan
from tests.helpers import text_of


def test_demo_plan(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        plan = db.session.scalar(select(Plan))
        assert plan.forum.slug == "roskovec"
        assert db.session.scalar(select(func.count(Goal.id))) == 3
        measures = list(db.session.scalars(select(Measure)))
        assert len(measures) == 8 and len({m.institution for m in measures}) == 4
        years = {v.measured_on.year for v in db.session.scalars(select(IndicatorValue))}
        assert len(years) == 3
        kinds = {o.kind for o in db.session.scalars(select(MeasureOrigin))}
        assert kinds == {"decision", "budget_item"}
        plan_id, measure_ids = plan.id, [m.id for m in measures]
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count(Plan.id))) == 1
    client = app.test_client()
    for lang in ("en", "sq", "rom"):
        page = client.get(f"/{lang}/forums/roskovec/plans/{plan_id}")
        assert page.status_code == 200 and "<polyline" in text_of(page)
    for measure_id in measure_ids:
        assert client.get(f"/en/forums/roskovec/plans/{plan_id}/measures/{measure_id}"
                          ).status_code == 200
    assert client.get(f"/en/forums/roskovec/plans/{plan_id}/reports/2025").status_code == 200
