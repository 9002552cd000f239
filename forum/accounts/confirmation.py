"""Confirming an e-mail address: a link sent at sign-up, again on request, and after a change.

Until a person confirms, the address gets no mail but the ones that confirm or recover it
(`may_receive`, checked by `forum.core.mail.queue` for every message).
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update

from forum.accounts.models import EmailConfirmation, User
from forum.accounts.tokens import TokenProblem, external_link, new_token, token_hash, usable
from forum.core import mail
from forum.core.db import utcnow
from forum.extensions import db

LINK_DAYS = 3


def send_link(user: User, next_path: str | None = None) -> None:
    """Queue a fresh confirmation link for the person's address (the caller commits); older
    links stop working."""
    db.session.execute(delete(EmailConfirmation).where(EmailConfirmation.user_id == user.id,
                                                       EmailConfirmation.used_at.is_(None)))
    token = new_token()
    db.session.add(EmailConfirmation(user_id=user.id, email=user.email,
                                     token_hash=token_hash(token),
                                     expires_at=utcnow() + timedelta(days=LINK_DAYS)))
    link = external_link("accounts.confirm_email", token=token, lang=user.language,
                         next=next_path)
    mail.queue(user.email, user.language, _l("Confirm your e-mail address"),
               "email/confirm.txt", before_confirmation=True, user=user, link=link,
               days=LINK_DAYS)


def check(token: str) -> EmailConfirmation:
    record = usable(EmailConfirmation, token)
    user = db.session.get(User, record.user_id)
    if user is None or not user.is_active or user.email != record.email:
        raise TokenProblem("unknown")  # the address changed since the link was sent
    return record


def confirm(token: str) -> User:
    """Spend the link once and mark the address confirmed; the same form sent twice (a double
    tap) finds the address confirmed and changes nothing."""
    try:
        record = check(token)
    except TokenProblem as problem:
        if problem.reason == "used" and (user := confirmed_by(token)) is not None:
            return user
        raise
    spent = db.session.execute(
        update(EmailConfirmation)
        .where(EmailConfirmation.id == record.id, EmailConfirmation.used_at.is_(None))
        .values(used_at=utcnow()))
    if spent.rowcount != 1:  # the same link sent twice at once: the first one counts
        db.session.rollback()
        raise TokenProblem("used")
    user = db.session.get(User, record.user_id)
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    db.session.commit()
    return user


def confirmed_by(token: str) -> User | None:
    """The person whose address this used link confirmed, while it still is that address."""
    record = db.session.scalar(
        select(EmailConfirmation).where(EmailConfirmation.token_hash == token_hash(token)))
    user = db.session.get(User, record.user_id) if record is not None else None
    if user is not None and user.email == record.email and user.email_confirmed:
        return user
    return None


def may_receive(address: str) -> bool:
    """False for an address whose account has not confirmed it; other addresses are not ours."""
    row = db.session.execute(select(User.id, User.email_confirmed_at)
                             .where(User.email == address.lower())).first()
    return row is None or row.email_confirmed_at is not None


mail.add_recipient_check(may_receive)
