"""Personal data past its time is deleted by the nightly job and by `flask forget-expired`."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.accounts.models import EmailConfirmation, PasswordResetToken
from forum.core import retention
from forum.core.db import utcnow
from forum.core.mail import MAX_ATTEMPTS
from forum.core.models import OutboxMessage
from forum.core.tasks import forget_expired
from forum.extensions import db
from tests.fixtures.accounts import create_user


def _mail(age_days: int, *, sent: bool, attempts: int = 1) -> OutboxMessage:
    created = utcnow() - timedelta(days=age_days)
    return OutboxMessage(recipient="a@example.org", subject="s", body="b", language="en",
                         created_at=created, sent_at=created if sent else None,
                         attempts=attempts)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_old_sent_mail_and_spent_links_go_and_nothing_else(app):
    with app.app_context():
        user = create_user(email="person@example.org")
        now = utcnow()
        db.session.add_all([
            _mail(31, sent=True), _mail(31, sent=False, attempts=MAX_ATTEMPTS),
            _mail(31, sent=False, attempts=2),  # still being tried: kept
            _mail(2, sent=True)])
        for n, (expires, used) in enumerate([(now - timedelta(days=31), None),
                                             (now + timedelta(hours=1), now - timedelta(days=31)),
                                             (now - timedelta(days=2), None),
                                             (now + timedelta(hours=1), None)]):
            db.session.add(PasswordResetToken(user_id=user.id, token_hash=f"r{n}",
                                              expires_at=expires, used_at=used))
        db.session.add(EmailConfirmation(user_id=user.id, email=user.email, token_hash="c1",
                                         expires_at=now - timedelta(days=40)))
        db.session.commit()
        counts = retention.forget_expired()
        assert counts["e-mails sent (or given up) longer ago than MAIL_KEEP_DAYS"] == 2
        assert counts["password-reset and confirmation links expired or used over 30 days "
                      "ago"] == 3
        assert _count(OutboxMessage) == 2 and _count(PasswordResetToken) == 2
        assert _count(EmailConfirmation) == 0
        assert set(retention.forget_expired().values()) == {0}  # a second run finds nothing


def test_the_worker_job_and_the_command_do_the_same(app):
    with app.app_context():
        db.session.add(_mail(40, sent=True))
        db.session.commit()
    forget_expired()  # the queue runs it at once in tests
    with app.app_context():
        assert _count(OutboxMessage) == 0
        db.session.add(_mail(40, sent=True))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["forget-expired"])
    assert result.exit_code == 0 and "     1  e-mails sent" in result.output
    with app.app_context():
        assert _count(OutboxMessage) == 0
