"""What someone voted for is secret: no table, page, export, log or data download links a person
to their choices, and after closing not even the database does."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select

from forum.budgeting.models import Ballot, Cycle, Participation
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of

NAMES = ("Ana Alpha", "Boris Beta", "Cvetana Gamma")
CHOICES = ("Swings for the park", "Benches on the square", "Trees by the school")


@pytest.fixture
def election(app, client):
    """Three people vote for three different, distinctive items; one more votes on paper."""
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user(display_name="Secretary")
        add_member(forum, secretariat, role="secretariat")
        cycle = create_cycle(forum, max_length=1)
        items = [add_budget_item(cycle, title, 1000) for title in CHOICES]
        voters = [create_user(display_name=name) for name in NAMES]
        paper_voter = add_resident(forum, name="Paper Person")
    for voter, item in zip(voters, items, strict=True):
        sign_in_as(client, voter)
        assert client.post(f"/en/forums/f/budgeting/{cycle.id}/vote",
                           data={"item": [item.id]}).status_code == 302
    sign_in_as(client, secretariat)
    client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/voter",
                data={"resident": paper_voter.id})
    client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/ballot",
                data={"number": "77", "item": [items[0].id]})
    return forum, secretariat, cycle, items, voters


def test_ballots_carry_no_person_and_no_time():
    columns = {c.key for c in inspect(Ballot).columns}
    assert columns == {"id", "cycle_id", "scope", "channel", "paper_number", "receipt_hash",
                       "choices"}


def test_secretariat_screens_show_who_voted_never_how(app, client, election):
    _forum, _secretariat, cycle, _items, _voters = election
    paper_page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    who_voted = paper_page.split('id="voters-title"')[1]
    assert all(name in who_voted for name in NAMES) and "Paper Person" in who_voted
    assert not any(choice in who_voted for choice in CHOICES)
    cycle_page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/"))
    assert not any(name in cycle_page for name in NAMES)
    log = json.dumps([e.changes for e in _audit(app)], ensure_ascii=False)
    assert not any(choice in log for choice in CHOICES) and "item" not in log


def _audit(app):
    with app.app_context():
        return db.session.scalars(select(AuditEntry)).all()


def test_closing_erases_the_link_and_rewrites_the_ballots(app, client, election):
    _forum, _secretariat, cycle, _items, _voters = election
    with app.app_context():
        before = set(db.session.scalars(select(Ballot.id)))
        links = set(db.session.scalars(select(Participation.ballot_id).where(
            Participation.ballot_id.is_not(None))))
        assert links and links <= before  # while voting is open, a voter can find theirs
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    client.get(f"/en/forums/f/budgeting/{cycle.id}/results")  # the first visit closes it
    with app.app_context():
        after = set(db.session.scalars(select(Ballot.id)))
        assert len(after) == len(before) and not after & before
        assert db.session.scalars(select(Participation.ballot_id).where(
            Participation.ballot_id.is_not(None))).all() == []


def test_exports_and_the_data_download_contain_no_link(app, client, election):
    _forum, _secretariat, cycle, _items, voters = election
    with app.app_context():
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    client.get(f"/en/forums/f/budgeting/{cycle.id}/results")
    for suffix in ("results.csv", "results.pb"):
        export = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/{suffix}"))
        assert not any(name in export for name in NAMES) and "@example.org" not in export
        assert f";{voters[0].id};" not in export
    sign_in_as(client, voters[0])
    mine = json.loads(client.get("/en/accounts/account/data.json").data)
    assert mine["budgeting"]["took_part"] == [{"cycle": cycle.id, "channel": "online"}]
    assert not any(choice in json.dumps(mine) for choice in CHOICES)
