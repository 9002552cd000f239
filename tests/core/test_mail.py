"""The outbox: mail is written with the change, in the recipient's language, and sent after."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import mail
from forum.core.models import OutboxMessage
from forum.extensions import db
from tests.conftest import make_app
from tests.helpers import outbox


def test_mail_is_rendered_in_the_recipient_language(ctx):
    from flask_babel import lazy_gettext as _l

    from forum.accounts.models import User

    user = User(display_name="Ana", email="ana@example.org", language="en")
    with ctx.test_request_context():
        mail.queue("ana@example.org", "mk", _l("Set a new password"), "email/reset.txt",
                   user=user, link="http://x/y", hours=2)
        db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    assert message.language == "mk"
    assert message.subject != "Set a new password"  # translated
    assert "http://x/y" in message.body


def test_mail_from_a_rolled_back_change_is_never_sent(app):
    with app.test_request_context():
        mail.queue("ana@example.org", "en", "Subject", "email/reset.txt",
                   user=None, link="l", hours=1)
        db.session.flush()
        db.session.rollback()
        response = app.make_response("ok")
        mail.deliver_after_request(response)
    assert outbox(app) == []


def test_failed_delivery_is_kept_for_retry_and_reported(database_url, caplog):
    app = make_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    with app.app_context():
        db.session.add(OutboxMessage(recipient="a@example.org", subject="s", body="b",
                                     language="en"))
        db.session.commit()
        assert mail.deliver_pending() == 0
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        from tests.conftest import empty_all_tables

        empty_all_tables()


@pytest.mark.parametrize("attempts", [mail.MAX_ATTEMPTS])
def test_outbox_send_command_delivers_pending_mail(app, attempts):
    with app.app_context():
        db.session.add_all([
            OutboxMessage(recipient="a@example.org", subject="s", body="b", language="en"),
            OutboxMessage(recipient="b@example.org", subject="s", body="b", language="en",
                          attempts=attempts),
        ])
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert "1 e-mail(s) delivered." in result.output


def test_without_a_mail_server_the_message_with_its_link_shows_in_the_log(app, caplog):
    """In development nothing is sent: the log is where a person reads the confirmation link."""
    with app.app_context():
        db.session.add(OutboxMessage(recipient="a@example.org", subject="s",
                                     body="Open http://x/confirm/abc", language="en"))
        db.session.commit()
        assert mail.deliver_pending() == 1
    assert "http://x/confirm/abc" in caplog.text
