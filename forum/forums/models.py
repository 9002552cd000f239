"""A forum, its members with their organisation and sector, and invitations to join."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.core.content import Multilingual
from forum.core.db import utcnow
from forum.extensions import db


class Sector(enum.StrEnum):
    MUNICIPALITY = "municipality"
    NGO = "ngo"
    POLICE = "police"
    SCHOOL = "school"
    SOCIAL_SERVICES = "social_services"
    HEALTH = "health"
    COMMUNITY = "community"
    OTHER = "other"


SECTOR_LABELS = {
    Sector.MUNICIPALITY: _l("Municipality"),
    Sector.NGO: _l("Non-governmental organisation"),
    Sector.POLICE: _l("Police"),
    Sector.SCHOOL: _l("School"),
    Sector.SOCIAL_SERVICES: _l("Social services"),
    Sector.HEALTH: _l("Health"),
    Sector.COMMUNITY: _l("Community representative"),
    Sector.OTHER: _l("Other"),
}

COUNTRY_LABELS = {
    "MK": _l("North Macedonia"),
    "AL": _l("Albania"),
    "RS": _l("Serbia"),
    "BA": _l("Bosnia and Herzegovina"),
    "XK": _l("Kosovo"),
    "ME": _l("Montenegro"),
}
CURRENCIES = ("MKD", "ALL", "RSD", "BAM", "EUR")
TIMEZONES = ("Europe/Skopje", "Europe/Tirane", "Europe/Belgrade", "Europe/Sarajevo",
             "Europe/Podgorica")


class MemberRole(enum.StrEnum):
    MEMBER = "member"
    SECRETARIAT = "secretariat"


ROLE_LABELS = {MemberRole.MEMBER: _l("Member"), MemberRole.SECRETARIAT: _l("Secretariat")}


class Forum(Multilingual, db.Model):
    """A municipality's Forum for Social Dialogue."""

    __tablename__ = "forums"
    __multilingual__ = ("name", "description", "municipality")

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(String(2))
    municipality: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    languages: Mapped[list] = mapped_column(JSON, default=list)
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="forum",
                                                         cascade="all, delete-orphan")

    def __str__(self) -> str:
        return self.name


class Membership(db.Model):
    """A person's place in one forum: role, organisation, sector, and whether their name shows."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("forum_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=MemberRole.MEMBER)
    organisation: Mapped[str] = mapped_column(String(160), default="")
    sector: Mapped[str] = mapped_column(String(24), default=Sector.OTHER)
    name_public: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    forum: Mapped[Forum] = relationship(back_populates="memberships")
    user = relationship("User", lazy="joined")

    def __str__(self) -> str:
        return f"{self.user} ({self.organisation})" if self.organisation else str(self.user)


class Invitation(db.Model):
    """An e-mailed invitation to join a forum; only the token's hash is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(ForeignKey("forums.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16), default=MemberRole.MEMBER)
    organisation: Mapped[str] = mapped_column(String(160), default="")
    sector: Mapped[str] = mapped_column(String(24), default=Sector.OTHER)
    language: Mapped[str] = mapped_column(String(8), default="en")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    forum: Mapped[Forum] = relationship()

    def __str__(self) -> str:
        return self.email
