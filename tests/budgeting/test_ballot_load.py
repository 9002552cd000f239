"""The ballot under load: the same SQL for a ballot of 3 items or 300 and with 1 voter or 60,
and a long ballot listed a page at a time, its choices kept from page to page."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.budgeting import voting
from forum.budgeting.listing import PAGE_SIZE
from forum.budgeting.models import Ballot, Cycle
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle
from tests.fixtures.forums import create_forum
from tests.helpers import count_queries, text_of


def _ballot(app, items: int, voters: int = 0, kind: str = "approval", max_length: int = 3):
    """A forum with a vote open on `items` items that `voters` people have already voted in;
    (forum slug, cycle id, item ids)."""
    with app.app_context():
        forum = create_forum(slug=f"f{items}x{voters}{kind[:3]}", currency="ALL")
        cycle = create_cycle(forum, budget=2_000_000_000, max_length=max_length, ballot_kind=kind)
        ids = [add_budget_item(cycle, f"Item {n}", 1000 * (n + 1)).id for n in range(items)]
        for n in range(voters):
            user = create_user(email=f"early{n}@{forum.slug}.example.org")
            if n % 2:
                add_resident(forum, user=user, name=f"Early {n}")
            voting.cast(cycle, user, 0, [(ids[n % items], 1)])
        return forum.slug, cycle.id, ids


def _queries(app, slug, cycle_id, ids, *, resident: bool) -> tuple[int, int, int]:
    """SQL statements of a new voter's ballot page, of sending it, and of the page again."""
    client = app.test_client()
    with app.app_context():
        voter = create_user(email=f"voter-{slug}-{resident}@example.org")
        if resident:
            add_resident(db.session.get(Cycle, cycle_id).forum, user=voter, name="Voter")
    sign_in_as(client, voter)
    url = f"/en/forums/{slug}/budgeting/{cycle_id}/vote"
    client.get(url)  # the first request of a client also sets its session up
    with count_queries(app) as page:
        assert client.get(url).status_code == 200
    with count_queries(app) as sent:
        assert client.post(url, data={"item": ids[-2:]}).status_code == 302
    with count_queries(app) as again:
        assert "checked" in text_of(client.get(url))
    return page["n"], sent["n"], again["n"]


@pytest.mark.parametrize("resident", [False, True])
def test_the_ballot_sends_as_many_queries_for_300_items_and_60_voters_as_for_a_few(
        app, resident):
    few = _queries(app, *_ballot(app, 3, 1), resident=resident)
    # The page: its cycle with the frame, the voter's register entry with whether they voted,
    # the items. Sending: the same without the items' texts, then the two inserts. The page
    # again: it also opens the ballot the voter's receipt belongs to.
    assert few == (3, 5, 4)
    one_page = _queries(app, *_ballot(app, PAGE_SIZE, 60), resident=resident)
    assert one_page == few
    paged = _queries(app, *_ballot(app, PAGE_SIZE + 5, 1), resident=resident)
    many = _queries(app, *_ballot(app, 300, 60), resident=resident)
    assert many == paged
    # Past one page, the page also reads the costs of every item, and the page again the
    # chosen items that are not on its first page.
    assert [p - f for p, f in zip(paged, few, strict=True)] == [1, 0, 2]


def test_a_ballot_of_one_page_is_read_in_one_query_and_sent_without_its_items(app):
    slug, cycle_id, ids = _ballot(app, 3)
    client = app.test_client()
    with app.app_context():
        voter = create_user(email="reader@example.org")
    sign_in_as(client, voter)
    url = f"/en/forums/{slug}/budgeting/{cycle_id}/vote"
    client.get(url)
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    from sqlalchemy import event

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", note)
    try:
        client.get(url)
        on_page = [s for s in statements if "FROM budget_items" in s]
        statements.clear()
        client.post(url, data={"item": ids[:1]})
        on_send = [s for s in statements if "FROM budget_items" in s]
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert len(on_page) == 1 and "description" not in on_page[0]
    assert len(on_send) == 1 and "budget_items.title" not in on_send[0]


def _page_items(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'name="item" value="(\d+)"', page)]


def test_a_long_ballot_lists_a_page_at_a_time_and_keeps_the_choices_of_other_pages(app):
    slug, cycle_id, ids = _ballot(app, 3 * PAGE_SIZE - 5)
    client = app.test_client()
    with app.app_context():
        voter = create_user(email="pager@example.org")
    sign_in_as(client, voter)
    url = f"/en/forums/{slug}/budgeting/{cycle_id}/vote"
    first = text_of(client.get(url))
    assert _page_items(first) == ids[:PAGE_SIZE]
    assert first.count("Page 1 of 3") == 2 and 'name="to_page" value="2"' in first
    assert "Previous page" not in first
    fresh = first.split('name="fresh" value="')[1].split('"')[0]

    turned = client.post(url, data={"item": [ids[3]], "to_page": "2", "on_page": "1",
                                    "fresh": fresh})
    second = text_of(turned)
    assert turned.status_code == 200
    assert _page_items(second) == [ids[3], *ids[PAGE_SIZE:2 * PAGE_SIZE]]
    assert f'value="{ids[3]}" id="item-{ids[3]}" checked' in second
    assert "Page 2 of 3" in second and "Previous page" in second and "Next page" in second
    assert f'name="fresh" value="{fresh}"' in second

    checked = text_of(client.post(url, data={"item": [ids[3], ids[30]], "check": "1",
                                             "on_page": "2", "fresh": fresh}))
    assert "Page 2 of 3" in checked and "2 items chosen" in checked

    last = text_of(client.post(url, data={"item": [ids[3], ids[30]], "to_page": "3"}))
    assert _page_items(last) == [ids[3], ids[30], *ids[2 * PAGE_SIZE:]]
    assert "Next page" not in last

    cast = client.post(url, data={"item": [ids[3], ids[30], ids[-1]], "fresh": fresh})
    assert cast.status_code == 302
    with app.app_context():
        kept = voting.my_choices(db.session.get(Cycle, cycle_id), 0, fresh)
    assert kept == [(ids[3], 1), (ids[30], 1), (ids[-1], 1)]


def test_turning_a_page_saves_nothing_and_a_page_past_the_end_shows_the_last(app):
    slug, cycle_id, ids = _ballot(app, PAGE_SIZE + 2)
    client = app.test_client()
    with app.app_context():
        voter = create_user(email="turner@example.org")
    sign_in_as(client, voter)
    url = f"/en/forums/{slug}/budgeting/{cycle_id}/vote"
    page = text_of(client.post(url, data={"item": [ids[0]], "to_page": "99"}))
    assert "Page 2 of 2" in page and _page_items(page) == [ids[0], *ids[PAGE_SIZE:]]
    with app.app_context():
        assert db.session.scalar(select(Ballot.id).where(Ballot.cycle_id == cycle_id)) is None


@pytest.mark.parametrize("kind", ["choose-1", "ordinal", "cumulative"])
def test_every_kind_of_long_ballot_lists_the_chosen_item_beside_the_page(app, kind):
    slug, cycle_id, ids = _ballot(app, 2 * PAGE_SIZE, kind=kind,
                                  max_length=3 if kind == "ordinal" else None)
    client = app.test_client()
    with app.app_context():
        voter = create_user(email=f"{kind}@example.org")
    sign_in_as(client, voter)
    url = f"/en/forums/{slug}/budgeting/{cycle_id}/vote"
    chosen = {"choose-1": {"item": ids[1]}, "ordinal": {"rank-1": ids[1]},
              "cumulative": {f"points-{ids[1]}": "2"}}[kind]
    page = text_of(client.post(url, data={**chosen, "to_page": "2"}))
    listed = [int(n) for n in re.findall(r'<a class="more" href="[^"]*/items/(\d+)"', page)]
    assert listed == [ids[1], *ids[PAGE_SIZE:]]
    if kind == "choose-1":
        assert f'type="radio" name="item" value="{ids[1]}" id="item-{ids[1]}" checked' in page
    elif kind == "ordinal":
        options = page.split('id="rank-1"')[1].split("</select>")[0]
        assert f'<option value="{ids[1]}" selected>' in options
        assert options.count("<option value=") == 1 + 1 + PAGE_SIZE
    else:
        assert f'id="points-{ids[1]}" value="2"' in page


def test_ten_times_the_items_is_not_ten_times_the_page(app):
    client = app.test_client()
    with app.app_context():
        voter = create_user(email="weigher@example.org")
    sign_in_as(client, voter)
    sizes = {}
    for items in (20, 200):
        for kind in ("approval", "ordinal"):
            slug, cycle_id, _ids = _ballot(app, items, kind=kind)
            body = client.get(f"/en/forums/{slug}/budgeting/{cycle_id}/vote").get_data()
            sizes[items, kind] = len(body)
    for kind in ("approval", "ordinal"):
        assert sizes[200, kind] < 1.3 * sizes[20, kind]
