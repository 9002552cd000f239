"""A plan of a forum with its period and status, its goals, the progress reports asked of the
institutions, and the yearly monitoring reports."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class PlanStatus(enum.StrEnum):
    DRAFT = "draft"
    ADOPTED = "adopted"
    IN_FORCE = "in_force"
    ENDED = "ended"


PLAN_STATUS_LABELS = {PlanStatus.DRAFT: _l("Draft"), PlanStatus.ADOPTED: _l("Adopted"),
                      PlanStatus.IN_FORCE: _l("In force"), PlanStatus.ENDED: _l("Ended")}


class ReportStatus(enum.StrEnum):
    DRAFT = "draft"
    REVIEWED = "reviewed"
    PUBLISHED = "published"


REPORT_STATUS_LABELS = {ReportStatus.DRAFT: _l("Draft"), ReportStatus.REVIEWED: _l("Reviewed"),
                        ReportStatus.PUBLISHED: _l("Published")}


class Plan(Multilingual, db.Model):
    """A social plan, an action plan…: a period of years, a status, goals with measures."""

    __tablename__ = "plans"
    __multilingual__ = ("title", "description", "adopted_by")

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    start_year: Mapped[int]
    end_year: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=PlanStatus.DRAFT)
    adopted_on: Mapped[date | None]
    adopted_by: Mapped[str] = mapped_column(String(200), default="")  # the body that adopted it
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    forum = relationship("Forum")
    goals: Mapped[list[Goal]] = relationship(back_populates="plan", order_by="Goal.number",
                                             cascade="all, delete-orphan")
    # reports asked of institutions and late, when loaded with `reporting.late_requests`
    late_requests: Mapped[int | None] = query_expression()

    @property
    def is_public(self) -> bool:
        return self.status != PlanStatus.DRAFT

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def __str__(self) -> str:
        return self.title


class Goal(Multilingual, db.Model):
    """What a plan wants to change; numbered 1, 2, 3 within the plan."""

    __tablename__ = "plan_goals"
    __multilingual__ = ("title", "description")
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="goals")
    measures = relationship("Measure", back_populates="goal", order_by="Measure.number",
                            cascade="all, delete-orphan")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ReportRequest(db.Model):
    """The secretariat asking one institution for a progress report on its measures by a date;
    the e-mailed link carries a token, of which only the hash is kept."""

    __tablename__ = "plan_report_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    institution: Mapped[str] = mapped_column(String(160))
    due_on: Mapped[date]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship()

    def is_late(self, today: date) -> bool:
        return self.answered_at is None and self.due_on < today

    def __str__(self) -> str:
        return self.institution


class MonitoringReport(Multilingual, db.Model):
    """A plan's yearly monitoring report: assembled from the updates and indicators of the
    year (`content`, frozen when assembled), with the secretariat's summary; reviewed, then
    published."""

    __tablename__ = "plan_reports"
    __multilingual__ = ("summary",)
    __table_args__ = (UniqueConstraint("plan_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    year: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=ReportStatus.DRAFT)
    summary: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    assembled_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None]

    plan: Mapped[Plan] = relationship()

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"


class MonitoringReportPdf(db.Model):
    """A published monitoring report's PDF as laid out once, kept by the digest of its page."""

    __tablename__ = "plan_report_pdfs"
    __table_args__ = (UniqueConstraint("report_id", "language", "etag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("plan_reports.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    etag: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
