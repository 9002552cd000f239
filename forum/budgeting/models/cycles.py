"""A budget cycle: its money, its phases and dates, and the ballot and tally rules it fixes."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class Phase(enum.StrEnum):
    COLLECTING = "collecting"
    REVIEW = "review"
    VOTING = "voting"
    RESULTS = "results"
    IMPLEMENTATION = "implementation"
    CANCELLED = "cancelled"  # voting stopped by the secretariat: no results


PHASES = [Phase.COLLECTING, Phase.REVIEW, Phase.VOTING, Phase.RESULTS, Phase.IMPLEMENTATION]
PHASE_LABELS = {
    Phase.COLLECTING: _l("Collecting ideas"),
    Phase.REVIEW: _l("Checking the ideas"),
    Phase.VOTING: _l("Voting"),
    Phase.RESULTS: _l("Results"),
    Phase.IMPLEMENTATION: _l("Carrying out the winners"),
    Phase.CANCELLED: _l("Vote cancelled"),
}


class BallotKind(enum.StrEnum):
    APPROVAL = "approval"
    CUMULATIVE = "cumulative"
    ORDINAL = "ordinal"
    CHOOSE_ONE = "choose-1"


BALLOT_KIND_LABELS = {
    BallotKind.APPROVAL: _l("Tick the items you support"),
    BallotKind.CUMULATIVE: _l("Share out points among items"),
    BallotKind.ORDINAL: _l("Rank your favourite items"),
    BallotKind.CHOOSE_ONE: _l("Choose one item"),
}
TALLY_RULE_LABELS = {
    "equalshares/add1": _l("Method of Equal Shares (fair to every group)"),
    "equalshares": _l("Method of Equal Shares, without completion"),
    "greedy": _l("Most votes first, skipping what no longer fits"),
    "greedy-no-skip": _l("Most votes first, stopping at the first that does not fit"),
    "greedy-threshold": _l("Most votes first, only items above a vote threshold"),
}


class Cycle(Multilingual, db.Model):
    """One round of participatory budgeting in a forum."""

    __tablename__ = "budget_cycles"
    __multilingual__ = ("title", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    currency: Mapped[str] = mapped_column(String(3))
    budget: Mapped[int]  # minor units of the currency
    phase: Mapped[str] = mapped_column(String(16), default=Phase.COLLECTING)
    collect_until: Mapped[datetime | None]
    vote_opens_at: Mapped[datetime | None]
    vote_closes_at: Mapped[datetime | None]
    # The ballot and the tally: fixed when voting opens.
    ballot_kind: Mapped[str] = mapped_column(String(16), default=BallotKind.APPROVAL)
    min_length: Mapped[int | None]
    max_length: Mapped[int | None]
    within_budget: Mapped[bool] = mapped_column(default=False)  # approvals cost at most the budget
    max_sum_points: Mapped[int | None]
    max_points_per_item: Mapped[int | None]
    points_per_rank: Mapped[list | None] = mapped_column(JSON)  # ordinal, e.g. [3, 2, 1]
    tally_rule: Mapped[str] = mapped_column(String(40), default="equalshares/add1")
    tie_break: Mapped[str] = mapped_column(String(60), default="cost,votes,id")
    min_score_threshold: Mapped[int | None]
    eligibility: Mapped[str] = mapped_column(String(16), default="signed_in")  # or "verified"
    minimum_age: Mapped[int | None]
    one_area_per_voter: Mapped[bool] = mapped_column(default=True)
    ballot_published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(Text)  # public, in cancel_language
    cancel_language: Mapped[str | None] = mapped_column(String(16))
    result_summary: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    forum = relationship("Forum", lazy="joined")
    areas: Mapped[list[Area]] = relationship(back_populates="cycle", order_by="Area.id",
                                             cascade="all, delete-orphan")

    @property
    def rules_frozen(self) -> bool:
        return self.phase not in (Phase.COLLECTING, Phase.REVIEW)

    def __str__(self) -> str:
        return self.title


class Area(Multilingual, db.Model):
    """A part of a cycle with its own budget: a district, or a group the money is meant for."""

    __tablename__ = "budget_areas"
    __multilingual__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(120))
    budget: Mapped[int]

    cycle: Mapped[Cycle] = relationship(back_populates="areas")

    def __str__(self) -> str:
        return self.name
