"""Minutes of a session: the working copy with its revisions, the published versions, review
comments, and the action items followed from session to session."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class Status(enum.StrEnum):
    DRAFT = "draft"
    REVIEW = "review"
    APPROVED = "approved"
    PUBLISHED = "published"


class ApprovedHow(enum.StrEnum):
    SESSION = "session"  # by the forum at a later session
    RULE = "rule"  # by the secretariat under a rule of the forum


STATUS_LABELS = {Status.DRAFT: _l("Draft"), Status.REVIEW: _l("In review by the members"),
                 Status.APPROVED: _l("Approved, not yet published"),
                 Status.PUBLISHED: _l("Published")}


class Minutes(db.Model):
    """The minutes of one held session. `content` is the working copy (the latest revision);
    what the public reads are the frozen `MinutesVersion`s."""

    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            unique=True)
    meeting_day: Mapped[date]  # the session's local date, for the archive's years
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT)
    revision: Mapped[int] = mapped_column(default=1)
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(default=1)  # the version being prepared or published
    published_version: Mapped[int] = mapped_column(default=0)  # 0: never published
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    correction_language: Mapped[str] = mapped_column(String(8), default="en")
    approved_how: Mapped[str | None] = mapped_column(String(16))
    approved_at: Mapped[datetime | None]
    approved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    approval_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"))
    approval_rule: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    forum = relationship("Forum", lazy="joined")
    meeting = relationship("Meeting", foreign_keys=[meeting_id], lazy="joined")
    approval_meeting = relationship("Meeting", foreign_keys=[approval_meeting_id])

    @property
    def sections(self) -> list[dict]:
        return list((self.content or {}).get("sections", []))

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.REVIEW)

    def __str__(self) -> str:
        return str(self.meeting.title) if self.meeting is not None else f"#{self.id}"


class MinutesRevision(db.Model):
    """One save of the working copy: the whole text as it was, who saved it and when."""

    __tablename__ = "minutes_revisions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    what: Mapped[str] = mapped_column(String(200), default="")  # which section, in words
    content: Mapped[dict] = mapped_column(JSON, default=dict)

    author = relationship("User", lazy="joined")


class MinutesVersion(db.Model):
    """A published version, frozen: the text, attendance, follow-up and approval as published,
    and the translations the secretariat adds afterwards ({language: {text key: text}})."""

    __tablename__ = "minutes_versions"
    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    translations: Mapped[dict] = mapped_column(JSON, default=dict)
    correction_reason: Mapped[str] = mapped_column(Text, default="")
    correction_language: Mapped[str] = mapped_column(String(8), default="en")
    approved_how: Mapped[str] = mapped_column(String(16))
    approved_at: Mapped[datetime]
    approval_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"))
    approval_rule: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    search_text: Mapped[str] = mapped_column(Text, default="")
    decision_count: Mapped[int] = mapped_column(default=0)

    minutes: Mapped[Minutes] = relationship(lazy="joined")
    approval_meeting = relationship("Meeting")


class Comment(Multilingual, db.Model):
    """A member's remark on one section of a draft in review."""

    __tablename__ = "minutes_comments"
    __multilingual__ = ("body",)
    __table_args__ = (Index("ix_minutes_comments_minutes_section", "minutes_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    section_key: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                                  index=True)
    body: Mapped[str] = mapped_column(Text)
    revision: Mapped[int]  # the revision the member was reading
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")


class ActionItem(Multilingual, db.Model):
    """An action item of published minutes: what, who, by when — open until marked done.
    Its text follows the latest published version; done date and note are kept across
    corrections."""

    __tablename__ = "minutes_action_items"
    __multilingual__ = ("what",)
    __table_args__ = (UniqueConstraint("minutes_id", "key"),
                      Index("ix_minutes_action_items_forum_open", "forum_id", "done_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(16))
    what: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    owner_organisation: Mapped[str] = mapped_column(String(160), default="")
    owner_name: Mapped[str] = mapped_column(String(80), default="")
    owner_name_public: Mapped[bool] = mapped_column(default=False)
    due_on: Mapped[date]
    done_on: Mapped[date | None]
    done_note: Mapped[str] = mapped_column(Text, default="")
    done_language: Mapped[str] = mapped_column(String(8), default="en")
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    minutes: Mapped[Minutes] = relationship(lazy="joined")

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def session_title(self) -> str:
        return self.minutes.meeting.title

    @property
    def session_language(self) -> str:
        return self.minutes.meeting.language

    @property
    def session_day(self) -> date:
        return self.minutes.meeting_day

    def __str__(self) -> str:
        return self.what[:120]


class MinutesPdf(db.Model):
    """The PDF of a published version as laid out once, kept by the digest (`etag`) of the
    page it was made from: a reader's language, what their role may see, later translations
    and follow-ups each give another page, and so another PDF."""

    __tablename__ = "minutes_pdfs"
    __table_args__ = (UniqueConstraint("minutes_id", "number", "language", "etag"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id", ondelete="CASCADE"))
    number: Mapped[int]  # the version
    language: Mapped[str] = mapped_column(String(8))
    etag: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
