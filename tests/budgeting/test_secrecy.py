"""What someone voted for is secret: no table, page, export, log or data download links a person
to their choices, and after closing not even the database does."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import DBAPIError

from forum.budgeting.models import Ballot, Cycle, Receipt
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle, run_closing
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
                data={"number": str(max(v.id for v in voters) + 100),  # no voter's id
                      "item": [items[0].id]})
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


def _close(app, client, cycle):
    with app.app_context():
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    run_closing(app)


def test_while_open_choices_are_sealed_and_closing_rewrites_them(app, client, election):
    _forum, _secretariat, cycle, items, _voters = election
    with app.app_context():
        stored = db.session.scalars(select(Ballot.choices)).all()
        before = set(db.session.scalars(select(Ballot.id)))
    assert len(stored) == 4 and all(c.startswith("sealed:") for c in stored)
    _close(app, client, cycle)
    with app.app_context():
        after = db.session.scalars(select(Ballot)).all()
        receipts = db.session.scalars(select(Receipt.receipt_hash)).all()
    assert len(after) == 4 and not {b.id for b in after} & before
    assert all(isinstance(b.choices, list) and b.receipt_hash is None for b in after)
    assert sorted(b.choices[0][0] for b in after) == sorted(
        [items[0].id, items[0].id, items[1].id, items[2].id])
    assert len(receipts) == 3  # the online voters can still check their receipts


def _rows(app) -> dict[str, list[dict]]:
    with app.app_context():
        return {table.name: [dict(row._mapping) for row in db.session.execute(table.select())]
                for table in db.metadata.sorted_tables}


def test_no_row_of_any_table_leads_from_a_person_to_a_ballot(app, client, election):
    _forum, _secretariat, cycle, _items, voters = election
    for moment in ("open", "closed"):
        rows = _rows(app)
        ballot_marks = {value for row in rows["budget_ballots"]
                        for value in (row["id"], row["receipt_hash"]) if value}
        for name, table_rows in rows.items():
            if name == "budget_ballots":
                continue
            text = json.dumps(table_rows, default=str)
            assert not any(mark in text for mark in ballot_marks), (moment, name)
        people = {str(v.id) for v in voters} | set(NAMES)
        for row in rows["budget_ballots"]:
            assert set(row) == {"id", "cycle_id", "scope", "channel", "paper_number",
                                "receipt_hash", "choices"}
            assert not people & {str(row["paper_number"])}
        if moment == "open":
            _close(app, client, cycle)


def test_dead_row_versions_hold_no_readable_choice_beside_a_voter(app, client, election,
                                                                 is_postgres):
    """On PostgreSQL, read every row version on disk, dead ones too (pageinspect): no version
    with readable choices was written by a transaction that also wrote a participation."""
    if not is_postgres:
        pytest.skip("row versions on disk are a PostgreSQL matter")
    _forum, _secretariat, cycle, items, _voters = election
    ours = [f"[{item.id}, ".encode() for item in items]  # earlier tests' rows may be on disk
    _close(app, client, cycle)
    with app.app_context():
        try:
            db.session.execute(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
            db.session.commit()
        except DBAPIError:  # not allowed here: nothing to inspect
            db.session.rollback()
            pytest.skip("the pageinspect extension cannot be created")
        voters_xmin = {row.t_xmin for row in _versions("budget_participations")}
        versions = _versions("budget_ballots")
    readable = [v for v in versions if v.t_data and b"[[" in bytes(v.t_data)
                and any(mark in bytes(v.t_data) for mark in ours)]
    sealed = [v for v in versions if v.t_data and b"sealed:" in bytes(v.t_data)]
    assert len(readable) >= 4 and len(sealed) >= 4  # the dead versions are still on disk
    assert not {v.t_xmin for v in readable} & voters_xmin


def _versions(table: str):
    pages = db.session.scalar(text("SELECT pg_relation_size(:t) / 8192"), {"t": table})
    return [row for page in range(pages) for row in db.session.execute(text(
        "SELECT t_xmin, t_data FROM heap_page_items(get_raw_page(:t, :p))"),
        {"t": table, "p": page})]


def test_exports_and_the_data_download_contain_no_link(app, client, election):
    _forum, _secretariat, cycle, _items, voters = election
    _close(app, client, cycle)
    for suffix in ("results.csv", "results.pb"):
        export = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/{suffix}"))
        assert not any(name in export for name in NAMES) and "@example.org" not in export
        assert f";{voters[0].id};" not in export
    sign_in_as(client, voters[0])
    mine = json.loads(client.get("/en/accounts/account/data.json").data)
    assert mine["budgeting"]["took_part"] == [{"cycle": cycle.id, "channel": "online"}]
    assert not any(choice in json.dumps(mine) for choice in CHOICES)
