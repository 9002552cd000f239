"""Online voting: eligibility, casting and changing, receipts, the closing time, limits,
paper-versus-online, areas, and two submissions at once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.budgeting import voting
from forum.budgeting.models import Area, Ballot, Cycle, Participation
from forum.core.db import utcnow
from forum.extensions import db
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", currency="ALL")
        voter = create_user(email="voter@example.org")
        cycle = create_cycle(forum, budget=5_000_000, max_length=2, within_budget=True)
        items = [add_budget_item(cycle, name, cost) for name, cost in
                 (("Ramp", 300_000), ("Lights", 1_200_000), ("Kindergarten", 4_000_000))]
        return forum, voter, cycle, [i.id for i in items]


def _url(cycle, suffix="vote"):
    return f"/en/forums/f/budgeting/{cycle.id}/{suffix}"


def _counts(app, cycle_id):
    with app.app_context():
        return (db.session.scalar(select(func.count(Participation.id))
                                  .where(Participation.cycle_id == cycle_id)),
                db.session.scalar(select(func.count(Ballot.id))
                                  .where(Ballot.cycle_id == cycle_id)))


def test_a_vote_gets_a_receipt_can_be_changed_and_stays_one_ballot(app, client, setting):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    first = client.post(_url(cycle), data={"item": [items[0], items[1]]})
    assert first.status_code == 302
    receipt = text_of(client.get(first.headers["Location"]))
    code = receipt.split('class="receipt"><strong>')[1].split("<")[0]
    assert len(code) == 14
    assert "Change my vote" in text_of(client.get(_url(cycle)))
    assert client.post(_url(cycle), data={"item": [items[0]]}).status_code == 302
    assert _counts(app, cycle.id) == (1, 1)
    anonymous = app.test_client()
    checked = anonymous.post(_url(cycle, "receipt"), data={"code": code.lower()})
    assert "Yes: a ballot with this receipt is in the count." in text_of(checked)
    wrong = anonymous.post(_url(cycle, "receipt"), data={"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400


@pytest.mark.parametrize(("choices", "message"), [
    ([0, 1, 2], "Choose at most 2 items."),
    ([], "Choose at least 1 item."),
    ([1, 2], "more than the budget"),
    (["999"], "is not on this ballot"),
    (["x"], "is not an item number"),
])
def test_invalid_ballots_are_refused_with_the_reason_and_nothing_is_stored(
        app, client, setting, choices, message):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    ids = [items[c] if isinstance(c, int) else c for c in choices]
    response = client.post(_url(cycle), data={"item": ids})
    assert response.status_code == 400
    assert message in text_of(response)
    assert _counts(app, cycle.id) == (0, 0)


def test_without_javascript_the_server_recomputes_the_total_on_check(app, client, setting):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    page = text_of(client.post(_url(cycle), data={"item": [items[0], items[1]], "check": "1"}))
    assert "2 items chosen" in page and "This ballot is valid." in page
    assert "1,500,000" in page  # 300,000 + 1,200,000 lek
    assert _counts(app, cycle.id) == (0, 0)
    partial = client.post(_url(cycle, "vote/check"), data={"item": [items[2], items[1]]},
                          headers={"HX-Request": "true"})
    assert "<html" not in text_of(partial) and "more than the budget" in text_of(partial)


def test_voting_is_refused_one_second_after_closing(app, client, setting):
    _forum, voter, cycle, items = setting
    with app.app_context():
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    sign_in_as(client, voter)
    response = client.post(_url(cycle), data={"item": [items[0]]})
    assert response.status_code in (403, 409)
    assert _counts(app, cycle.id)[1] == 0


def test_voting_has_not_opened_yet(app, client, setting):
    _forum, voter, cycle, _items = setting
    with app.app_context():
        db.session.get(Cycle, cycle.id).vote_opens_at = utcnow() + timedelta(hours=1)
        db.session.commit()
    sign_in_as(client, voter)
    response = client.get(_url(cycle))
    assert response.status_code == 403 and "Voting is not open now." in text_of(response)


def test_only_verified_residents_of_age_may_vote_when_the_cycle_says_so(app, client, setting):
    forum, voter, cycle, items = setting
    with app.app_context():
        stored = db.session.get(Cycle, cycle.id)
        stored.eligibility, stored.minimum_age = "verified", 16
        db.session.commit()
    sign_in_as(client, voter)
    refused = client.get(_url(cycle))
    assert refused.status_code == 403 and "Only residents verified" in text_of(refused)
    with app.app_context():
        record = add_resident(forum, user=voter, birth_year=utcnow().year - 10)
    assert "not old enough" in text_of(client.get(_url(cycle)))
    with app.app_context():
        from forum.budgeting.models import ResidentRecord

        db.session.get(ResidentRecord, record.id).birth_year = utcnow().year - 30
        db.session.commit()
    assert client.post(_url(cycle), data={"item": [items[0]]}).status_code == 302


def test_online_and_paper_block_each_other(app, client, setting):
    forum, voter, cycle, items = setting
    with app.app_context():
        record = add_resident(forum, user=voter)
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
    sign_in_as(client, voter)
    client.post(_url(cycle), data={"item": [items[0]]})
    sign_in_as(client, secretariat)
    refused = client.post(_url(cycle, "paper/voter"), data={"resident": record.id})
    assert refused.status_code == 400 and "already voted (online)" in text_of(refused)
    with app.app_context():
        other_user = create_user(email="paper@example.org")
        other = add_resident(forum, user=other_user)
    assert client.post(_url(cycle, "paper/voter"), data={"resident": other.id}).status_code \
        == 302
    sign_in_as(client, other_user)
    blocked = client.post(_url(cycle), data={"item": [items[0]]})
    assert blocked.status_code == 409 and "voted on paper already" in text_of(blocked)


def test_with_one_area_per_voter_a_second_area_is_refused(app, client, setting):
    _forum, voter, cycle, _items = setting
    with app.app_context():
        stored = db.session.get(Cycle, cycle.id)
        north = Area(cycle_id=cycle.id, name="North", language="en", budget=2_000_000)
        south = Area(cycle_id=cycle.id, name="South", language="en", budget=3_000_000)
        db.session.add_all([north, south])
        db.session.commit()
        n_item = add_budget_item(stored, "North park", 500_000, area_id=north.id)
        s_item = add_budget_item(stored, "South park", 500_000, area_id=south.id)
    sign_in_as(client, voter)
    assert client.post(_url(cycle) + f"?area={north.id}",
                       data={"item": [n_item.id]}).status_code == 302
    refused = client.post(_url(cycle) + f"?area={south.id}", data={"item": [s_item.id]})
    assert refused.status_code == 409 and "another area" in text_of(refused)
    assert client.get(_url(cycle) + "?area=99999").status_code == 404


@pytest.mark.postgres_only
def test_simultaneous_submissions_by_one_person_leave_exactly_one_ballot(
        database_url, is_postgres, setting):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    _forum, voter, cycle, items = setting
    app = make_app(database_url)
    barrier = threading.Barrier(6)

    def vote(number: int) -> None:
        client = app.test_client()
        sign_in_as(client, voter)
        barrier.wait()
        client.post(_url(cycle), data={"item": [items[number % 2]]})

    threads = [threading.Thread(target=vote, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert _counts(app, cycle.id) == (1, 1)


def test_receipt_codes_are_readable_and_unique():
    codes = {voting.new_receipt() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 14 and c[4] == "-" and not set(c) & set("OILU") for c in codes)


def _receipt_of(client, response) -> str:
    page = text_of(client.get(response.headers["Location"]))
    return page.split('class="receipt"><strong>')[1].split("<")[0]


def _typed_sloppily(code: str) -> str:
    """As a person may type it: small letters, spaces for dashes, O for 0, l for 1."""
    return " ".join(code.split("-")).lower().replace("0", "O").replace("1", "l")


def test_a_receipt_is_accepted_however_it_is_typed(app, client, setting):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    code = _receipt_of(client, client.post(_url(cycle), data={"item": [items[0]]}))
    anonymous = app.test_client()
    for typed in (code.replace("-", ""), _typed_sloppily(code), f"  {code.lower()}  "):
        checked = anonymous.post(_url(cycle, "receipt"), data={"code": typed})
        assert "Yes: a ballot with this receipt is in the count." in text_of(checked), typed


def test_an_earlier_receipt_typed_without_dashes_is_found(app, client, setting):
    import hashlib

    _forum, _voter, cycle, items = setting
    with app.app_context():  # a receipt given before codes were read however typed
        db.session.add(Ballot(cycle_id=cycle.id, channel="online", choices=[[items[0], 1]],
                              receipt_hash=hashlib.sha256(b"HTBR-5KKK-G2DY").hexdigest()))
        db.session.commit()
    for typed in ("HTBR5KKKG2DY", "htbr 5kkk g2dy"):
        checked = app.test_client().post(_url(cycle, "receipt"), data={"code": typed})
        assert checked.status_code == 200, typed
        assert "Yes: a ballot with this receipt is in the count." in text_of(checked)


def test_the_ballot_is_changed_on_another_phone_with_the_typed_receipt(app, client, setting):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    code = _receipt_of(client, client.post(_url(cycle), data={"item": [items[0]]}))
    assert "Your receipt code" not in text_of(client.get(_url(cycle)))  # this browser knows
    other_phone = app.test_client()
    sign_in_as(other_phone, voter)
    page = text_of(other_phone.get(_url(cycle)))
    assert "Your receipt code" in page and "Change my vote" in page
    wrong = other_phone.post(_url(cycle), data={"item": [items[1]], "receipt": "AAAA-BBBB"})
    assert wrong.status_code == 409 and "not the receipt code of your ballot" in text_of(wrong)
    typed = other_phone.post(_url(cycle), data={"item": [items[1]],
                                                "receipt": _typed_sloppily(code)})
    assert typed.status_code == 302
    assert _counts(app, cycle.id) == (1, 1)
    with app.app_context():
        assert voting.my_choices(db.session.get(Cycle, cycle.id), 0, code) == [(items[1], 1)]
    assert client.post(_url(cycle), data={"item": [items[0], items[1]]}).status_code == 302
    with app.app_context():
        assert voting.my_choices(db.session.get(Cycle, cycle.id), 0, code) == [
            (items[0], 1), (items[1], 1)]


def test_a_ballot_sent_twice_keeps_one_ballot_and_shows_its_receipt_both_times(
        app, client, setting):
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    page = text_of(client.get(_url(cycle)))
    fresh = page.split('name="fresh" value="')[1].split('"')[0]
    second_tap = app.test_client()  # the browser never saw the first answer
    sign_in_as(second_tap, voter)
    first = client.post(_url(cycle), data={"item": [items[0]], "fresh": fresh})
    again = second_tap.post(_url(cycle), data={"item": [items[0]], "fresh": fresh})
    assert first.status_code == again.status_code == 302
    assert _receipt_of(client, first) == _receipt_of(second_tap, again) == fresh
    assert _counts(app, cycle.id) == (1, 1)


def test_a_wrong_receipt_is_told_apart_from_a_missing_one(app, client, setting):
    """Someone who typed a code must not be told to type the code: they are told it is wrong,
    and what they chose stays ticked."""
    _forum, voter, cycle, items = setting
    sign_in_as(client, voter)
    client.post(_url(cycle), data={"item": [items[0]]})
    other_phone = app.test_client()
    sign_in_as(other_phone, voter)
    wrong = other_phone.post(_url(cycle), data={"item": [items[1]],
                                                "receipt": "AAAA-BBBB-CCCC"})
    page = text_of(wrong)
    assert wrong.status_code == 409 and "not the receipt code of your ballot" in page
    assert "You have voted already" not in page
    assert f'value="{items[1]}" id="item-{items[1]}" checked' in wrong.get_data(as_text=True)
    missing = other_phone.post(_url(cycle), data={"item": [items[1]]})
    assert missing.status_code == 409 and "type the receipt code" in text_of(missing)
