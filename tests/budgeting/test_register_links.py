"""An account is linked to the resident register in person, by a one-time code — never by a
typed e-mail address, which anyone can register an account with."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.budgeting.models import Participation, ResidentRecord
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, create_cycle
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of


@pytest.fixture
def verified_only(app):
    """A cycle for verified residents; Mirjeta is in the register with her e-mail address,
    and has no account."""
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
        cycle = create_cycle(forum, max_length=1, eligibility="verified")
        item = add_budget_item(cycle, "Ramp", 1000)
        record = ResidentRecord(forum_id=forum.id, full_name="Mirjeta Berisha",
                                email="mirjeta@example.org", method="in_person")
        db.session.add(record)
        db.session.commit()
        return secretariat, cycle, item.id, record.id


def _url(cycle, suffix="vote"):
    return f"/en/forums/f/budgeting/{cycle.id}/{suffix}"


def test_an_account_with_a_residents_e_mail_gets_no_verified_ballot(app, client,
                                                                    verified_only):
    secretariat, cycle, item, record_id = verified_only
    with app.app_context():
        attacker = create_user(email="mirjeta@example.org")
    sign_in_as(client, attacker)
    refused = client.get(_url(cycle))
    assert refused.status_code == 403 and "Only residents verified" in text_of(refused)
    assert client.post(_url(cycle), data={"item": [item]}).status_code in (403, 409)
    sign_in_as(client, secretariat)
    paper = client.post(_url(cycle, "paper/voter"), data={"resident": record_id})
    assert paper.status_code == 302  # her paper vote is not blocked
    with app.app_context():
        assert db.session.scalars(select(Participation.channel)).all() == ["paper"]


def test_a_code_from_the_secretariat_links_the_account_once(app, client, verified_only):
    secretariat, cycle, item, record_id = verified_only
    sign_in_as(client, secretariat)
    given = text_of(client.post(f"/en/forums/f/budgeting/residents/{record_id}/code"))
    code = given.split('class="receipt"><strong>')[1].split("<")[0]
    with app.app_context():
        mirjeta = create_user(email="m.berisha@example.org")
        other = create_user()
    sign_in_as(client, other)
    wrong = client.post("/en/forums/f/budgeting/link", data={"code": "AAAA-BBBB"})
    assert wrong.status_code == 400 and "This code is not right" in text_of(wrong)
    sign_in_as(client, mirjeta)
    page = client.get(_url(cycle))
    assert page.status_code == 403 and "Code from the secretariat" in text_of(page)
    linked = client.post("/en/forums/f/budgeting/link", data={"code": code.lower()})
    assert linked.status_code == 302
    assert client.post(_url(cycle), data={"item": [item]}).status_code == 302
    sign_in_as(client, other)
    used = client.post("/en/forums/f/budgeting/link", data={"code": code})
    assert used.status_code == 400  # a code works once
    with app.app_context():
        assert db.session.get(ResidentRecord, record_id).user_id == mirjeta.id
