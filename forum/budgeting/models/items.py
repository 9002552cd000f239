"""Budget items: what residents propose, what the secretariat finds feasible and what it
costs, and — for the winners — how their building goes."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class ItemStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    FEASIBLE = "feasible"
    NOT_FEASIBLE = "not_feasible"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


ITEM_STATUS_LABELS = {
    ItemStatus.SUBMITTED: _l("Waiting to be checked"),
    ItemStatus.FEASIBLE: _l("Feasible"),
    ItemStatus.NOT_FEASIBLE: _l("Not feasible"),
    ItemStatus.MERGED: _l("Merged into another item"),
    ItemStatus.WITHDRAWN: _l("Withdrawn"),
}


class Work(enum.StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


WORK_LABELS = {Work.PLANNED: _l("Planned"), Work.IN_PROGRESS: _l("In progress"),
               Work.COMPLETED: _l("Completed"), Work.CANCELLED: _l("Cancelled")}

class Item(Multilingual, db.Model):
    """Something to spend part of the budget on."""

    __tablename__ = "budget_items"
    __multilingual__ = ("title", "description", "feasibility_reason", "work_note")

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("budget_areas.id",
                                                           ondelete="SET NULL"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(300), default="")
    target_groups: Mapped[list] = mapped_column(JSON, default=list)  # ids of the forum's groups
    estimated_cost: Mapped[int]  # minor units, as proposed
    official_cost: Mapped[int | None]  # minor units, as the secretariat found
    status: Mapped[str] = mapped_column(String(16), default=ItemStatus.SUBMITTED)
    feasibility_reason: Mapped[str] = mapped_column(Text, default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("budget_items.id",
                                                                  ondelete="SET NULL"))
    image: Mapped[str | None] = mapped_column(String(80))  # file name in the upload folder
    external_ref: Mapped[str | None] = mapped_column(String(40))  # project id in a .pb import
    work_status: Mapped[str | None] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column(default=0)  # percent
    spent: Mapped[int] = mapped_column(default=0)  # minor units
    work_note: Mapped[str] = mapped_column(Text, default="")  # e.g. why the work was cancelled
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded when used: usually already in the session (the page's cycle), so no query.
    cycle = relationship("Cycle")
    area = relationship("Area")
    author = relationship("User")

    @property
    def cost(self) -> int:
        return self.official_cost if self.official_cost is not None else self.estimated_cost

    @property
    def on_ballot(self) -> bool:
        return self.status == ItemStatus.FEASIBLE and self.official_cost is not None

    def __str__(self) -> str:
        return self.title


class ItemUpdate(Multilingual, db.Model):
    """A dated note on a funded item's progress, with an optional photo."""

    __tablename__ = "budget_item_updates"
    __multilingual__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("budget_items.id", ondelete="CASCADE"),
                                         index=True)
    text: Mapped[str] = mapped_column(Text)
    photo: Mapped[str | None] = mapped_column(String(80))
    photo_alt: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ItemFollow(db.Model):
    """A person who wants an e-mail when a funded item's progress is reported."""

    __tablename__ = "budget_item_follows"
    __table_args__ = (UniqueConstraint("item_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("budget_items.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
