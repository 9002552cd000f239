"""Paper ballots: entered one by one or as a file, each checked, every reject listed with its
reason and number (or line), totals by channel."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.budgeting.models import Ballot, RejectedBallot
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, create_cycle
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of


@pytest.fixture
def setting(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
        cycle = create_cycle(forum, max_length=2)
        items = [add_budget_item(cycle, name, 1000).id for name in ("A", "B", "C")]
    sign_in_as(client, secretariat)
    return cycle, items


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_valid_paper_ballot_is_counted_and_an_invalid_one_listed(app, client, setting):
    cycle, items = setting
    url = f"/en/forums/f/budgeting/{cycle.id}/paper/ballot"
    assert client.post(url, data={"number": "1", "item": items[:2]}).status_code == 302
    client.post(url, data={"number": "2", "item": items})  # three ticks, two allowed
    client.post(url, data={"number": "1", "item": items[:1]})  # the number again
    assert (_count(app, Ballot), _count(app, RejectedBallot)) == (1, 2)
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    assert "Choose at most 2 items." in page
    assert "A ballot with this number is already entered." in page


def test_a_file_of_ballots_reports_every_bad_line(app, client, setting):
    cycle, items = setting
    a, b, c = items
    csv = (f"ballot,items\n10,{a},{b}\n11,{a},{b},{c}\n12,99\n13,x\n,{a}\n10,{c}\n14,{c}\n")
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/upload",
                           data={"file": (__import__("io").BytesIO(csv.encode()), "b.csv")},
                           content_type="multipart/form-data")
    page = text_of(response)
    assert response.status_code == 200
    assert "2 ballots counted." in page and "5 lines rejected." in page
    with app.app_context():
        lines = sorted(db.session.scalars(select(RejectedBallot.source_line)))
    assert lines == [3, 4, 5, 6, 7]
    listing = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    assert "is not on this ballot" in listing and "is not an item number" in listing
    assert "The ballot has no number." in listing


@pytest.mark.parametrize(("payload", "message"), [
    (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"1," + b"2," * 600, "larger than 1 kB"),
])
def test_unusable_files_are_refused_whole(app, client, setting, payload, message):
    app.config["UPLOAD_MAX_BYTES"] = 1024
    cycle, _items = setting
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/upload",
                           data={"file": (__import__("io").BytesIO(payload), "b.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and message in text_of(response)
    assert _count(app, Ballot) == 0
