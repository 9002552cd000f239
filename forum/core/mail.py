"""E-mail through an outbox: queued in the writing transaction, delivered after it commits.

With `MAIL_SERVER` set, messages go out by SMTP; without it (development) each message is
written to the log, links and all, so a person can follow them. `flask outbox send` retries
what could not be delivered and is meant for cron. Once sent, a message's body (which may hold
a reset link) is emptied; `MAIL_KEEP_SENT_BODIES = True` keeps it (the tests read sent mail).

Areas may add a recipient check (`add_recipient_check`): accounts refuses every address whose
account has not confirmed it, except for the mails that confirm or recover one.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage

import click
from flask import current_app, g, render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from forum.core.db import utcnow
from forum.core.models import OutboxMessage
from forum.extensions import db

MAX_ATTEMPTS = 5
REDACTED = ""
_RECIPIENT_CHECKS: list[Callable[[str], bool]] = []


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


def deliver_pending(limit: int = 100) -> int:
    """Send (or log) unsent messages; returns how many went out. Commits per message."""
    query = (select(OutboxMessage)
             .where(OutboxMessage.sent_at.is_(None), OutboxMessage.attempts < MAX_ATTEMPTS)
             .order_by(OutboxMessage.id).limit(limit))
    sent = 0
    for message in db.session.scalars(query).all():
        try:
            _deliver(message)
        except (OSError, smtplib.SMTPException) as error:
            message.attempts += 1
            message.last_error = str(error)[:500]
            current_app.logger.warning("mail to outbox #%s failed: %s", message.id, error)
        else:
            message.attempts += 1
            message.sent_at = utcnow()
            if not current_app.config.get("MAIL_KEEP_SENT_BODIES"):
                message.body = REDACTED  # a sent reset link must not stay readable here
            sent += 1
        db.session.commit()
    return sent


def _deliver(message: OutboxMessage) -> None:
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        # warning, not info: the app logs from WARNING up, and this is where a person reads
        # the link (after this, the body is emptied)
        current_app.logger.warning("e-mail (not sent: no MAIL_SERVER)\nTo: %s\nSubject: %s\n\n%s",
                                message.recipient, message.subject, message.body)
        return
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Content-Language"] = message.language.replace("_", "-")
    email.set_content(message.body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def deliver_after_request(response):
    """After a request whose committed writes queued mail, send it (failures wait for cron)."""
    if g.pop("outbox_committed", False):
        try:
            deliver_pending()
        except Exception:  # delivery must never turn a saved change into an error page
            current_app.logger.exception("outbox delivery failed")
            db.session.rollback()
    return response


outbox_cli = AppGroup("outbox", help="The e-mail outbox.")


@outbox_cli.command("send")
def send_command() -> None:
    """Deliver every queued e-mail that has not gone out yet."""
    click.echo(f"{deliver_pending(limit=10_000)} e-mail(s) delivered.")
