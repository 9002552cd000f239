"""People with an account, and the single-use tokens that reset a password or confirm an address."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.core.db import utcnow
from forum.extensions import db


class User(UserMixin, db.Model):
    """A person. After deletion the row stays, emptied, so what they wrote keeps an author."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str | None] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(8), default="en")
    is_admin: Mapped[bool] = mapped_column(default=False)
    session_version: Mapped[int] = mapped_column(default=1)
    email_confirmed_at: Mapped[datetime | None]
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    sign_in_wait_until: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]
    deleted_at: Mapped[datetime | None]

    def get_id(self) -> str:
        # Bumping session_version signs the person out everywhere (sign-out, password change,
        # deletion); the remember-me cookie carries this id too.
        return f"{self.id}:{self.session_version}"

    @property
    def email_confirmed(self) -> bool:
        """Whether the person showed they read mail at this address (only then is it used)."""
        return self.email is not None and self.email_confirmed_at is not None

    @property
    def is_active(self) -> bool:
        return self.deleted_at is None

    @property
    def public_name(self) -> str:
        return self.display_name if self.deleted_at is None else _("former member")

    def __str__(self) -> str:
        return self.display_name or f"#{self.id}"


class PasswordResetToken(db.Model):
    """A reset link: only its hash is stored; it expires and works once."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class EmailConfirmation(db.Model):
    """A link that confirms one address of one person: only its hash is stored; it expires and
    works once, and only while the person still has that address."""

    __tablename__ = "email_confirmations"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
