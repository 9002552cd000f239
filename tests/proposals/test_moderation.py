"""Reports, and hiding or showing a proposal again: always with a reason, the author told,
nothing deleted, nothing hidden shown to the public."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.extensions import db
from forum.proposals.models import Proposal, Report
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.proposals import create_proposal
from tests.helpers import outbox, text_of


@pytest.fixture
def proposal(app, town):
    with app.app_context():
        return create_proposal(town.forum, town.resident, title="Cheap loans, call now")


def _open_reports(app, proposal_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Report.id)).where(
            Report.proposal_id == proposal_id, Report.resolved_at.is_(None)))


def test_reporting_once_per_person_and_the_secretariat_sees_it(app, client, town, proposal):
    url = f"/en/forums/f/proposals/{proposal.id}/report"
    sign_in_as(client, town.neighbour)
    bad = client.post(url, data={"note": "?"})
    assert bad.status_code == 400 and "Choose one." in text_of(bad)
    assert client.post(url, data={"reason": "spam", "note": "An advert"}).status_code == 302
    client.post(url, data={"reason": "offensive", "note": "Changed my mind"})
    sign_in_as(client, town.member)
    client.post(url, data={"reason": "spam"})
    assert _open_reports(app, proposal.id) == 2
    sign_in_as(client, town.secretariat)
    queue = text_of(client.get("/en/forums/f/proposals/queue"))
    reported = queue.split('id="reported-title"')[1].split("</section>")[0]
    assert "Cheap loans, call now" in reported and "2 reports" in reported
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}/moderate"))
    assert "Changed my mind" in page and "Offensive or hateful" in page
    assert "Neighbour" not in page  # who reported stays with the database


def test_hiding_needs_a_reason_tells_the_author_and_deletes_nothing(app, client, town,
                                                                   proposal):
    sign_in_as(client, town.neighbour)
    client.post(f"/en/forums/f/proposals/{proposal.id}/report", data={"reason": "spam"})
    sign_in_as(client, town.secretariat)
    url = f"/en/forums/f/proposals/{proposal.id}/moderate"
    refused = client.post(url, data={"reason": " ", "language": "en"})
    assert refused.status_code == 400 and "Fill in this field." in text_of(refused)
    assert client.post(url, data={"reason": "Advertising is not a proposal.",
                                  "language": "en"}).status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).hidden_at is not None
    assert _open_reports(app, proposal.id) == 0
    [message] = outbox(app, "ramiz@example.org")
    assert message.language == "rom" and "Advertising is not a proposal." in message.body
    assert "Proposal hidden" in text_of(client.get("/en/forums/f/audit"))
    assert "Cheap loans" in text_of(client.get("/en/forums/f/proposals/queue"))

    client.post("/en/accounts/sign-out")
    assert client.get(f"/en/forums/f/proposals/{proposal.id}").status_code == 404
    assert "Cheap loans" not in text_of(client.get("/en/forums/f/proposals/"))
    assert "Cheap loans" not in text_of(client.get("/en/proposals/"))
    assert "Cheap loans" not in text_of(client.get("/en/forums/f/"))
    sign_in_as(client, town.neighbour)
    assert client.get(f"/en/forums/f/proposals/{proposal.id}").status_code == 404

    sign_in_as(client, town.resident)  # the author still sees it, and why
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "This proposal is hidden." in page and "Advertising is not a proposal." in page
    mine = text_of(client.get("/en/proposals/mine"))
    assert "Cheap loans, call now" in mine and "Hidden" in mine


def test_showing_again_with_a_reason(app, client, town, proposal):
    sign_in_as(client, town.secretariat)
    url = f"/en/forums/f/proposals/{proposal.id}/moderate"
    client.post(url, data={"reason": "Looks like spam.", "language": "en"})
    assert "Show the proposal again" in text_of(client.get(url))
    client.post(url, data={"reason": "It is a real proposal after all.", "language": "en"})
    client.post("/en/accounts/sign-out")
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "Cheap loans, call now" in page
    assert "It is a real proposal after all." not in page  # moderation stays between them
    assert len(outbox(app, "ramiz@example.org")) == 2
    sign_in_as(client, town.secretariat)
    assert "Proposal shown again" in text_of(client.get("/en/forums/f/audit"))


def test_keeping_it_visible_closes_the_reports(app, client, town, proposal):
    sign_in_as(client, town.neighbour)
    client.post(f"/en/forums/f/proposals/{proposal.id}/report", data={"reason": "other"})
    sign_in_as(client, town.secretariat)
    response = client.post(f"/en/forums/f/proposals/{proposal.id}/moderate",
                           data={"action": "dismiss"}, follow_redirects=True)
    assert "The reports are closed and the proposal stays visible." in text_of(response)
    assert _open_reports(app, proposal.id) == 0
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).hidden_at is None
    assert "Reports about a proposal closed" in text_of(client.get("/en/forums/f/audit"))


def test_only_the_secretariat_of_this_forum_moderates(app, client, town, proposal):
    for person in (town.member, town.neighbour):
        sign_in_as(client, person)
        assert client.post(f"/en/forums/f/proposals/{proposal.id}/moderate",
                           data={"reason": "x", "language": "en"}).status_code == 403
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).hidden_at is None
