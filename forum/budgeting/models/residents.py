"""The forum's register of verified residents, for cycles only they may vote in."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from forum.core.db import utcnow
from forum.core.search import plain
from forum.extensions import db


def name_key(name: str) -> str:
    """A name as duplicates are compared: no case, accents, script, spaces or punctuation."""
    return re.sub(r"[\W_]+", "", plain(name or ""))[:160]


class ResidentRecord(db.Model):
    """A person the secretariat verified lives in the municipality: in person (with an account
    or without one, e.g. for paper voting) or from an imported list. The birth year is kept
    only where a cycle has a minimum age; the neighbourhood and the last digits of an identity
    document only where they tell two people of the same name apart.

    An account is linked only by the one-time code the secretariat handed to the person
    (`link_code_hash`), never by an e-mail address: anyone can type anyone's address."""

    __tablename__ = "resident_records"
    __table_args__ = (UniqueConstraint("forum_id", "user_id"),
                      UniqueConstraint("forum_id", "email"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    email: Mapped[str | None] = mapped_column(String(254))  # for contact only, never to link
    full_name: Mapped[str] = mapped_column(String(160), default="")
    name_key: Mapped[str] = mapped_column(String(160), default="", index=True)
    birth_year: Mapped[int | None]
    neighbourhood: Mapped[str] = mapped_column(String(120), default="")
    document_tail: Mapped[str | None] = mapped_column(String(4))
    duplicate_reason: Mapped[str] = mapped_column(String(300), default="")
    link_code_hash: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))  # in_person, import
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    verified_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", foreign_keys=[user_id], lazy="joined")
    verified_by = relationship("User", foreign_keys=[verified_by_id], lazy="joined")

    @validates("full_name")
    def _keep_key(self, _key, value):
        self.name_key = name_key(value)
        return value

    @property
    def display(self) -> str:
        if self.full_name:
            return self.full_name
        return self.user.public_name if self.user is not None else (self.email or "")
