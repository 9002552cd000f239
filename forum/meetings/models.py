"""A forum session (`Meeting`: "session" also means a login), its agenda, answers and attendance."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class Kind(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    HYBRID = "hybrid"


class Status(enum.StrEnum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"  # moved to a new date; still going ahead
    CANCELLED = "cancelled"
    HELD = "held"


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    MEMBERS = "members"


class Answer(enum.StrEnum):
    YES = "yes"
    NO = "no"


class Presence(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


KIND_LABELS = {Kind.IN_PERSON: _l("In person"), Kind.ONLINE: _l("Online"),
               Kind.HYBRID: _l("In person and online")}
STATUS_LABELS = {Status.SCHEDULED: _l("Scheduled"), Status.POSTPONED: _l("Moved to a new date"),
                 Status.CANCELLED: _l("Cancelled"), Status.HELD: _l("Held")}
VISIBILITY_LABELS = {Visibility.PUBLIC: _l("Public: anyone can see it"),
                     Visibility.MEMBERS: _l("Members only")}
PRESENCE_LABELS = {Presence.PRESENT: _l("Present"), Presence.EXCUSED: _l("Excused"),
                   Presence.ABSENT: _l("Absent")}
ACCESSIBILITY_LABELS = {
    "step_free": _l("Step-free access"),
    "accessible_toilet": _l("Accessible toilet"),
    "sign_language": _l("Sign language interpretation"),
    "romani_interpretation": _l("Romani interpretation"),
    "other_interpretation": _l("Interpretation between the forum's languages"),
    "hearing_loop": _l("Hearing loop"),
    "easy_read": _l("Easy-to-read documents"),
    "childcare": _l("Childcare"),
}


class Meeting(Multilingual, db.Model):
    """A session of a forum: when, where, how to take part, and what became of it."""

    __tablename__ = "meetings"
    __multilingual__ = ("title", "description", "cancel_reason")
    __table_args__ = (Index("ix_meetings_forum_starts", "forum_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True,
                                     default=lambda: uuid.uuid4().hex)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default=Kind.IN_PERSON)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    place_name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    accessibility: Mapped[list] = mapped_column(JSON, default=list)
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")
    online_url: Mapped[str] = mapped_column(String(500), default="")
    visibility: Mapped[str] = mapped_column(String(16), default=Visibility.PUBLIC)
    status: Mapped[str] = mapped_column(String(16), default=Status.SCHEDULED)
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    previous_starts_at: Mapped[datetime | None]
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE, bumped on change
    guest_count: Mapped[int] = mapped_column(default=0)
    guest_names: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    forum = relationship("Forum", lazy="joined")
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan",
        order_by="(AgendaItem.position, AgendaItem.id)")

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def is_open(self) -> bool:
        """Going ahead: scheduled or moved, not cancelled and not yet held."""
        return self.status in (Status.SCHEDULED, Status.POSTPONED)

    def __str__(self) -> str:
        return self.title


class AgendaItem(Multilingual, db.Model):
    """One point of a session's agenda, in order, with who presents it and for how long."""

    __tablename__ = "agenda_items"
    __multilingual__ = ("title", "description")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"),
                                            index=True)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    presenter_text: Mapped[str] = mapped_column(String(160), default="")
    duration_minutes: Mapped[int] = mapped_column(default=15)
    # The proposal this item was accepted from (see forum.proposals), if any.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                               ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")
    presenter = relationship("User", lazy="joined")

    @property
    def presenter_name(self) -> str:
        if self.presenter is not None:
            return self.presenter.public_name
        return self.presenter_text

    def __str__(self) -> str:
        return self.title


class Rsvp(db.Model):
    """Whether a person will come; the note is for the secretariat only."""

    __tablename__ = "rsvps"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User", lazy="joined")


class Attendance(db.Model):
    """Whether a member was present, excused or absent; sector kept as it was that day."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(8))
    sector: Mapped[str] = mapped_column(String(24))
    organisation: Mapped[str] = mapped_column(String(160), default="")
    name_public: Mapped[bool] = mapped_column(default=False)

    user = relationship("User", lazy="joined")


class MeetingSettings(db.Model):
    """A forum's rules for sessions: its quorum, and when reminders go out."""

    __tablename__ = "meeting_settings"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          primary_key=True)
    quorum_kind: Mapped[str] = mapped_column(String(8), default="share")  # none, count, share
    quorum_value: Mapped[int] = mapped_column(default=50)  # members, or percent of members
    reminder_hour: Mapped[int] = mapped_column(default=10)  # local hour, the day before


class Reminder(db.Model):
    """A reminder sent: one per person per session start, so a second run sends nothing."""

    __tablename__ = "meeting_reminders"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarFeed(db.Model):
    """A person's private calendar address; the token is the only key, and can be replaced."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
