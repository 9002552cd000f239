"""The forum's register of verified residents, for cycles only they may vote in."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.db import utcnow
from forum.extensions import db


class ResidentRecord(db.Model):
    """A person the secretariat verified lives in the municipality: in person (with an account
    or without one, e.g. for paper voting) or from an imported list. The birth year is kept
    only where a cycle has a minimum age."""

    __tablename__ = "resident_records"
    __table_args__ = (UniqueConstraint("forum_id", "user_id"),
                      UniqueConstraint("forum_id", "email"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    email: Mapped[str | None] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(160), default="")
    birth_year: Mapped[int | None]
    method: Mapped[str] = mapped_column(String(16))  # in_person, import
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    verified_by = relationship("User", foreign_keys=[verified_by_id], lazy="joined")

    @property
    def display(self) -> str:
        if self.full_name:
            return self.full_name
        return self.user.public_name if self.user is not None else (self.email or "")
