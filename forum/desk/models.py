"""A forum's desk: its settings and staff, the register of institutions it refers people to, and
the cases with their notes, referrals, answers, attachments and the log of who opened them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Forum


class Kind(enum.StrEnum):
    INQUIRY = "inquiry"
    COMPLAINT = "complaint"


class Channel(enum.StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    IN_PERSON = "in_person"


class StaffRole(enum.StrEnum):
    HEAD = "head"
    HELPER = "helper"


KIND_LABELS = {Kind.INQUIRY: _l("Inquiry"), Kind.COMPLAINT: _l("Complaint")}
CHANNEL_LABELS = {Channel.EMAIL: _l("By e-mail"), Channel.PHONE: _l("By phone"),
                  Channel.IN_PERSON: _l("In person at the office")}
STAFF_ROLE_LABELS = {StaffRole.HEAD: _l("Head of the desk"), StaffRole.HELPER: _l("Helper")}

# The categories every desk starts with; their names come from the catalogs.
DEFAULT_CATEGORIES = {
    "documents": _l("Personal documents"),
    "housing": _l("Housing"),
    "education": _l("Education"),
    "health": _l("Health"),
    "social_benefits": _l("Social benefits"),
    "employment": _l("Employment"),
    "discrimination": _l("Discrimination and antiziganism"),
    "violence": _l("Violence"),
    "other": _l("Other"),
}
SENSITIVE_CATEGORIES = ("violence",)


def category_label(key: str) -> str:
    return str(DEFAULT_CATEGORIES.get(key, key))


class DeskSettings(db.Model):
    """Whether a forum runs a desk, and its rules: response time, how long contact details are
    kept after closing, the prefix of its case numbers and its list of categories."""

    __tablename__ = "desk_settings"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    response_days: Mapped[int] = mapped_column(default=15)  # working days
    keep_contact_days: Mapped[int] = mapped_column(default=90)
    prefix: Mapped[str] = mapped_column(String(8), default="")
    categories: Mapped[list] = mapped_column(JSON, default=lambda: list(DEFAULT_CATEGORIES))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    forum: Mapped[Forum] = relationship()


class DeskStaff(db.Model):
    """A person working a forum's desk: its head (the commissioner) or a helper."""

    __tablename__ = "desk_staff"
    __table_args__ = (UniqueConstraint("forum_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8), default=StaffRole.HELPER)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", lazy="joined")

    def __str__(self) -> str:
        return str(self.user)


class Institution(db.Model):
    """An institution the desk refers people to; may be one of the forum's member organisations."""

    __tablename__ = "desk_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(160))
    sector: Mapped[str] = mapped_column(String(24), default="other")
    address: Mapped[str] = mapped_column(String(240), default="")
    contact_person: Mapped[str] = mapped_column(String(160), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL"))
    retired: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    membership = relationship("Membership")

    def __str__(self) -> str:
        return self.name


class Case(db.Model):
    """An inquiry or complaint: what the person told the desk, how to reach them, and where it
    stands. Only the hash of its private link is kept."""

    __tablename__ = "desk_cases"
    __table_args__ = (UniqueConstraint("forum_id", "year", "sequence"),
                      Index("ix_desk_cases_forum_status", "forum_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    number: Mapped[str] = mapped_column(String(24), unique=True)
    year: Mapped[int]
    sequence: Mapped[int]
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default=Kind.INQUIRY)
    description: Mapped[str] = mapped_column(Text)
    happened_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(String(200), default="")
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("desk_institutions.id", ondelete="SET NULL"))
    institution_text: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(40), default="other")
    groups: Mapped[list] = mapped_column(JSON, default=list)  # ids of the forum's target groups
    language: Mapped[str] = mapped_column(String(8), default="en")
    wants_answer: Mapped[bool] = mapped_column(default=False)
    channel: Mapped[str] = mapped_column(String(12), default="")
    contact_name: Mapped[str] = mapped_column(String(160), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    consent: Mapped[bool] = mapped_column(default=False)
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                    index=True)
    assisted: Mapped[bool] = mapped_column(default=False)  # written down by staff
    sensitive: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="received")  # see states.py
    not_admissible_reason: Mapped[str] = mapped_column(Text, default="")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_on: Mapped[date]
    answered_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    contact_erased_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    forum: Mapped[Forum] = relationship()
    institution: Mapped[Institution | None] = relationship()
    assignee = relationship("User", foreign_keys=[assignee_id])
    filed_by = relationship("User", foreign_keys=[filed_by_id])
    notes: Mapped[list[Note]] = relationship(back_populates="case", cascade="all, delete-orphan",
                                             order_by="Note.id")
    referrals: Mapped[list[Referral]] = relationship(back_populates="case",
                                                     cascade="all, delete-orphan",
                                                     order_by="Referral.id")
    answers: Mapped[list[Answer]] = relationship(back_populates="case",
                                                 cascade="all, delete-orphan",
                                                 order_by="Answer.id")
    opens: Mapped[list[CaseOpen]] = relationship(cascade="all, delete-orphan",
                                                 order_by="CaseOpen.id.desc()")
    attachments: Mapped[list[Attachment]] = relationship(cascade="all, delete-orphan",
                                                         order_by="Attachment.id")

    def __str__(self) -> str:
        return self.number


class Note(db.Model):
    """An internal note of the desk's staff; never shown to the person."""

    __tablename__ = "desk_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"),
                                         index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="notes")
    author = relationship("User")


class Referral(db.Model):
    """The desk asking an institution to act on a case, and the institution's reply."""

    __tablename__ = "desk_referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"),
                                         index=True)
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("desk_institutions.id", ondelete="SET NULL"), index=True)
    referred_on: Mapped[date]
    request: Mapped[str] = mapped_column(Text)
    reply: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="referrals")
    institution: Mapped[Institution | None] = relationship()


class Answer(db.Model):
    """What the desk answered the person, in the case's language."""

    __tablename__ = "desk_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"),
                                         index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="en")
    emailed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="answers")
    author = relationship("User")


class CaseOpen(db.Model):
    """A member of the desk's staff opened a case (who, when): the head can see this log."""

    __tablename__ = "desk_case_opens"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"),
                                         index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class Attachment(db.Model):
    """A photo or PDF sent with a case, kept in the database and shown to the desk's staff only."""

    __tablename__ = "desk_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("desk_cases.id", ondelete="CASCADE"),
                                         index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
