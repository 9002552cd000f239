"""E-mail through an outbox: queued in the writing transaction, delivered by a task after commit.

A deliverer claims a batch of rows atomically (so no message goes out twice, however many run at
once), sends the batch over one SMTP connection, and records each message as sent the moment it
is. Without `MAIL_SERVER` (development) each message is printed on the worker's console. Once
sent, a message's body (which may hold a reset link) is emptied; `MAIL_KEEP_SENT_BODIES = True`
keeps it (the tests read sent mail).

Areas may add a recipient check (`add_recipient_check`): accounts refuses every address whose
account has not confirmed it, except for the mails that confirm or recover one.
"""

from __future__ import annotations

import secrets
import smtplib
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import click
from flask import current_app, g, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from forum.core.db import utcnow
from forum.core.models import OutboxMessage
from forum.extensions import db

MAX_ATTEMPTS = 10  # with the back-off below, about five hours of trying
BATCH = 50  # messages sent over one SMTP connection
CLAIM_SECONDS = 600  # a claim older than this was left by a killed deliverer
REDACTED = ""
_RECIPIENT_CHECKS: list[Callable[[str], bool]] = []


class MailServerUnavailable(Exception):
    """The mail server could not be reached, hung or hung up; the batch waits for a retry."""


def add_recipient_check(check: Callable[[str], bool]) -> None:
    """Register `check(address) -> bool`; mail goes only to addresses every check accepts."""
    if check not in _RECIPIENT_CHECKS:
        _RECIPIENT_CHECKS.append(check)


def queue(recipient: str | None, language: str, subject, template: str, *,
          before_confirmation: bool = False, **context) -> None:
    """Write an e-mail in the recipient's language into the outbox of the current transaction.

    `before_confirmation` is for the few mails that may go to an address nobody confirmed yet
    (the confirmation link itself, a password reset, an invitation)."""
    if not recipient:
        return
    if not before_confirmation and not all(check(recipient) for check in _RECIPIENT_CHECKS):
        return
    with force_locale(language):
        body = render_template(template, **context)
        message = OutboxMessage(recipient=recipient, subject=str(subject)[:250], body=body,
                                language=language)
    db.session.add(message)


@event.listens_for(Session, "after_flush")
def _note_flushed_mail(session, flush_context) -> None:
    if any(isinstance(obj, OutboxMessage) for obj in session.new):
        session.info["outbox_flushed"] = True


@event.listens_for(Session, "after_commit")
def _note_committed_mail(session) -> None:
    if session.info.pop("outbox_flushed", False) and g:
        g.outbox_committed = True


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_mail(session, previous_transaction) -> None:
    session.info.pop("outbox_flushed", None)


def enqueue_after_request(response):
    """After a request whose committed writes queued mail, ask the worker to deliver it."""
    if g.pop("outbox_committed", False):
        from forum.core import queue, tasks

        queue.enqueue(tasks.deliver_mail)
    return response


def back_off(attempts: int) -> timedelta:
    """How long a message waits after its n-th failed attempt: 1, 2, 4 … minutes, at most 1 h."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def _claimable(now: datetime):
    return (OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS,
            or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until <= now))


def claim(limit: int) -> tuple[str, list[int]]:
    """Take up to `limit` unsent messages for this deliverer alone; (claim token, their ids)."""
    now, token = utcnow(), secrets.token_hex(16)
    seconds = current_app.config.get("MAIL_CLAIM_SECONDS", CLAIM_SECONDS)
    mine = {"claimed_by": token, "claimed_until": now + timedelta(seconds=seconds)}
    candidates = (select(OutboxMessage.id).where(*_claimable(now))
                  .order_by(OutboxMessage.id).limit(limit))
    if db.engine.dialect.name == "postgresql":
        locked = candidates.with_for_update(skip_locked=True).scalar_subquery()
        ids = list(db.session.scalars(update(OutboxMessage).where(OutboxMessage.id.in_(locked))
                                      .values(**mine).returning(OutboxMessage.id)))
    else:  # SQLite: one writer at a time; a row another deliverer took no longer matches
        wanted = list(db.session.scalars(candidates))
        db.session.commit()
        ids = [id_ for id_ in wanted if db.session.execute(
            update(OutboxMessage).where(OutboxMessage.id == id_, *_claimable(now)).values(**mine)
            .execution_options(synchronize_session=False)).rowcount == 1]
    db.session.commit()
    return token, sorted(ids)


def deliver_pending(limit: int = 100) -> int:
    """Send (or print) unsent messages, batch by batch; returns how many went out.

    Raises MailServerUnavailable when the server cannot be reached or hangs up; what was not
    sent is kept, with the error, for a retry after its back-off."""
    sent = 0
    while sent < limit:
        token, ids = claim(min(BATCH, limit - sent))
        if not ids:
            break
        sent += _deliver_batch(token, ids)
    return sent


def _deliver_batch(token: str, ids: list[int]) -> int:
    messages = list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.claimed_by == token).order_by(OutboxMessage.id)))
    waiting, sent = list(messages), 0
    try:
        with _connection() as send:
            for message in messages:
                try:
                    send(message)
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
                        smtplib.SMTPDataError) as refusal:
                    if _code(refusal) == 421:  # the server is closing the connection
                        raise
                    _record_failure(message, refusal, final=_code(refusal) >= 500)
                else:
                    _record_sent(message)
                    sent += 1
                waiting.remove(message)
    except (OSError, smtplib.SMTPException) as error:
        for message in waiting:
            _record_failure(message, error)
        raise MailServerUnavailable(str(error) or error.__class__.__name__) from error
    return sent


def _code(refusal: smtplib.SMTPException) -> int:
    if isinstance(refusal, smtplib.SMTPRecipientsRefused):
        return min(code for code, _text in refusal.recipients.values())
    return refusal.smtp_code


def _record_sent(message: OutboxMessage) -> None:
    """The message went out: record it at once, so no later failure sends it again."""
    message.attempts += 1
    message.sent_at = utcnow()
    message.claimed_until = message.claimed_by = None
    if not current_app.config.get("MAIL_KEEP_SENT_BODIES"):
        message.body = REDACTED  # a sent reset link must not stay readable here
    db.session.commit()


def _record_failure(message: OutboxMessage, error: Exception, final: bool = False) -> None:
    """Count the attempt and keep the error; the message waits out its back-off (or, refused
    for good by the server, is never tried again)."""
    message.attempts = MAX_ATTEMPTS if final else message.attempts + 1
    message.last_error = (str(error) or error.__class__.__name__)[:500]
    message.claimed_until, message.claimed_by = utcnow() + back_off(message.attempts), None
    db.session.commit()
    current_app.logger.warning("mail to outbox #%s failed: %s", message.id, message.last_error)


@contextmanager
def _connection():
    """A function that sends one outbox message: over one SMTP connection, or to the console."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        yield _print
        return
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"],
                      timeout=config["MAIL_TIMEOUT"]) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        yield lambda message: smtp.send_message(email_of(message))


def _print(message: OutboxMessage) -> None:
    click.echo(f"\n----- e-mail (not sent: no MAIL_SERVER) -----\nTo: {message.recipient}\n"
               f"Subject: {message.subject}\n\n{message.body}\n----- end of e-mail -----",
               color=False)


def email_of(message: OutboxMessage) -> EmailMessage:
    """The message as sent; its Message-ID stays the same when a delivery is retried."""
    sender = current_app.config["MAIL_FROM"]
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(message.created_at)
    domain = sender.rpartition("@")[2] or "localhost"
    email["Message-ID"] = f"<outbox-{message.id}-{message.created_at:%Y%m%d%H%M%S}@{domain}>"
    email["Content-Language"] = message.language.replace("_", "-")
    email.set_content(message.body)
    return email


outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
def send_command() -> None:
    """Deliver every queued e-mail that has not gone out yet (the worker does this by itself)."""
    try:
        sent = deliver_pending(limit=10_000)
    except MailServerUnavailable as error:
        raise click.ClickException(f"the mail server is unavailable ({error}); "
                                   "the e-mail waits for the next try") from error
    click.echo(f"{sent} e-mail(s) delivered.")
