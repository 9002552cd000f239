"""A person's proposals data: in their download, and what stays when they delete the account
(their proposals, by a former member; supports counted but nameless)."""

from __future__ import annotations

import json

from sqlalchemy import select

from forum.extensions import db
from forum.proposals.models import Report, Support
from tests.fixtures.accounts import PASSWORD, sign_in_as
from tests.fixtures.proposals import add_support, create_proposal
from tests.helpers import text_of


def test_the_download_holds_what_they_wrote_supported_and_reported(app, client, town):
    with app.app_context():
        mine = create_proposal(town.forum, town.resident, title="My own idea")
        theirs = create_proposal(town.forum, town.neighbour, title="Their idea")
        add_support(theirs, town.resident)
    sign_in_as(client, town.resident)
    client.post(f"/en/forums/f/proposals/{theirs.id}/report", data={"reason": "other",
                                                                     "note": "Duplicate"})
    client.post("/en/proposals/mine/notices", data={"own": "y"})
    data = json.loads(client.get("/en/accounts/account/data.json").data)["proposals"]
    assert [p["title"] for p in data["written"]] == ["My own idea"]
    assert data["written"][0]["id"] == mine.id
    assert [s["proposal"] for s in data["supported"]] == [theirs.id]
    assert data["reported"][0]["note"] == "Duplicate"
    assert data["emails"] == {"own": True, "supported": False, "new_ones": True}


def test_deleting_the_account_keeps_proposals_and_counts_without_the_name(app, client, town):
    with app.app_context():
        mine = create_proposal(town.forum, town.resident, title="My own idea")
        theirs = create_proposal(town.forum, town.neighbour, title="Their idea")
        add_support(theirs, town.resident)
        db.session.add(Report(proposal_id=theirs.id, user_id=town.resident.id, reason="spam"))
        db.session.commit()
    sign_in_as(client, town.resident)
    response = client.post("/en/accounts/account/delete",
                           data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    page = text_of(client.get(f"/en/forums/f/proposals/{mine.id}"))
    assert "Proposed by former member" in page and "Ramiz" not in page
    assert "1 person supports it" in text_of(client.get(f"/en/forums/f/proposals/{theirs.id}"))
    with app.app_context():
        assert db.session.scalar(select(Support.user_id)) is None
        assert db.session.scalar(select(Report.user_id)) is None
