"""Indicators and their measured values: writing them, and the small line chart drawn on the
server (an SVG, no script) with its points, baseline and target."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from forum.core import audit
from forum.extensions import db
from forum.plans.models import Indicator, IndicatorValue

audit.register_actions({
    "plans.indicator": _l("Plan indicator saved"),
    "plans.value": _l("Indicator value added"),
})

WIDTH, HEIGHT, PAD = 300, 120, 12


def indicators_of(plan, measure=None) -> list[Indicator]:
    """The plan's indicators (or one measure's) with their values, in one query."""
    query = select(Indicator).where(Indicator.plan_id == plan.id)
    if measure is not None:
        query = query.where(Indicator.measure_id == measure.id)
    return list(db.session.scalars(
        query.options(joinedload(Indicator.values)).order_by(Indicator.id)).unique())


def get_indicator(plan, indicator_id: int):
    from flask import abort

    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None or indicator.plan_id != plan.id:
        abort(404)
    return indicator


def save_indicator(plan, indicator: Indicator | None, fields: dict) -> Indicator:
    """Add an indicator (indicator None) or change one."""
    if indicator is None:
        indicator = Indicator(plan_id=plan.id)
        db.session.add(indicator)
    for name, value in fields.items():
        setattr(indicator, name, value)
    audit.record("plans.indicator", target=indicator, forum=plan.forum,
                 changes=audit.changes_of(indicator))
    db.session.commit()
    return indicator


def add_value(indicator: Indicator, fields: dict) -> IndicatorValue:
    value = IndicatorValue(indicator_id=indicator.id, author_id=current_user.id, **fields)
    db.session.add(value)
    audit.record("plans.value", target=indicator, forum=plan_forum(indicator),
                 changes=audit.snapshot(value, tuple(fields)))
    db.session.commit()
    return value


@dataclass(frozen=True)
class Chart:
    """What the SVG draws: the polyline's points, and the target line's height."""

    points: str
    dots: list[tuple[int, int]]
    target_y: int
    baseline_y: int
    width: int = WIDTH
    height: int = HEIGHT


def chart(indicator: Indicator) -> Chart | None:
    """The line of baseline then measured values against the target, scaled to the box;
    None when nothing was measured yet (the table says so)."""
    if not indicator.values:
        return None
    series = [(indicator.baseline_year, indicator.baseline)] + [
        (v.measured_on.year + (v.measured_on.timetuple().tm_yday - 1) / 366, v.value)
        for v in indicator.values]
    xs = [Decimal(str(x)) for x, _y in series] + [Decimal(indicator.target_year)]
    ys = [y for _x, y in series] + [indicator.target]
    x_low, x_high = min(xs), max(xs)
    y_low, y_high = min(min(ys), Decimal(0)), max(ys)

    def px(x) -> int:
        span = (x_high - x_low) or 1
        return int(PAD + (Decimal(str(x)) - x_low) / span * (WIDTH - 2 * PAD))

    def py(y) -> int:
        span = (y_high - y_low) or 1
        return int(HEIGHT - PAD - (Decimal(y) - y_low) / span * (HEIGHT - 2 * PAD))

    dots = [(px(x), py(y)) for x, y in series]
    return Chart(" ".join(f"{x},{y}" for x, y in dots), dots, py(indicator.target),
                 py(indicator.baseline))


def plan_forum(indicator: Indicator):
    from forum.plans.models import Plan

    return db.session.get(Plan, indicator.plan_id).forum
