"""Tables every area writes to: the audit log, the e-mail outbox, sent forms, jobs, files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.db import utcnow
from forum.extensions import db


class AuditEntry(db.Model):
    """One write by a secretariat or an administrator: who, what, when, before → after."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_forum_at", "forum_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None]
    target_label: Mapped[str | None] = mapped_column(String(200))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)

    actor = relationship("User", lazy="joined")


class OutboxMessage(db.Model):
    """An e-mail written in the same transaction as the change it reports, sent after commit.

    A deliverer claims a row (`claimed_by`) until `claimed_until`; after a failure nobody takes
    it before `claimed_until` either (the back-off), and a killed deliverer's claim runs out."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    claimed_until: Mapped[datetime | None] = mapped_column()
    claimed_by: Mapped[str | None] = mapped_column(String(32))


class OnceClaim(db.Model):
    """A sent form's one-time token, claimed by the first request that carries it.

    `key` hashes the token with its owner, address and content, so no row names a person.
    """

    __tablename__ = "once_claims"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(8))  # "running", then "done" (or the row goes)
    location: Mapped[str | None] = mapped_column(String(2000))
    flashes: Mapped[list | None] = mapped_column(JSON)


class StoredFile(db.Model):
    """A file kept in the database (FILE_STORAGE = "database"), readable by every app server."""

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int]
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Job(db.Model):
    """Long work run by the worker: who started it, its progress, the errors found so far, and
    its report or why it failed. The input (an uploaded file) is kept in the database so that any
    worker on any server can read it, and dropped once the job ends."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_status_heartbeat", "status", "heartbeat_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    forum_id: Mapped[int | None] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"),
                                                 index=True)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="queued")
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    input: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    same_as: Mapped[str | None] = mapped_column(String(64), index=True)  # one job per thing
    rows_total: Mapped[int | None]
    rows_done: Mapped[int] = mapped_column(default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # {line, text, args}, bounded
    error_count: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict | None] = mapped_column(JSON)
    failure: Mapped[dict | None] = mapped_column(JSON)  # {text, args}: shown translated
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    started_by = relationship("User")
    forum = relationship("Forum")
