"""The outbox: mail is written with the change, in the recipient's language, and delivered by a
task over one SMTP connection per batch, each message claimed so it goes out exactly once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.core import mail
from forum.core.db import utcnow
from forum.core.models import OutboxMessage
from forum.extensions import db
from tests.conftest import empty_all_tables, make_app
from tests.core.smtpserver import mail_config, silent_server, smtp_server
from tests.helpers import outbox


def _add(count: int, **fields) -> None:
    db.session.add_all([OutboxMessage(recipient=f"p{n}@example.org", subject=f"Subject {n}",
                                      body=f"Body {n} – Тело", language="mk", **fields)
                        for n in range(count)])
    db.session.commit()


@pytest.fixture
def mail_app(database_url):
    """An app whose mail goes to a real SMTP server; yields (app, port, recorder)."""
    def make(**behaviour):
        server = smtp_server(**behaviour)
        port, recorder = server.__enter__()
        servers.append(server)
        return make_app(database_url, **mail_config(port)), recorder

    servers = []
    yield make
    for server in servers:
        server.__exit__(None, None, None)
    with make_app(database_url).app_context():
        empty_all_tables()


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
        mail.enqueue_after_request(response)
    assert outbox(app) == []


def test_a_batch_goes_over_one_connection_with_date_and_message_id(mail_app):
    app, recorder = mail_app()
    with app.app_context():
        _add(3)
        assert mail.deliver_pending() == 3
        assert all(m.sent_at and m.attempts == 1 for m in db.session.scalars(
            select(OutboxMessage)))
    assert sorted(m["To"] for m in recorder.messages) == [
        "p0@example.org", "p1@example.org", "p2@example.org"]
    first = recorder.messages[0]
    assert first["Date"] and first["Message-ID"].endswith("@forum.example>")
    assert len(set(recorder.message_ids())) == 3
    assert "Тело" in first.get_payload(decode=True).decode()


def test_a_refused_recipient_is_given_up_and_the_batch_goes_on(mail_app):
    app, _recorder = mail_app(refuse="550 No such mailbox")
    with app.app_context():
        _add(2)
        assert mail.deliver_pending() == 0
        messages = list(db.session.scalars(select(OutboxMessage)))
    assert all(m.sent_at is None and m.attempts == mail.MAX_ATTEMPTS for m in messages)
    assert all("No such mailbox" in m.last_error for m in messages)


def test_a_temporary_refusal_waits_and_is_tried_again_later(mail_app):
    app, _recorder = mail_app(refuse="451 Try again later")
    with app.app_context():
        _add(1)
        assert mail.deliver_pending() == 0
        message = db.session.scalar(select(OutboxMessage))
        assert message.attempts == 1 and message.claimed_until > utcnow()
        assert mail.deliver_pending() == 0  # still waiting out its back-off
        assert db.session.scalar(select(OutboxMessage)).attempts == 1


def test_a_server_that_never_answers_times_out_and_keeps_the_mail(database_url):
    with silent_server() as port:
        app = make_app(database_url, **{**mail_config(port), "MAIL_TIMEOUT": 1})
        with app.app_context():
            _add(2)
            with pytest.raises(mail.MailServerUnavailable):
                mail.deliver_pending()
            messages = list(db.session.scalars(select(OutboxMessage)))
            assert all(m.sent_at is None and m.attempts == 1 and m.last_error
                       for m in messages)
            empty_all_tables()


def test_a_dropped_connection_keeps_the_message_and_a_retry_delivers_it(mail_app):
    app, recorder = mail_app(hang_up=True)
    with app.app_context():
        _add(1)
        with pytest.raises(mail.MailServerUnavailable):
            mail.deliver_pending()
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is None and message.attempts == 1 and message.last_error
        recorder.hang_up = False
        db.session.execute(update(OutboxMessage).values(claimed_until=utcnow()))
        db.session.commit()
        assert mail.deliver_pending() == 1
    assert len(recorder.messages) == 1


def test_a_claim_left_by_a_killed_deliverer_is_taken_again_after_its_time(mail_app):
    app, recorder = mail_app()
    with app.app_context():
        _add(2, claimed_by="killed", claimed_until=utcnow() + timedelta(minutes=5))
        db.session.execute(update(OutboxMessage).where(OutboxMessage.recipient == "p0@example.org")
                           .values(claimed_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
        assert mail.deliver_pending() == 1
    assert [m["To"] for m in recorder.messages] == ["p0@example.org"]


def test_two_deliverers_at_once_send_each_message_exactly_once(mail_app, monkeypatch):
    app, recorder = mail_app()
    monkeypatch.setattr(mail, "BATCH", 3)
    with app.app_context():
        _add(30)
    start = threading.Barrier(3)

    def deliver():
        with app.app_context():
            start.wait()
            mail.deliver_pending(limit=1_000)

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    ids = recorder.message_ids()
    assert len(ids) == 30 and len(set(ids)) == 30
    assert all(m.sent_at and m.attempts == 1 for m in outbox(app))


def test_without_a_mail_server_each_message_is_printed_for_the_reader(ctx, capsys):
    _add(1)
    assert mail.deliver_pending() == 1
    printed = capsys.readouterr().out
    assert "To: p0@example.org" in printed and "Subject 0" in printed and "Тело" in printed


def test_a_request_only_queues_the_mail(database_url, tmp_path, mail_app):
    from tests.fixtures.accounts import create_user

    _app, recorder = mail_app()
    app = make_app(database_url, QUEUE_IMMEDIATE=False,
                   QUEUE_URL=f"sqlite:///{tmp_path / 'queue.sqlite'}",
                   **mail_config(recorder.port))
    from forum.core.queue import huey

    with app.app_context():
        create_user(email="ana@example.org")
    response = app.test_client().post("/en/accounts/reset", data={"email": "ana@example.org"})
    assert response.status_code == 302
    [message] = outbox(app)
    assert message.sent_at is None and recorder.messages == []
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())  # what the worker does
    assert len(recorder.messages) == 1 and outbox(app)[0].sent_at is not None
    huey.flush()


def test_failed_delivery_is_kept_for_retry_and_reported(database_url):
    app = make_app(database_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=9)  # nothing listens there
    with app.app_context():
        _add(1)
        with pytest.raises(mail.MailServerUnavailable):
            mail.deliver_pending()
        message = db.session.scalar(select(OutboxMessage))
        assert message.sent_at is None and message.attempts == 1 and message.last_error
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
