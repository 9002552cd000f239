"""The wait after wrong passwords, counted per account: it grows with each failure and is capped,
so a stranger can slow down guessing but never keep a person out for long. A browser the person
signed in with before carries a signed cookie and skips the wait (OWASP's "device cookies").
"""

from __future__ import annotations

import math
from datetime import timedelta

from flask import current_app, request
from flask_babel import lazy_ngettext
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select, update

from forum.accounts.models import User
from forum.core.db import utcnow
from forum.extensions import db

FREE_FAILURES = 4  # wrong passwords before the first wait
MAX_WAIT_SECONDS = 15 * 60
DEVICE_COOKIE = "forum_device"
DEVICE_DAYS = 365
DEVICE_ACCOUNTS = 5  # people who share one phone each keep their place in its cookie


class MustWait(Exception):
    """The account asks to wait before the next try; `message` says how long, plainly."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds
        if seconds >= 60:
            minutes = math.ceil(seconds / 60)
            self.message = lazy_ngettext(
                "Too many wrong passwords for this account. Wait %(num)d minute, then try again.",
                "Too many wrong passwords for this account. Wait %(num)d minutes, then try "
                "again.", minutes)
        else:
            self.message = lazy_ngettext(
                "Too many wrong passwords for this account. Wait %(num)d second, then try again.",
                "Too many wrong passwords for this account. Wait %(num)d seconds, then try "
                "again.", seconds)


def wait_after(failures: int) -> int:
    """Seconds to wait after this many wrong passwords in a row: 2, 4, 8, … up to 15 minutes."""
    if failures <= FREE_FAILURES:
        return 0
    return min(2 ** min(failures - FREE_FAILURES, 20), MAX_WAIT_SECONDS)


def check(user: User) -> None:
    """Raise MustWait while the account's wait is running."""
    if user.sign_in_wait_until is not None:
        left = (user.sign_in_wait_until - utcnow()).total_seconds()
        if left > 0:
            raise MustWait(math.ceil(left))


def note_failure(user: User) -> None:
    """Count a wrong password (safely against requests at the same moment) and start the wait."""
    db.session.execute(update(User).where(User.id == user.id)
                       .values(failed_sign_ins=User.failed_sign_ins + 1))
    failures = db.session.scalar(select(User.failed_sign_ins).where(User.id == user.id))
    if seconds := wait_after(failures):
        db.session.execute(update(User).where(User.id == user.id).values(
            sign_in_wait_until=utcnow() + timedelta(seconds=seconds)))
    db.session.commit()


def forget_failures(user: User) -> None:
    """A right password (or a new one) ends the count; the caller commits."""
    user.failed_sign_ins = 0
    user.sign_in_wait_until = None


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def known_accounts() -> list[int]:
    """The accounts that signed in with this browser before."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return []
    try:
        ids = _serializer().loads(cookie, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return []
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def remember_device(response, user: User):
    ids = [user.id] + [i for i in known_accounts() if i != user.id]
    config = current_app.config
    response.set_cookie(DEVICE_COOKIE, _serializer().dumps(ids[:DEVICE_ACCOUNTS]),
                        max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                        secure=config["SESSION_COOKIE_SECURE"],
                        path=config.get("APPLICATION_ROOT") or "/")
    return response
