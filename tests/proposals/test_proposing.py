"""Proposing, entering a proposal for someone who came in person, the author's changes and
withdrawal, and bad input: refused with a message, kept as typed, nothing stored."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from forum.core.models import AuditEntry
from forum.extensions import db
from forum.proposals.models import Proposal
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member
from tests.fixtures.proposals import add_answer, add_support, create_proposal, group_of
from tests.helpers import outbox, text_of


def _form(town_or_none=None, **changes) -> dict:
    data = {"title": "Access to the kindergarten", "language": "rom",
            "description": "O čhave naštik džan ki bar.", "related_meeting_id": 0}
    return {**data, **changes}


def _stored(app) -> list[Proposal]:
    with app.app_context():
        return list(db.session.scalars(select(Proposal).order_by(Proposal.id)))


def test_a_resident_proposes_in_romani_and_everyone_can_read_it(app, client, town):
    with app.app_context():
        roma = group_of(town.forum, "roma").id
    sign_in_as(client, town.resident)
    response = client.post("/rom/forums/f/proposals/new",
                           data=_form(groups=[roma], related_meeting_id=town.meeting.id))
    assert response.status_code == 302
    [proposal] = _stored(app)
    assert response.headers["Location"].endswith(f"/rom/forums/f/proposals/{proposal.id}")
    assert (proposal.language, proposal.status, proposal.author_id) == ("rom", "submitted",
                                                                      town.resident.id)
    assert proposal.related_meeting_id == town.meeting.id
    client.post("/en/accounts/sign-out")
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert '<h1 lang="rom">Access to the kindergarten</h1>' in page
    assert "Written in Romani." in page and "Proposed by Ramiz" in page
    assert "Roma" in page and "March session" in page
    with app.app_context():  # a resident's own proposal is not a staff write
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action.like("proposal.%"))) == 0


def test_the_secretariat_writes_one_down_for_someone_who_came_in_person(app, client, town):
    sign_in_as(client, town.secretariat)
    form = client.get("/en/forums/f/proposals/new")
    assert 'name="on_behalf_of"' in text_of(form)
    client.post("/en/forums/f/proposals/new",
                data=_form(on_behalf_of="Fatima B., phone 070 111 222"))
    [proposal] = _stored(app)
    assert proposal.on_behalf_of == "Fatima B., phone 070 111 222"
    log = text_of(client.get("/en/forums/f/audit"))
    assert "Proposal entered for someone who came in person" in log
    assert "Fatima B., phone 070 111 222" in log
    staff_view = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "Fatima B." in staff_view
    client.post("/en/accounts/sign-out")
    public = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "Written down by the secretariat for a resident who came in person" in public
    assert "Fatima" not in public and "Sekretarijat" not in public


def test_only_the_secretariat_can_enter_for_someone_else(app, client, town):
    sign_in_as(client, town.resident)
    assert 'name="on_behalf_of"' not in text_of(client.get("/en/forums/f/proposals/new"))
    client.post("/en/forums/f/proposals/new", data=_form(on_behalf_of="Someone"))
    [proposal] = _stored(app)
    assert proposal.on_behalf_of == ""


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": ""}, "Fill in this field."),
    ({"title": "   "}, "Fill in this field."),
    ({"title": "x" * 201}, "Use at most 200 characters."),
    ({"description": ""}, "Fill in this field."),
    ({"description": "x" * 5001}, "Use at most 5000 characters."),
    ({"language": "xx"}, "Not a valid choice."),
    ({"groups": [999999]}, "is not a valid choice"),
    ({"related_meeting_id": 999999}, "Not a valid choice."),
])
def test_bad_input_is_refused_kept_and_nothing_is_stored(app, client, town, changes, message):
    sign_in_as(client, town.resident)
    response = client.post("/en/forums/f/proposals/new", data=_form(**changes))
    assert response.status_code == 400
    page = text_of(response)
    assert message in page and "error-summary" in page
    if "description" not in changes:
        assert "O čhave naštik džan ki bar." in page  # what was typed is kept
    assert _stored(app) == []


def test_another_forums_group_cannot_be_attached(app, client, town):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        foreign = group_of(create_forum(slug="elsewhere"), "roma").id
    sign_in_as(client, town.resident)
    response = client.post("/en/forums/f/proposals/new", data=_form(groups=[foreign]))
    assert response.status_code == 400 and _stored(app) == []


def test_messages_come_in_the_readers_language(app, client, town):
    sign_in_as(client, town.resident)
    response = client.post("/sq/forums/f/proposals/new", data=_form(title=""))
    assert response.status_code == 400
    assert "Plotësoni këtë fushë." in text_of(response)


def test_the_author_can_change_it_until_the_secretariat_starts(app, client, town):
    with app.app_context():
        proposal = create_proposal(town.forum, town.resident, title="Old title")
    sign_in_as(client, town.resident)
    url = f"/en/forums/f/proposals/{proposal.id}/edit"
    assert 'value="Old title"' in text_of(client.get(url))
    client.post(url, data=_form(title="New title", language="en"))
    assert _stored(app)[0].title == "New title"
    with app.app_context():
        add_answer(db.session.get(Proposal, proposal.id), "under_review")
    response = client.post(url, data=_form(title="Too late"), follow_redirects=True)
    assert "can no longer be changed" in text_of(response)
    assert _stored(app)[0].title == "New title"


def test_withdrawing_tells_the_supporters_and_closes_supports(app, client, town):
    with app.app_context():
        proposal = create_proposal(town.forum, town.resident, title="Playground")
        add_support(proposal, town.member)
    sign_in_as(client, town.resident)
    url = f"/en/forums/f/proposals/{proposal.id}/withdraw"
    assert client.post(url, data={"text": "", "language": "en"}).status_code == 302
    [stored] = _stored(app)
    assert stored.status == "withdrawn" and stored.closed_at is not None
    [message] = outbox(app, "member@example.org")
    assert message.language == "sq" and "Playground" in message.body
    assert outbox(app, "ramiz@example.org") == []  # the author did it, and is not told
    again = client.post(url, data={"text": "", "language": "en"}, follow_redirects=True)
    assert "can no longer be withdrawn" in text_of(again)
    sign_in_as(client, town.neighbour)
    refused = client.post(f"/en/forums/f/proposals/{proposal.id}/support",
                          headers={"HX-Request": "true"})
    assert refused.status_code == 409


def test_nobody_else_may_change_or_withdraw_it(app, client, town):
    with app.app_context():
        proposal = create_proposal(town.forum, town.resident)
    for person in (town.neighbour, town.secretariat):
        sign_in_as(client, person)
        assert client.post(f"/en/forums/f/proposals/{proposal.id}/withdraw",
                           data={"language": "en"}).status_code == 403
        assert client.get(f"/en/forums/f/proposals/{proposal.id}/edit").status_code == 403
    assert _stored(app)[0].status == "submitted"


def test_a_proposal_of_another_forum_is_not_found_here(app, client, town):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        other = create_forum(slug="other")
        foreign = create_proposal(other, town.resident)
    assert client.get(f"/en/forums/f/proposals/{foreign.id}").status_code == 404
    assert client.get(f"/en/forums/other/proposals/{foreign.id}").status_code == 200


def test_proposing_is_limited_per_person_but_not_for_the_secretariat(database_url, app, town):
    from tests.conftest import make_app

    limited = make_app(database_url, RATELIMIT_ENABLED=True, PROPOSAL_LIMIT="2 per hour")
    resident, neighbour, staff = (limited.test_client() for _ in range(3))
    sign_in_as(resident, town.resident)
    sign_in_as(neighbour, town.neighbour)  # from the same address, as in a community centre
    sign_in_as(staff, town.secretariat)
    url = "/sq/forums/f/proposals/new"
    assert [resident.post(url, data=_form()).status_code for _ in range(3)] == [302, 302, 429]
    assert neighbour.post(url, data=_form()).status_code == 302
    assert [staff.post(url, data=_form()).status_code for _ in range(3)] == [302] * 3
    with app.test_request_context(), force_locale("sq"):
        assert gettext("Too many tries") in text_of(resident.post(url, data=_form()))


def test_the_secretariat_hears_of_a_new_proposal_in_their_language(app, client, town):
    with app.app_context():
        colleague = create_user(display_name="Colleague", email="colleague@example.org",
                                language="mk")
        add_member(town.forum, colleague, role="secretariat", sector="municipality")
    sign_in_as(client, town.resident)
    client.post("/rom/forums/f/proposals/new", data=_form())
    [proposal] = _stored(app)
    [english] = outbox(app, "sec@example.org")
    assert "Access to the kindergarten" in english.body
    assert f"/en/forums/f/proposals/{proposal.id}" in english.body
    [macedonian] = outbox(app, "colleague@example.org")
    with app.test_request_context(), force_locale("mk"):
        assert macedonian.subject == gettext("A new proposal waits for an answer")
    assert outbox(app, "ramiz@example.org") == outbox(app, "member@example.org") == []


def test_a_secretariat_member_can_turn_off_news_of_new_proposals(app, client, town):
    sign_in_as(client, town.member)
    assert "whose secretariat I am in" not in text_of(client.get("/en/proposals/mine"))
    sign_in_as(client, town.secretariat)
    assert "whose secretariat I am in" in text_of(client.get("/en/proposals/mine"))
    client.post("/en/proposals/mine/notices", data={"own": "y", "supported": "y"})
    sign_in_as(client, town.resident)
    client.post("/en/forums/f/proposals/new", data=_form())
    assert len(_stored(app)) == 1 and outbox(app, "sec@example.org") == []


def test_whoever_writes_a_proposal_down_is_not_told_of_it(app, client, town):
    sign_in_as(client, town.secretariat)
    client.post("/en/forums/f/proposals/new", data=_form(on_behalf_of="Someone"))
    assert len(_stored(app)) == 1 and outbox(app, "sec@example.org") == []
