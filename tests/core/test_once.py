"""A form sent twice (a double tap on a slow phone, or submit, back, submit) has the effect of
one, on every route that creates something; posts without a token keep working."""

from __future__ import annotations

import io
import secrets
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import request, url_for
from sqlalchemy import func, select

from forum.budgeting.models.ballots import Ballot, Participation
from forum.budgeting.models.cycles import Cycle
from forum.budgeting.models.items import Item, ItemUpdate
from forum.budgeting.models.residents import ResidentRecord
from forum.core import once
from forum.core.db import utcnow
from forum.core.models import OnceClaim
from forum.extensions import db
from forum.forums.models import Forum, Invitation
from forum.meetings.models import AgendaItem, Meeting
from forum.minutes.models import Comment
from forum.proposals.models import Proposal, ProposalEvent, Report, Support, TargetGroup
from tests.conftest import make_app
from tests.fixtures.world import build_world
from tests.helpers import text_of

TOMORROW = (utcnow() + timedelta(days=20)).date().isoformat()


@dataclass(frozen=True)
class Create:
    endpoint: str
    role: str
    args: object  # world -> url arguments
    data: object  # world -> form data
    model: type

    @property
    def name(self) -> str:
        return self.endpoint


def _forum(w):
    return {"slug": w.forum_slug}


def _proposal(w):
    return {**_forum(w), "proposal_id": w.ids["proposal"]}


def _meeting(w):
    return {**_forum(w), "meeting_id": w.ids["meeting"]}


def _cycle(w, key="collecting_cycle"):
    return {**_forum(w), "cycle_id": w.ids[key]}


def _section(w):
    return {**_forum(w), "minutes_id": w.ids["minutes_review"], "key": w.values["review_section"]}


def _comment(w):
    prefix = f"comment-{w.values['review_section']}-"
    return {prefix + "body": "Add the bus times, please.", prefix + "language": "en"}


IDEA = {"title": "Ramp to the clinic", "language": "en", "description": "A ramp",
        "estimated_cost": "2500"}
CREATES = [
    Create("proposals.new", "resident", _forum,
           lambda w: {"title": "Lights in Poroj", "description": "The street is dark.",
                      "language": "en", "related_meeting_id": 0}, Proposal),
    Create("proposals.support", "admin", _proposal, lambda w: {}, Support),
    Create("proposals.report", "admin", _proposal, lambda w: {"reason": "spam"}, Report),
    Create("proposals.add_group", "secretariat", _forum,
           lambda w: {"name": "Seasonal workers", "language": "en"}, TargetGroup),
    Create("proposals.answer", "secretariat", _proposal,
           lambda w: {"decision": "review", "text": "We look into it.", "language": "en"},
           ProposalEvent),
    Create("meetings.schedule", "secretariat", _forum,
           lambda w: {"title": "Spring session", "language": "en", "day": TOMORROW,
                      "start": "17:00", "end": "19:00", "kind": "in_person",
                      "place_name": "Town hall", "visibility": "public"}, Meeting),
    Create("meetings.add_item", "secretariat", _meeting,
           lambda w: {"title": "Water in Teqe", "language": "en", "duration_minutes": 20,
                      "presenter_id": 0}, AgendaItem),
    Create("minutes.comment", "member", _section, _comment, Comment),
    Create("budgeting.new_cycle", "secretariat", _forum,
           lambda w: {"title": "Budget 2027", "language": "en", "budget": "5000000",
                      "ballot_kind": "approval", "max_length": "3",
                      "tally_rule": "equalshares/add1", "tie_break": "cost,votes,id",
                      "eligibility": "signed_in"}, Cycle),
    Create("budgeting.propose", "resident", _cycle, lambda w: dict(IDEA), Item),
    Create("budgeting.work", "secretariat",
           lambda w: {**_cycle(w, "closed_cycle"), "item_id": w.ids["winner"]},
           lambda w: {"work_status": "in_progress", "progress": "30", "spent": "1000",
                      "text": "The ground is ready.", "language": "en"}, ItemUpdate),
    Create("budgeting.paper_voter", "secretariat", lambda w: _cycle(w, "cycle"),
           lambda w: {"resident": w.ids["spare_resident"]}, Participation),
    Create("budgeting.paper_ballot", "secretariat", lambda w: _cycle(w, "cycle"),
           lambda w: {"number": "77", "item": [w.ids["ballot_item"]]}, Ballot),
    Create("budgeting.verify_resident", "secretariat", _forum,
           lambda w: {"full_name": "Ajshe Rama", "email": "ajshe@example.org",
                      "birth_year": "1980", "seen": "y"}, ResidentRecord),
    Create("forums.create", "admin", lambda w: {},
           lambda w: {"name": "Forum Bijeljina", "language": "sr_Latn", "description": "O forumu",
                      "country": "BA", "municipality": "Bijeljina",
                      "timezone": "Europe/Sarajevo", "languages": ["sr", "sr_Latn", "rom"],
                      "currency": "BAM", "slug": "bijeljina",
                      "secretariat_email": "sekretarijat@example.org"}, Forum),
    Create("forums.invite", "secretariat", _forum,
           lambda w: {"email": "new@example.org", "role": "member",
                      "organisation": "Roma Women NGO", "sector": "ngo", "language": "sq"},
           Invitation),
]


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _world_and_url(app, create: Create):
    with app.app_context():
        world = build_world()
    with app.test_request_context():
        url = url_for(create.endpoint, lang="en", **create.args(world))
    return world, url


@pytest.mark.parametrize("create", CREATES, ids=[c.name for c in CREATES])
def test_a_create_form_sent_twice_with_one_token_creates_one_thing(app, create):
    world, url = _world_and_url(app, create)
    client = app.test_client()
    world.sign_in(client, create.role)
    before = _count(app, create.model)
    data = {**create.data(world), once.FIELD: secrets.token_urlsafe(16)}
    first = client.post(url, data=data)
    assert first.status_code in (302, 303), _errors(text_of(first))
    assert _count(app, create.model) == before + 1
    second = client.post(url, data=data)
    assert _count(app, create.model) == before + 1
    assert second.status_code == 303 and second.location == first.location
    shown = client.get(second.location, follow_redirects=True)
    assert "You sent this form twice. It was done only once." in text_of(shown)


def test_a_form_sent_twice_without_a_token_still_runs_twice(app, town, client):
    from tests.fixtures.accounts import sign_in_as

    sign_in_as(client, town.resident)
    data = {"title": "Lights", "description": "Dark", "language": "en", "related_meeting_id": 0}
    for _ in range(2):
        assert client.post("/en/forums/f/proposals/new", data=data).status_code == 302
    assert _count(app, Proposal) == 2


def test_a_refused_form_frees_its_token_for_the_corrected_one(app, town, client):
    from tests.fixtures.accounts import sign_in_as

    sign_in_as(client, town.resident)
    token = secrets.token_urlsafe(16)
    data = {"title": "", "description": "Dark", "language": "en", "related_meeting_id": 0,
            once.FIELD: token}
    for _ in range(2):  # refused both times: the second is not taken for a double send
        refused = client.post("/en/forums/f/proposals/new", data=data)
        assert refused.status_code == 400 and "Fill in this field." in text_of(refused)
    sent = client.post("/en/forums/f/proposals/new", data={**data, "title": "Lights"})
    assert sent.status_code == 302 and _count(app, Proposal) == 1


def test_the_same_token_with_changed_answers_is_a_new_form(app, town, client):
    """Back, change the text, send: the reader meant something new, so it is done."""
    from tests.fixtures.accounts import sign_in_as

    sign_in_as(client, town.resident)
    data = {"title": "Lights", "description": "Dark", "language": "en", "related_meeting_id": 0,
            once.FIELD: secrets.token_urlsafe(16)}
    client.post("/en/forums/f/proposals/new", data=data)
    client.post("/en/forums/f/proposals/new", data={**data, "title": "Lights in Poroj"})
    assert _count(app, Proposal) == 2


def test_htmx_sent_twice_is_told_to_show_the_page_again(app, town, client):
    from tests.fixtures.accounts import sign_in_as
    from tests.fixtures.proposals import create_proposal

    with app.app_context():
        proposal_id = create_proposal(town.forum, town.member).id
    sign_in_as(client, town.resident)
    url = f"/en/forums/f/proposals/{proposal_id}/support"
    data, headers = {once.FIELD: secrets.token_urlsafe(16)}, {"HX-Request": "true"}
    assert client.post(url, data=data, headers=headers).status_code == 200
    again = client.post(url, data=data, headers=headers)
    assert again.status_code == 204 and again.headers["HX-Refresh"] == "true"


def _token_of(page: str) -> str:
    return page.split(f'name="{once.FIELD}" value="')[1].split('"')[0]


def test_every_server_rendered_form_carries_a_token_of_its_reader_and_page(database_url, town):
    from tests.fixtures.accounts import sign_in_as

    app = make_app(database_url, WTF_CSRF_ENABLED=True)
    client, other = app.test_client(), app.test_client()
    sign_in_as(client, town.resident)
    sign_in_as(other, town.member)
    pages = [text_of(client.get("/en/forums/f/proposals/new")) for _ in range(2)]
    tokens = [_token_of(page) for page in pages]
    assert tokens[0] == tokens[1] and all(once.TOKEN.fullmatch(t) for t in tokens)
    assert _token_of(text_of(other.get("/en/forums/f/proposals/new"))) != tokens[0]
    assert pages[0].count(f'name="{once.FIELD}"') == pages[0].count('name="csrf_token"')


def test_sent_then_back_then_sent_again_creates_one_proposal(app, client, town):
    from tests.fixtures.accounts import sign_in_as

    sign_in_as(client, town.resident)
    form = {"title": "Benches", "description": "In the park", "language": "en",
            "related_meeting_id": 0}

    def send(data):
        token = _token_of(text_of(client.get("/en/forums/f/proposals/new")))  # back: fetched again
        return client.post("/en/forums/f/proposals/new", data={**data, once.FIELD: token})

    first, again = send(form), send(form)
    assert first.status_code == 302 and again.status_code == 303
    assert again.location == first.location
    assert send({**form, "title": "Benches by the school"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(Proposal.id))) == 2


def test_claims_older_than_a_day_are_forgotten(ctx):
    db.session.add_all([OnceClaim(key="old", state=once.DONE, location="/",
                                  created_at=utcnow() - timedelta(days=2)),
                        OnceClaim(key="new", state=once.DONE, location="/")])
    db.session.commit()
    assert once.prune() == 1
    assert list(db.session.scalars(select(OnceClaim.key))) == ["new"]


def test_the_worker_forgets_old_claims_and_sending_a_form_does_not(app, client, town):
    from forum.core.tasks import forget_old_form_claims
    from tests.fixtures.accounts import sign_in_as

    with app.app_context():
        db.session.add(OnceClaim(key="old", state=once.DONE, location="/",
                                 created_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    sign_in_as(client, town.resident)
    sent = client.post("/en/forums/f/proposals/new", data={
        "title": "Benches", "description": "By the school", "language": "en",
        "related_meeting_id": 0, once.FIELD: secrets.token_urlsafe(16)})
    assert sent.status_code == 302
    with app.app_context():
        assert set(db.session.scalars(select(OnceClaim.key))) > {"old"}
        forget_old_form_claims()  # the queue runs it at once in tests
        assert "old" not in set(db.session.scalars(select(OnceClaim.key)))


def test_two_sends_at_the_same_moment_create_one_proposal(app, town, database_url):
    """Two threads post the same form at once; one runs it, the other waits and follows."""
    from tests.fixtures.accounts import sign_in_as

    data = {"title": "Lights", "description": "Dark", "language": "en", "related_meeting_id": 0,
            once.FIELD: secrets.token_urlsafe(16)}
    start, answers = threading.Barrier(2), []

    def send():
        client = app.test_client()
        sign_in_as(client, town.resident)
        start.wait()
        answers.append(client.post("/en/forums/f/proposals/new", data=data))

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _count(app, Proposal) == 1
    assert sorted(a.status_code for a in answers) == [302, 303]
    assert answers[0].location == answers[1].location


def _errors(page: str) -> str:
    import re

    return " | ".join(re.findall(r'<li><a href="#[^"]*">(.*?)</a>', page)) or page[-1500:]


def _claim_held_by_another_request(app, town, data, created_at):
    with app.test_request_context("/en/forums/f/proposals/new", method="POST", data=data):
        from flask import session

        session["_user_id"] = town.resident.get_id()
        key = once.claim_key()
        db.session.add(OnceClaim(key=key, state=once.RUNNING, created_at=created_at))
        db.session.commit()


def test_a_send_that_waits_too_long_is_asked_to_look_again_later(app, town, client,
                                                                 monkeypatch):
    from tests.fixtures.accounts import sign_in_as

    monkeypatch.setattr(once, "WAIT_SECONDS", 0.2)
    data = {"title": "Lights", "description": "Dark", "language": "en", "related_meeting_id": 0,
            once.FIELD: secrets.token_urlsafe(16)}
    _claim_held_by_another_request(app, town, data, utcnow())
    sign_in_as(client, town.resident)
    busy = client.post("/en/forums/f/proposals/new", data=data)
    assert busy.status_code == 409 and "This form is already on its way" in text_of(busy)
    assert _count(app, Proposal) == 0


def test_a_claim_left_by_a_request_that_died_is_taken_over(app, town, client):
    from tests.fixtures.accounts import sign_in_as

    data = {"title": "Lights", "description": "Dark", "language": "en", "related_meeting_id": 0,
            once.FIELD: secrets.token_urlsafe(16)}
    _claim_held_by_another_request(app, town, data, utcnow() - timedelta(minutes=5))
    sign_in_as(client, town.resident)
    assert client.post("/en/forums/f/proposals/new", data=data).status_code == 302
    assert _count(app, Proposal) == 1


def test_two_files_of_one_name_but_other_lines_are_two_forms(app):
    def key(content: bytes):
        data = {once.FIELD: "same-token-of-one-page", "file": (io.BytesIO(content), "ballots.csv")}
        with app.test_request_context("/en/upload", method="POST", data=data,
                                      content_type="multipart/form-data"):
            found = once.claim_key()
            assert request.files["file"].read() == content  # still all there for the view
            return found

    assert key(b"ballot,items\nQ1,22\n") == key(b"ballot,items\nQ1,22\n")
    assert key(b"ballot,items\nQ1,22\n") != key(b"ballot,items\nQ11,23\n")
