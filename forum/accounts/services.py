"""Every write to accounts, and the queries the account views need."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from forum.accounts import confirmation, throttle
from forum.accounts.models import EmailConfirmation, PasswordResetToken, User
from forum.accounts.passwords import hash_password, verify_password
from forum.accounts.tokens import TokenProblem, external_link, new_token, token_hash, usable
from forum.core import mail, slots
from forum.core.db import utcnow
from forum.core.models import OutboxMessage
from forum.extensions import db

__all__ = ["TokenProblem"]


class EmailTaken(Exception):
    """Another account already uses this e-mail address."""


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.lower()))


def sign_up(display_name: str, email: str, password: str, language: str,
            next_path: str | None = None) -> None:
    """Create an account and mail its confirmation link; for an address that has an account,
    mail that person instead. Either way the caller learns nothing, and nobody is signed in."""
    password_hash = hash_password(password)  # the same work whether the address is known or not
    existing = find_by_email(email)
    if existing is None:
        user = User(display_name=display_name, email=email.lower(), language=language,
                    password_hash=password_hash)
        db.session.add(user)
        try:
            db.session.flush()
        except IntegrityError:  # the unique index decides, also for two requests at once
            db.session.rollback()
            existing = find_by_email(email)
        else:
            confirmation.send_link(user, next_path)
    if existing is not None:
        _tell_account_exists(existing, language)
    db.session.commit()


def _tell_account_exists(user: User, language: str) -> None:
    mail.queue(user.email, user.language or language, _l("You already have an account"),
               "email/account_exists.txt", before_confirmation=True, user=user,
               sign_in=external_link("accounts.sign_in", lang=user.language),
               reset=external_link("accounts.request_reset", lang=user.language))


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    return user if verify_password(user.password_hash, password) else None


def sign_in(email: str, password: str, known_accounts: list[int]) -> User | None:
    """The account when the password is right; raises MustWait while the account's wait runs
    (except on a browser it signed in with before). Wrong passwords are counted."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        verify_password(None, password)
        return None
    if user.id not in known_accounts:
        throttle.check(user)
    if verify_password(user.password_hash, password):
        return user
    throttle.note_failure(user)
    return None


def note_sign_in(user: User) -> None:
    user.last_sign_in_at = utcnow()
    throttle.forget_failures(user)
    db.session.commit()


def sign_out(user: User) -> None:
    """End every session of the person, also copied cookies and remember-me cookies."""
    user.session_version += 1
    db.session.commit()


def change_password(user: User, password: str) -> None:
    """A new password signs the person out of every other device and spends every reset link."""
    user.password_hash = hash_password(password)
    user.session_version += 1
    throttle.forget_failures(user)
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    db.session.commit()


def update_profile(user: User, display_name: str, language: str) -> None:
    user.display_name = display_name
    user.language = language
    db.session.commit()


def change_email(user: User, email: str) -> None:
    """A new address is unconfirmed until its link is opened; the old links stop working."""
    if email.lower() == user.email:
        return
    user.email = email.lower()
    user.email_confirmed_at = None
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(email) from error
    confirmation.send_link(user)
    db.session.commit()


def resend_confirmation(user: User, next_path: str | None = None) -> None:
    if not user.email_confirmed:
        confirmation.send_link(user, next_path)
        db.session.commit()


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address has an account; say nothing either way."""
    user = find_by_email(email)
    if user is None or not user.is_active:
        return
    token = new_token()
    hours = current_app.config["RESET_TOKEN_HOURS"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=token_hash(token),
                                      expires_at=utcnow() + timedelta(hours=hours)))
    link = external_link("accounts.reset_password", token=token, lang=user.language)
    mail.queue(user.email, user.language, _l("Set a new password"), "email/reset.txt",
               before_confirmation=True, user=user, link=link, hours=hours)
    db.session.commit()


def check_reset_token(token: str) -> PasswordResetToken:
    return usable(PasswordResetToken, token)


def reset_password(token: str, password: str) -> User:
    """Use a reset token once: set the password and spend every token of that person. The link
    came by mail, so it also confirms the address."""
    record = check_reset_token(token)
    spent = db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == record.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow()))
    if spent.rowcount != 1:  # a second request with the same link got there first
        db.session.rollback()
        raise TokenProblem("used")
    db.session.execute(update(PasswordResetToken)
                       .where(PasswordResetToken.user_id == record.user_id,
                              PasswordResetToken.used_at.is_(None))
                       .values(used_at=utcnow()))
    user = db.session.get(User, record.user_id)
    user.password_hash = hash_password(password)
    user.session_version += 1
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    throttle.forget_failures(user)
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
    db.session.execute(delete(EmailConfirmation).where(EmailConfirmation.user_id == user.id))
    if user.email:  # sent and unsent: mail to them is their data too
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == user.email))
    user.display_name = None
    user.email = None
    user.email_confirmed_at = None
    user.password_hash = None
    user.is_admin = False
    user.deleted_at = utcnow()
    user.session_version += 1
    db.session.commit()
