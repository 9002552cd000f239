"""Who voted (participation) and what was voted (ballots), kept apart with no reference
between them; receipts; rejected paper ballots with their reasons; and each item's result.
See `forum.budgeting.voting`."""

from __future__ import annotations

import secrets

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.db import COUNTED_IN_PUBLIC_ONLY
from forum.extensions import db


def random_id() -> str:
    return secrets.token_hex(16)


class Participation(db.Model):
    """That a person voted in a cycle (and in which area's scope), and how: online or on paper.

    `person_key` is "r<record id>" for people in the resident register and "u<user id>" for
    others; the unique constraint makes one vote per person per scope a database rule.
    It says nothing about the ballot: a voter finds their own by the receipt only they hold.
    """

    __tablename__ = "budget_participations"
    __table_args__ = (UniqueConstraint("cycle_id", "scope", "person_key"),
                      {"info": {COUNTED_IN_PUBLIC_ONLY: True}})

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    scope: Mapped[int] = mapped_column(default=0)  # the area's id, or 0 for the whole cycle
    person_key: Mapped[str] = mapped_column(String(24))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("resident_records.id",
                                                               ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(8))  # online, paper

    resident = relationship("ResidentRecord", lazy="joined")
    user = relationship("User", lazy="joined")


class Ballot(db.Model):
    """What was voted, and nothing about who: a random id, no time, no person.

    `choices` is a list of [item id, points] (points 1 for approval and choose-1, rank points
    for ordinal ballots in rank order, the voter's points for cumulative ballots) — sealed
    (a string) while voting is open, see `forum.budgeting.sealing`. An online ballot is found by
    `receipt_hash`, the hash of the receipt only its voter holds; it is cleared at closing.
    """

    __tablename__ = "budget_ballots"
    __table_args__ = (UniqueConstraint("cycle_id", "paper_number"),
                      UniqueConstraint("cycle_id", "receipt_hash"),
                      {"sqlite_with_rowid": False, "info": {COUNTED_IN_PUBLIC_ONLY: True}})

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_id)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    scope: Mapped[int] = mapped_column(default=0)
    channel: Mapped[str] = mapped_column(String(8))
    paper_number: Mapped[str | None] = mapped_column(String(40))
    receipt_hash: Mapped[str | None] = mapped_column(String(64))
    choices: Mapped[list | str] = mapped_column(JSON)


class Receipt(db.Model):
    """A receipt whose ballot is in the count: written, in random order and apart from the
    ballots, when voting closes, so a voter can still check theirs."""

    __tablename__ = "budget_receipts"
    __table_args__ = ({"sqlite_with_rowid": False},)

    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          primary_key=True)
    receipt_hash: Mapped[str] = mapped_column(String(64), primary_key=True)


class RejectedBallot(db.Model):
    """A paper ballot that broke the cycle's rules: kept with its number and reasons, counted
    and listed, never silently dropped."""

    __tablename__ = "budget_rejected_ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    scope: Mapped[int] = mapped_column(default=0)
    paper_number: Mapped[str] = mapped_column(String(40))
    content: Mapped[str] = mapped_column(String(1000))  # as entered or read from the file
    problems: Mapped[list] = mapped_column(JSON)  # [[code, {params}], ...]
    source_line: Mapped[int | None]  # line of an uploaded file
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ResultRow(db.Model):
    """One item's result under the cycle's rule, with the numbers that explain it."""

    __tablename__ = "budget_results"
    __table_args__ = (UniqueConstraint("cycle_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("budget_cycles.id", ondelete="CASCADE"),
                                          index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("budget_items.id", ondelete="CASCADE"))
    scope: Mapped[int] = mapped_column(default=0)
    funded: Mapped[bool]
    position: Mapped[int | None]
    score: Mapped[int]
    supporters: Mapped[int]
    reason: Mapped[str] = mapped_column(String(24))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    item = relationship("Item", lazy="joined")
