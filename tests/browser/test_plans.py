"""Roskovec's demo plan on a 320 px phone without JavaScript: the plan page, each measure and
the published monitoring report fit the screen, read in every language, with zero axe
violations; the indicator line has its table."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.i18n import LANGUAGES
from forum.plans.models import Measure, Plan
from tests.browser.axe import describe, violations
from tests.browser.conftest import new_context


def _demo_plan(live_server):
    with live_server.app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.start_year == 2024))
        measures = list(db.session.scalars(select(Measure.id).where(
            Measure.plan_id == plan.id)))
        return plan.id, measures


def _fits(page, what: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{what} is {width}px wide on a 320px screen"


def test_the_demo_plan_reads_on_a_320_px_phone_without_javascript(browser, live_server):
    plan_id, measures = _demo_plan(live_server)
    context = new_context(browser, live_server, viewport={"width": 320, "height": 640},
                          java_script_enabled=False)
    page = context.new_page()
    base = f"/forums/roskovec/plans/{plan_id}"
    for lang in LANGUAGES:
        assert page.goto(f"/{lang}{base}").status == 200
        _fits(page, f"{lang} plan")
        assert page.locator("svg.indicator-chart").count() == 3
        assert page.locator(".indicator table").count() == 3
    for path in [f"{base}/measures/{m}" for m in measures] + [f"{base}/reports/2025"]:
        assert page.goto(f"/sq{path}").status == 200
        _fits(page, path)
    context.close()
    context = new_context(browser, live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in (base, f"{base}/measures/{measures[4]}", f"{base}/reports/2025"):
        page.goto(f"/rom{path}")
        found = violations(page)
        assert not found, f"{path}\n{describe(found)}"
    context.close()
