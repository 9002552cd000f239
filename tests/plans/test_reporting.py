"""Progress reports: the secretariat asks an institution, its members get a link by e-mail,
the link opens that institution's measures only, and a request not answered in time is late."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from forum.core.models import OutboxMessage
from forum.extensions import db
from forum.plans.models import Measure, ProgressUpdate, ReportRequest
from tests.helpers import text_of

BASE = "/en/forums/this-forum/plans"


def test_asking_an_institution_mails_its_members_a_link_to_its_measures_only(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    due = (date.today() + timedelta(days=10)).isoformat()
    response = client.post(f"{BASE}/{world.ids['plan']}/requests",
                           data={"institution": "Roma NGO", "due_on": due})
    assert response.status_code == 302
    with app.app_context():
        mails = db.session.scalars(select(OutboxMessage)).all()
        assert [m.recipient for m in mails] == [world.emails["member"]]
        link = re.search(r"http://localhost(\S+/report/\S+)", mails[0].body).group(1)
    reporter = app.test_client()
    home = text_of(reporter.get(link))
    assert "Mediators in kindergartens" in home and "Free meals" not in home
    own = f"{link}/measures/{world.ids['measure']}"
    sent = reporter.post(own, data={"on": "2026-05-01", "body": "Two mediators hired.",
                                    "language": "en", "status": "on_track", "spent": "150"})
    assert sent.status_code == 302
    assert reporter.get(f"{link}/measures/{world.ids['other_measure']}").status_code == 403
    with app.app_context():
        update = db.session.scalar(select(ProgressUpdate))
        assert (update.reported_by, update.body) == ("Roma NGO", "Two mediators hired.")
        assert db.session.get(Measure, world.ids["measure"]).spent == 15000
        answered = db.session.scalar(select(ReportRequest).where(
            ReportRequest.answered_at.is_not(None)))
        assert answered is not None and answered.institution == "Roma NGO"


def test_a_request_past_its_date_without_an_answer_is_flagged_late(app, world):
    with app.app_context():
        found = db.session.scalar(select(ReportRequest))
        found.due_on = date.today() - timedelta(days=3)
        db.session.commit()
    client = app.test_client()
    world.sign_in(client, "secretariat")
    assert "Late" in text_of(client.get(f"{BASE}/{world.ids['plan']}/requests"))
    assert "1 report is late" in text_of(client.get(f"{BASE}/{world.ids['plan']}"))
    assert "has passed" in text_of(client.get(
        f"{BASE}/{world.ids['plan']}/report/{world.values['plan_token']}"))


def test_a_report_asked_for_by_a_date_already_past_is_refused(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    past = (date.today() - timedelta(days=2)).isoformat()
    response = client.post(f"{BASE}/{world.ids['plan']}/requests",
                           data={"institution": "Roma NGO", "due_on": past})
    assert response.status_code == 400 and "in the past" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)) is None
