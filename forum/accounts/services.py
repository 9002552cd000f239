"""Every write to accounts, and the queries the account views need."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from forum.accounts.models import PasswordResetToken, User
from forum.accounts.passwords import hash_password, verify_password
from forum.core import mail, slots
from forum.core.db import utcnow
from forum.extensions import db


class EmailTaken(Exception):
    """Another account already uses this e-mail address."""


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def register(display_name: str, email: str, password: str, language: str) -> User:
    user = User(display_name=display_name, email=email.lower(), language=language,
                password_hash=hash_password(password))
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError as error:  # the unique index decides, also for two requests at once
        db.session.rollback()
        raise EmailTaken(email) from error
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def note_sign_in(user: User) -> None:
    user.last_sign_in_at = utcnow()
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """A new password signs the person out of every other device."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    db.session.commit()


def update_profile(user: User, display_name: str, language: str) -> None:
    user.display_name = display_name
    user.language = language
    db.session.commit()


def change_email(user: User, email: str) -> None:
    user.email = email.lower()
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(email) from error


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = secrets.token_urlsafe(32)
    hours = current_app.config["RESET_TOKEN_HOURS"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=_token_hash(token),
                                      expires_at=utcnow() + timedelta(hours=hours)))
    link = url_for("accounts.reset_password", token=token, lang=user.language, _external=True)
    mail.queue(user.email, user.language, _l("Set a new password"), "email/reset.txt",
               user=user, link=link, hours=hours)
    db.session.commit()


class TokenProblem(Exception):
    """The reset link is unknown, expired or already used; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def check_reset_token(token: str) -> PasswordResetToken:
    record = db.session.scalar(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == _token_hash(token)))
    if record is None:
        raise TokenProblem("unknown")
    if record.used_at is not None:
        raise TokenProblem("used")
    if record.expires_at <= utcnow():
        raise TokenProblem("expired")
    return record


def reset_password(token: str, password: str) -> User:
    """Use a reset token once: set the password and spend every token of that person."""
    record = check_reset_token(token)
    spent = db.session.execute(
        PasswordResetToken.__table__.update()
        .where(PasswordResetToken.id == record.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow()))
    if spent.rowcount != 1:  # a second request with the same link got there first
        db.session.rollback()
        raise TokenProblem("used")
    user = db.session.get(User, record.user_id)
    user.password_hash = hash_password(password)
    user.session_version += 1
    db.session.commit()
    return user


def personal_data(user: User) -> dict:
    """Everything the platform holds about a person, for their own download."""
    data = {
        "account": {
            "display_name": user.display_name,
            "email": user.email,
            "language": user.language,
            "created_at": user.created_at.isoformat(),
            "last_sign_in_at": user.last_sign_in_at.isoformat() if user.last_sign_in_at else None,
            "is_admin": user.is_admin,
        }
    }
    for provider in slots.PERSONAL_DATA:
        key, value = provider(user)
        data[key] = value
    return data


def delete_account(user: User) -> None:
    """Erase a person's personal data; what they wrote in public stays, by "former member"."""
    for eraser in slots.ERASERS:
        eraser(user)
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    from forum.core.models import OutboxMessage

    if user.email:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == user.email,
                                                       OutboxMessage.sent_at.is_(None)))
    user.display_name = None
    user.email = None
    user.password_hash = None
    user.is_admin = False
    user.deleted_at = utcnow()
    user.session_version += 1
    db.session.commit()
