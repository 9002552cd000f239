"""Measures of a plan's goals: who is responsible, the money planned per year and spent, the
status with its history of dated updates, funding applications, and where each came from."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class MeasureStatus(enum.StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    DELAYED = "delayed"
    DONE = "done"
    DROPPED = "dropped"


MEASURE_STATUS_LABELS = {
    MeasureStatus.NOT_STARTED: _l("Not started"), MeasureStatus.ON_TRACK: _l("On track"),
    MeasureStatus.DELAYED: _l("Delayed"), MeasureStatus.DONE: _l("Done"),
    MeasureStatus.DROPPED: _l("Dropped"),
}


class Source(enum.StrEnum):
    MUNICIPAL = "municipal"
    NATIONAL = "national"
    EU = "eu"
    DONOR = "donor"


SOURCE_LABELS = {Source.MUNICIPAL: _l("Municipal budget"), Source.NATIONAL: _l("National"),
                 Source.EU: _l("European Union"), Source.DONOR: _l("Donor")}


class FundingStatus(enum.StrEnum):
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    GRANTED = "granted"
    REFUSED = "refused"


FUNDING_STATUS_LABELS = {FundingStatus.DRAFTED: _l("Being drafted"),
                         FundingStatus.SUBMITTED: _l("Submitted"),
                         FundingStatus.GRANTED: _l("Granted"),
                         FundingStatus.REFUSED: _l("Refused")}


class OriginKind(enum.StrEnum):
    PROPOSAL = "proposal"
    DECISION = "decision"
    BUDGET_ITEM = "budget_item"


class Measure(Multilingual, db.Model):
    """One thing a goal will be reached by. `version` moves on with every save, so a save
    based on an older version is refused instead of overwriting someone else's."""

    __tablename__ = "plan_measures"
    __multilingual__ = ("title", "description", "status_reason")
    __table_args__ = (UniqueConstraint("goal_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("plan_goals.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    institution: Mapped[str] = mapped_column(String(160), index=True)
    partners: Mapped[list] = mapped_column(JSON, default=list)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    planned_total: Mapped[int] = mapped_column(default=0)  # minor units
    spent: Mapped[int] = mapped_column(default=0)  # minor units
    status: Mapped[str] = mapped_column(String(16), default=MeasureStatus.NOT_STARTED)
    status_reason: Mapped[str] = mapped_column(Text, default="")  # why delayed or dropped
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    plan = relationship("Plan")
    goal = relationship("Goal", back_populates="measures")
    updated_by = relationship("User")
    budgets: Mapped[list[MeasureBudget]] = relationship(
        order_by="MeasureBudget.year", cascade="all, delete-orphan")
    funding: Mapped[list[FundingApplication]] = relationship(
        viewonly=True, order_by="(FundingApplication.deadline, FundingApplication.id)")
    # Money granted to it, when a query asks for it along (see `measures.granted_sum`).
    granted: Mapped[int | None] = query_expression()

    @property
    def code(self) -> str:
        return f"{self.goal.number}.{self.number}"

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class MeasureBudget(db.Model):
    """Money planned for a measure in one year, from one source."""

    __tablename__ = "plan_measure_budgets"
    __table_args__ = (UniqueConstraint("measure_id", "year", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measures.id", ondelete="CASCADE"))
    year: Mapped[int]
    source: Mapped[str] = mapped_column(String(16))
    budget_line: Mapped[str] = mapped_column(String(120), default="")  # e.g. the city's code
    amount: Mapped[int]  # minor units


class ProgressUpdate(Multilingual, db.Model):
    """A dated note on how a measure goes, from the secretariat or the institution."""

    __tablename__ = "plan_updates"
    __multilingual__ = ("body",)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measures.id", ondelete="CASCADE"),
                                            index=True)
    on: Mapped[date]
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # the measure's status it reported
    spent: Mapped[int | None]  # money spent so far, as reported
    reported_by: Mapped[str] = mapped_column(String(160), default="")  # the institution
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_report_requests.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    measure: Mapped[Measure] = relationship()


class FundingApplication(db.Model):
    """An application for money for a measure to a donor or programme."""

    __tablename__ = "plan_funding"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measures.id", ondelete="CASCADE"),
                                            index=True)
    donor: Mapped[str] = mapped_column(String(200))
    amount_asked: Mapped[int]  # minor units
    deadline: Mapped[date]
    status: Mapped[str] = mapped_column(String(16), default=FundingStatus.DRAFTED)
    amount_granted: Mapped[int | None]  # minor units, once granted
    reminded_for: Mapped[date | None]  # the deadline a reminder was sent for
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    measure: Mapped[Measure] = relationship()

    def __str__(self) -> str:
        return self.donor


class MeasureOrigin(db.Model):
    """What gave rise to a measure: an agenda proposal, a decision in published minutes (by its
    key), or a funded budget item."""

    __tablename__ = "plan_origins"
    __table_args__ = (UniqueConstraint("measure_id", "kind", "target_id", "decision_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("plan_measures.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int] = mapped_column(index=True)  # proposal, minutes or budget item id
    decision_key: Mapped[str] = mapped_column(String(16), default="")

    measure: Mapped[Measure] = relationship(lazy="joined")
