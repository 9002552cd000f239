"""Indicators of a goal or a measure — unit, baseline, target — and the values measured over
time. Values may have decimals (a share of children, 12.5 %): kept exactly as hundredths in an
integer column, never as floats."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db

SCALE = 100


class Hundredths(TypeDecorator):
    """A Decimal with at most two decimals, stored as a whole number of hundredths."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else int((Decimal(value) * SCALE).to_integral_value())

    def process_result_value(self, value, dialect):
        return None if value is None else (Decimal(value) / SCALE).normalize() + Decimal(0)


class Indicator(Multilingual, db.Model):
    """How progress on a goal or a measure is seen: a named quantity in a unit."""

    __tablename__ = "plan_indicators"
    __multilingual__ = ("name", "unit")

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"))
    measure_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_measures.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    baseline: Mapped[Decimal] = mapped_column(Hundredths)
    baseline_year: Mapped[int]
    target: Mapped[Decimal] = mapped_column(Hundredths)
    target_year: Mapped[int]

    goal = relationship("Goal")
    measure = relationship("Measure")
    values: Mapped[list[IndicatorValue]] = relationship(
        order_by=lambda: (IndicatorValue.measured_on, IndicatorValue.id),
        cascade="all, delete-orphan", back_populates="indicator")

    def __str__(self) -> str:
        return self.name


class IndicatorValue(db.Model):
    """One measurement: the value on a date, who reported it and from what source."""

    __tablename__ = "plan_indicator_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(
        ForeignKey("plan_indicators.id", ondelete="CASCADE"), index=True)
    measured_on: Mapped[date]
    value: Mapped[Decimal] = mapped_column(Hundredths)
    reported_by: Mapped[str] = mapped_column(String(160), default="")
    source: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    indicator: Mapped[Indicator] = relationship(back_populates="values")
