"""Reminders before funding deadlines: sent once per deadline to the secretariat and the
institution responsible, however often the task runs; again if the deadline moves."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.core.models import OutboxMessage
from forum.core.timezones import local_now
from forum.extensions import db
from forum.plans.models import FundingApplication
from forum.plans.tasks import remind_funding_deadlines


def _recipients(app) -> list[str]:
    with app.app_context():
        return sorted(m.recipient for m in db.session.scalars(select(OutboxMessage)))


def _set_deadline(app, world, days: int, status: str = "drafted") -> None:
    with app.app_context():
        application = db.session.get(FundingApplication, world.ids["funding"])
        application.deadline = local_now("Europe/Skopje").date() + timedelta(days=days)
        application.status = status
        db.session.commit()


def test_a_reminder_goes_once_a_few_days_before_the_deadline(app, world):
    with app.app_context():
        assert remind_funding_deadlines.call_local() == 0  # thirty days away: not yet
    _set_deadline(app, world, 5)
    with app.app_context():
        assert remind_funding_deadlines.call_local() == 1
        assert remind_funding_deadlines.call_local() == 0  # idempotent
    assert _recipients(app) == sorted([world.emails["member"], world.emails["secretariat"]])
    _set_deadline(app, world, 6)  # the deadline moved: one more reminder
    with app.app_context():
        assert remind_funding_deadlines.call_local() == 1


def test_no_reminder_for_an_application_already_submitted(app, world):
    _set_deadline(app, world, 3, status="submitted")
    with app.app_context():
        assert remind_funding_deadlines.call_local() == 0
