"""Proposals for a forum's agenda, their supports and reports, the public history of what the
secretariat answered, the groups a proposal concerns, and each forum's and person's settings."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from forum.core import search
from forum.core.content import LocalizedText, Multilingual
from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Forum
from forum.i18n import current_language


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    MERGED = "merged"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


OPEN = (Status.SUBMITTED, Status.UNDER_REVIEW)  # still waiting for the secretariat's answer


class EventKind(enum.StrEnum):
    """What happened to a proposal: a change of status, or the secretariat hiding it."""

    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    MERGED = "merged"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    HIDDEN = "hidden"
    RESTORED = "restored"


MODERATION_EVENTS = (EventKind.HIDDEN, EventKind.RESTORED)  # told to the author, not the public


class ReportReason(enum.StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"


STATUS_LABELS = {
    Status.SUBMITTED: _l("Waiting for an answer"),
    Status.UNDER_REVIEW: _l("Under review"),
    Status.ACCEPTED: _l("Accepted"),
    Status.MERGED: _l("Merged"),
    Status.DECLINED: _l("Declined"),
    Status.WITHDRAWN: _l("Withdrawn"),
}
EVENT_LABELS = {
    EventKind.UNDER_REVIEW: _l("The secretariat is looking at it"),
    EventKind.ACCEPTED: _l("Accepted"),
    EventKind.MERGED: _l("Merged into another proposal"),
    EventKind.DECLINED: _l("Declined"),
    EventKind.WITHDRAWN: _l("Withdrawn by its author"),
    EventKind.HIDDEN: _l("Hidden by the secretariat"),
    EventKind.RESTORED: _l("Shown again by the secretariat"),
}
REPORT_REASON_LABELS = {
    ReportReason.SPAM: _l("Spam or advertising"),
    ReportReason.OFFENSIVE: _l("Offensive or hateful"),
    ReportReason.PERSONAL_DATA: _l("It shows someone's personal data"),
    ReportReason.OTHER: _l("Something else"),
}
# The groups every forum starts with; their names come from the catalogs, in every language.
DEFAULT_GROUPS = {
    "roma": _l("Roma"),
    "disability": _l("People with disabilities"),
    "women": _l("Women and girls"),
    "lgbti": _l("LGBTI+ people"),
    "youth": _l("Young people"),
    "elderly": _l("Older people"),
    "other": _l("Other"),
}

proposal_groups = Table(
    "proposal_groups", db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("target_groups.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)


class TargetGroup(Multilingual, db.Model):
    """A group of people a proposal can concern. A standard group (with a `key`) is named by the
    catalogs until the forum renames it; then its name is the forum's own text."""

    __tablename__ = "target_groups"
    __multilingual__ = ("name",)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          index=True)
    key: Mapped[str | None] = mapped_column(String(24))
    name: Mapped[str] = mapped_column(String(80), default="")
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)  # no longer offered; kept on proposals

    forum: Mapped[Forum] = relationship()

    def label(self, reader: str | None = None) -> LocalizedText:
        if self.name or self.key not in DEFAULT_GROUPS:
            return self.localized("name", reader)
        return LocalizedText(str(DEFAULT_GROUPS[self.key]), reader or current_language(), False)

    def __str__(self) -> str:
        return self.name or str(self.key)


class Proposal(Multilingual, db.Model):
    """A topic someone asks the forum to discuss, and where it stands."""

    __tablename__ = "proposals"
    __multilingual__ = ("title", "description")
    __table_args__ = (Index("ix_proposals_forum_created", "forum_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=Status.SUBMITTED, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  index=True)
    # The person the secretariat wrote this down for, when they came in person (staff only).
    on_behalf_of: Mapped[str] = mapped_column(String(160), default="")
    related_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    scheduled_meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL"))
    hidden_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None]  # when it was accepted, merged, declined or withdrawn
    search_text: Mapped[str] = mapped_column(Text, default="")  # see `searchable`

    forum: Mapped[Forum] = relationship(lazy="joined")
    author = relationship("User", lazy="joined", foreign_keys=[author_id])
    groups: Mapped[list[TargetGroup]] = relationship(
        secondary=proposal_groups, lazy="selectin", order_by=TargetGroup.position)
    related_meeting = relationship("Meeting", foreign_keys=[related_meeting_id])
    scheduled_meeting = relationship("Meeting", foreign_keys=[scheduled_meeting_id])
    merged_into = relationship("Proposal", remote_side=[id], foreign_keys=[merged_into_id])
    events: Mapped[list[ProposalEvent]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan",
        foreign_keys="ProposalEvent.proposal_id",
        order_by="(ProposalEvent.created_at, ProposalEvent.id)")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def entered_for_someone(self) -> bool:
        return bool(self.on_behalf_of)

    def __str__(self) -> str:
        return self.title


class ProposalEvent(Multilingual, db.Model):
    """One step in a proposal's public history, with the text that explains it (the answer)."""

    __tablename__ = "proposal_events"
    __multilingual__ = ("text",)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id",
                                                              ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id",
                                                                  ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="events",
                                              foreign_keys=[proposal_id])
    meeting = relationship("Meeting")
    merged_into = relationship("Proposal", foreign_keys=[merged_into_id])

    @property
    def is_moderation(self) -> bool:
        return self.kind in MODERATION_EVENTS

    def __str__(self) -> str:
        return self.kind


class Support(db.Model):
    """One person's support of one proposal; after they delete their account it stays,
    nameless, so the count does not change."""

    __tablename__ = "proposal_supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Report(db.Model):
    """Someone's report that a proposal is abusive; the secretariat closes it by deciding."""

    __tablename__ = "proposal_reports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]


class ProposalSettings(db.Model):
    """A forum's rule for proposals: how many days the secretariat has to answer."""

    __tablename__ = "proposal_settings"

    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                          primary_key=True)
    answer_days: Mapped[int] = mapped_column(default=30)


class NoticePreferences(db.Model):
    """Which proposal e-mails a person wants; without a row, they get them all."""

    __tablename__ = "proposal_notice_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    own: Mapped[bool] = mapped_column(default=True)  # about proposals they wrote
    supported: Mapped[bool] = mapped_column(default=True)  # about proposals they support
    # about new proposals in the forums whose secretariat they are in
    new_ones: Mapped[bool] = mapped_column(default=True)


def searchable(proposal: Proposal) -> str:
    """The text a search looks in: every language of the title and description (see
    `forum.core.search`), so `vrtic` finds `вртић`."""
    parts = [proposal.title or "", proposal.description or ""]
    for fields in (proposal.translations or {}).values():
        parts.extend(fields.get(name) or "" for name in Proposal.__multilingual__)
    return search.searchable(parts)


@event.listens_for(Proposal, "before_insert")
@event.listens_for(Proposal, "before_update")
def _keep_search_text(mapper, connection, proposal: Proposal) -> None:
    proposal.search_text = searchable(proposal)


def default_groups(forum: Forum) -> list[TargetGroup]:
    return [TargetGroup(forum=forum, key=key, language=forum.language or "en", position=index)
            for index, key in enumerate(DEFAULT_GROUPS, start=1)]


@event.listens_for(Session, "before_flush")
def _give_new_forums_the_default_groups(session, flush_context, instances) -> None:
    """Every forum starts with the standard groups, however it is created."""
    for obj in list(session.new):
        if isinstance(obj, Forum) and not getattr(obj, "_default_groups_given", False):
            obj._default_groups_given = True
            session.add_all(default_groups(obj))
