"""The secretariat's public answers: the whole road from proposal to a session's agenda, merges
and refusals, who is told in which language, and the rules that keep answers honest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from forum.extensions import db
from forum.meetings.models import AgendaItem, Meeting
from forum.proposals.models import NoticePreferences, Proposal, ProposalEvent
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.meetings import create_meeting
from tests.fixtures.proposals import add_answer, add_support, create_proposal
from tests.helpers import link_in, outbox, text_of


@pytest.fixture
def proposal(app, town):
    with app.app_context():
        proposal = create_proposal(town.forum, town.resident, title="Kindergarten access",
                                   language="rom", days_ago=5)
        add_support(proposal, town.member)
        add_support(proposal, town.neighbour)
        return proposal


def _answer(client, proposal, **data):
    form = {"decision": "review", "text": "", "language": "en", "meeting_id": 0,
            "duration_minutes": 20, "merge_into_id": 0, **data}
    return client.post(f"/en/forums/f/proposals/{proposal.id}/answer", data=form)


def _reload(app, proposal_id):
    with app.app_context():
        return db.session.get(Proposal, proposal_id)


def _agenda(app, meeting_id):
    with app.app_context():
        return list(db.session.scalars(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position)))


def test_from_proposal_to_the_agenda_and_back(app, client, town, proposal):
    sign_in_as(client, town.secretariat)
    assert _answer(client, proposal, decision="review",
                   text="We are asking the kindergarten.").status_code == 302
    assert _reload(app, proposal.id).status == "under_review"
    response = _answer(client, proposal, decision="accept", meeting_id=town.meeting.id,
                       text="On the agenda, with the kindergarten's director.")
    assert response.status_code == 302
    stored = _reload(app, proposal.id)
    assert (stored.status, stored.scheduled_meeting_id) == ("accepted", town.meeting.id)
    [item] = _agenda(app, town.meeting.id)
    assert (item.title, item.language, item.proposal_id, item.duration_minutes) == (
        "Kindergarten access", "rom", proposal.id, 20)

    client.post("/en/accounts/sign-out")
    session_page = text_of(client.get(f"/en/forums/f/meetings/{town.meeting.id}"))
    link = f'href="/en/forums/f/proposals/{proposal.id}"'
    agenda_part = session_page.split('id="agenda-title"')[1].split("</section>")[0]
    assert link in agenda_part and "From a proposal" in agenda_part
    panel = session_page.split('id="session-proposals-title"')[1].split("</section>")[0]
    assert "Accepted onto this agenda" in panel and link in panel

    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "On the agenda of:" in page and f"/en/forums/f/meetings/{town.meeting.id}" in page
    assert "On the agenda, with the kindergarten's director." in page
    assert "We are asking the kindergarten." in page
    assert "Supports are closed: the proposal has its answer." in page

    sign_in_as(client, town.secretariat)
    log = text_of(client.get("/en/forums/f/audit"))
    for action in ("Proposal taken under review", "Proposal accepted onto a session's agenda",
                   "Agenda item added"):
        assert action in log
    editor = text_of(client.get(f"/en/forums/f/meetings/{town.meeting.id}/agenda"))
    assert link in editor


def test_author_and_supporters_are_told_in_their_languages(app, client, town, proposal):
    sign_in_as(client, town.secretariat)
    _answer(client, proposal, decision="accept", meeting_id=town.meeting.id)
    for email, language, intro in (
            ("ramiz@example.org", "rom", "There is news about your proposal:"),
            ("member@example.org", "sq", "There is news about a proposal you support:"),
            ("neighbour@example.org", "en", "There is news about a proposal you support:")):
        [message] = outbox(app, email)
        assert message.language == language
        with app.test_request_context(), force_locale(language):
            assert gettext(intro) in message.body
            assert gettext("It is accepted and on the agenda of this session:") in message.body
        assert "March session" in message.body
        assert link_in(message.body) == f"/{language}/forums/f/proposals/{proposal.id}"
    assert outbox(app, "sec@example.org") == []


def test_people_who_turned_the_emails_off_get_none(app, client, town, proposal):
    sign_in_as(client, town.member)
    assert client.post("/en/proposals/mine/notices",
                       data={"own": "y"}).status_code == 302  # supported: off
    sign_in_as(client, town.resident)
    client.post("/en/proposals/mine/notices", data={"supported": "y"})  # own: off
    with app.app_context():
        assert db.session.get(NoticePreferences, town.member.id).supported is False
    sign_in_as(client, town.secretariat)
    _answer(client, proposal, decision="decline", text="The region decides this.")
    assert outbox(app, "member@example.org") == outbox(app, "ramiz@example.org") == []
    assert len(outbox(app, "neighbour@example.org")) == 1


@pytest.mark.parametrize(("setup", "message"), [
    ("cancelled", "This session is cancelled. Choose another session."),
    ("held", "This session has already taken place."),
    ("past", "This session has already taken place."),
    ("none", "Choose the session."),
    ("foreign", "Choose one of the forum&#39;s sessions that are still to come."),
])
def test_no_accepting_onto_a_session_that_is_not_to_come(app, client, town, proposal, setup,
                                                         message):
    from tests.fixtures.forums import create_forum

    with app.app_context():
        if setup == "foreign":
            meeting_id = create_meeting(create_forum(slug="x")).id
        elif setup == "past":
            meeting_id = create_meeting(town.forum, days_ahead=-3).id
        elif setup == "none":
            meeting_id = 0
        else:
            meeting = db.session.get(Meeting, town.meeting.id)
            meeting.status = setup
            db.session.commit()
            meeting_id = meeting.id
    sign_in_as(client, town.secretariat)
    response = _answer(client, proposal, decision="accept", meeting_id=meeting_id)
    assert response.status_code == 400 and message in text_of(response)
    assert _reload(app, proposal.id).status == "submitted"
    with app.app_context():
        assert db.session.scalar(select(AgendaItem.id)) is None
        assert db.session.scalar(select(ProposalEvent.id)) is None
    assert outbox(app) == []


def test_declining_needs_a_reason_everyone_can_read(app, client, town, proposal):
    sign_in_as(client, town.secretariat)
    response = _answer(client, proposal, decision="decline", text="   ")
    assert response.status_code == 400
    assert "Say why the proposal is declined" in text_of(response)
    assert _reload(app, proposal.id).status == "submitted" and outbox(app) == []
    _answer(client, proposal, decision="decline", text="The bus lines are the region's.",
            language="en")
    client.post("/en/accounts/sign-out")
    page = text_of(client.get(f"/sq/forums/f/proposals/{proposal.id}"))
    assert "The bus lines are the region's." in page
    with app.test_request_context(), force_locale("sq"):
        assert gettext("Written in English.") in page


def test_an_answer_can_be_translated_and_the_reader_sees_their_language(app, client, town,
                                                                       proposal):
    with app.app_context():
        event = add_answer(db.session.get(Proposal, proposal.id), "declined",
                           "No money this year.", town.secretariat)
    sign_in_as(client, town.secretariat)
    url = f"/en/forums/f/proposals/{proposal.id}/events/{event.id}/translations"
    assert client.post(url, data={"target": "sq", "text": "Nuk ka para këtë vit."}
                       ).status_code == 302
    page = text_of(client.get(f"/sq/forums/f/proposals/{proposal.id}"))
    assert '<div lang="sq"><p>Nuk ka para këtë vit.</p></div>' in page
    assert "Answer translation changed" in text_of(client.get("/en/forums/f/audit"))


def test_merging_points_to_the_proposal_that_carries_it_on(app, client, town, proposal):
    with app.app_context():
        target = create_proposal(town.forum, town.neighbour, title="Kindergartens for all")
        hidden = create_proposal(town.forum, town.neighbour, title="Hidden",
                                 hidden_at=target.created_at)
    sign_in_as(client, town.secretariat)
    for wrong in (proposal.id, hidden.id, 0):
        response = _answer(client, proposal, decision="merge", merge_into_id=wrong)
        assert response.status_code == 400
    assert _reload(app, proposal.id).status == "submitted"
    assert _answer(client, proposal, decision="merge", merge_into_id=target.id,
                   text="The same topic.").status_code == 302
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "Merged into:" in page and f"/en/forums/f/proposals/{target.id}" in page
    assert "Kindergartens for all" in outbox(app, "member@example.org")[0].body


def test_an_answered_proposal_cannot_be_answered_again(app, client, town, proposal):
    sign_in_as(client, town.secretariat)
    _answer(client, proposal, decision="decline", text="No.")
    page = client.get(f"/en/forums/f/proposals/{proposal.id}/answer")
    assert "There is nothing to answer now." in text_of(page)
    again = _answer(client, proposal, decision="accept", meeting_id=town.meeting.id)
    assert again.status_code == 409
    assert _reload(app, proposal.id).status == "declined"
    assert _agenda(app, town.meeting.id) == []


def test_accepted_onto_a_session_that_is_then_cancelled_can_move_to_another(app, client, town,
                                                                           proposal):
    sign_in_as(client, town.secretariat)
    _answer(client, proposal, decision="accept", meeting_id=town.meeting.id)
    client.post(f"/en/forums/f/meetings/{town.meeting.id}/cancel",
                data={"reason": "Flooded hall", "language": "en"})
    with app.app_context():
        later = create_meeting(town.forum, title="April session", days_ahead=40)
    assert _answer(client, proposal, decision="accept", meeting_id=later.id).status_code == 302
    assert _reload(app, proposal.id).scheduled_meeting_id == later.id
    assert [i.proposal_id for i in _agenda(app, later.id)] == [proposal.id]


def test_the_queue_puts_the_longest_waiting_first_and_flags_late_ones(app, client, town):
    with app.app_context():
        fresh = create_proposal(town.forum, town.resident, title="Fresh one", days_ago=1)
        old = create_proposal(town.forum, town.resident, title="Old one", days_ago=45)
        middle = create_proposal(town.forum, town.resident, title="Middle one", days_ago=20)
        add_answer(middle, "under_review")
        answered = create_proposal(town.forum, town.resident, title="Answered", days_ago=60)
        add_answer(answered, "declined", "No.")
    sign_in_as(client, town.secretariat)
    page = text_of(client.get("/en/forums/f/proposals/queue"))
    assert page.index("Old one") < page.index("Middle one") < page.index("Fresh one")
    assert "Answered" not in page
    rows = {title: page.split(title)[1].split("</tr>")[0] for title in ("Old one", "Fresh one")}
    assert '<td class="num">45</td>' in rows["Old one"] and "Late" in rows["Old one"]
    assert '<td class="num">1</td>' in rows["Fresh one"] and "Late" not in rows["Fresh one"]
    assert client.post("/en/forums/f/proposals/settings",
                       data={"answer_days": 60}).status_code == 302
    page = text_of(client.get("/en/forums/f/proposals/queue"))
    assert "Late" not in page.split("Old one")[1].split("</tr>")[0]
    assert "Proposal rules changed" in text_of(client.get("/en/forums/f/audit"))
    public = text_of(client.get(f"/en/forums/f/proposals/{fresh.id}"))
    assert "It has waited 1 day for an answer." in public
    assert str((old.created_at + timedelta(days=60)).year) in public


@pytest.mark.parametrize("days", [0, 366, "many"])
def test_the_deadline_must_be_a_sensible_number_of_days(app, client, town, days):
    sign_in_as(client, town.secretariat)
    response = client.post("/en/forums/f/proposals/settings", data={"answer_days": days})
    assert response.status_code == 400 and "error-summary" in text_of(response)


def test_whoever_wrote_one_down_for_a_visitor_is_reminded_to_pass_the_answer_on(app, client,
                                                                              town):
    from tests.fixtures.accounts import create_user
    from tests.fixtures.forums import add_member

    with app.app_context():
        colleague = create_user(display_name="Colleague", email="colleague@example.org")
        add_member(town.forum, colleague, role="secretariat")
        proposal = create_proposal(town.forum, town.secretariat, title="Bus stop",
                                   on_behalf_of="Fatima, 070 111 222")
    sign_in_as(client, colleague)
    _answer(client, proposal, decision="review")
    [message] = outbox(app, "sec@example.org")
    assert "Please tell them the answer: Fatima, 070 111 222" in message.body
    assert outbox(app, "colleague@example.org") == []  # who answered is not told their answer
