"""Paper ballots: finding the paper voter, entering ballots one by one or as a file (also
after closing), voiding a mistake, every reject listed in item titles with its reason."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from forum.budgeting.models import Ballot, Cycle, RejectedBallot
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle, run_closing
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
                           content_type="multipart/form-data", follow_redirects=True)
    page = text_of(response)
    assert response.status_code == 200 and "/jobs/" in response.request.path
    assert "2 ballots counted." in page and "5 lines rejected." in page
    with app.app_context():
        lines = sorted(db.session.scalars(select(RejectedBallot.source_line)))
    assert lines == [3, 4, 5, 6, 7]
    listing = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    assert "is not on this ballot" in listing and "is not an item number" in listing
    assert "The ballot has no number." in listing


def test_a_file_of_ballots_saved_with_semicolons_is_counted(app, client, setting):
    cycle, items = setting
    a, b, _c = items
    csv = f"ballot;items\n20;{a};{b}\n21;{a}\n"
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/upload",
                           data={"file": (__import__("io").BytesIO(csv.encode()), "s.csv")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "2 ballots counted." in text_of(response)


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


def _forum(app):
    from forum.forums.models import Forum

    return db.session.scalar(select(Forum))


def test_the_paper_voter_is_found_without_javascript_and_told_apart(app, client, setting):
    cycle, _items = setting
    with app.app_context():
        forum = _forum(app)
        add_resident(forum, name="Fatime Osmani", birth_year=1990)
        aunt = add_resident(forum, name="Fatime Osmani", birth_year=1962)
        aunt.neighbourhood = "Teke"
        db.session.commit()
        aunt_id = aunt.id
        for number in range(40):
            add_resident(forum, name=f"Someone {number}")
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    assert "Someone 1" not in page and "<select" not in page.split("paper-voter-title")[1] \
        .split("enter-ballot")[0]
    found = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper?q=fatime"))
    assert found.count("Register as paper voter") == 2
    assert "born 1990" in found and "born 1962" in found and "Teke" in found
    done = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/voter",
                       data={"resident": aunt_id})
    assert done.status_code == 302
    again = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper?q=osmani"))
    assert again.count("Register as paper voter") == 1 and "has voted" in again
    twice = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/voter",
                        data={"resident": aunt_id})
    assert twice.status_code == 400 and "already voted" in text_of(twice)


def test_a_ballot_entered_by_mistake_is_voided_and_entered_again(app, client, setting):
    cycle, items = setting
    base = f"/en/forums/f/budgeting/{cycle.id}/paper"
    assert client.post(f"{base}/ballot", data={"number": "5", "item": items[:1]}) \
        .status_code == 302
    client.post(f"{base}/ballot", data={"number": "6", "item": items})  # rejected: 3 ticks
    missing = client.post(f"{base}/void", data={"void-number": "99", "void-reason": "typo"})
    assert missing.status_code == 400 and "No paper ballot with this number" in \
        text_of(missing)
    for number in ("5", "6"):
        voided = client.post(f"{base}/void", data={"void-number": number,
                                                   "void-reason": "typed the wrong items"})
        assert voided.status_code == 302
    assert (_count(app, Ballot), _count(app, RejectedBallot)) == (0, 0)
    assert client.post(f"{base}/ballot", data={"number": "5", "item": items[1:3]}) \
        .status_code == 302
    assert _count(app, Ballot) == 1
    log = text_of(client.get("/en/forums/f/audit"))
    assert "Paper ballot voided" in log and "typed the wrong items" in log


def test_rejected_ballots_speak_in_item_titles_under_one_heading(app, client, setting):
    cycle, items = setting
    client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/ballot",
                data={"number": "8", "item": items})
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    listing = page.split('id="rejected-title"')[1].split("</section>")[0]
    assert "<li>A</li>" in listing and "<li>C</li>" in listing
    assert f"{items[0]}:1" not in listing
    assert page.count("Rejected paper ballots") == 1
    with app.app_context():  # while voting is open, what it says is sealed like a ballot
        assert db.session.scalar(select(RejectedBallot.content)).startswith("sealed:")
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    run_closing(app)
    with app.app_context():
        assert db.session.scalar(select(RejectedBallot.content)) == " ".join(
            f"{item}:1" for item in items)
    closed = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/paper"))
    assert "<li>A</li>" in closed.split('id="rejected-title"')[1]


def test_the_audit_log_counts_paper_ballots_without_their_number(app, client, setting):
    cycle, items = setting
    client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/ballot",
                data={"number": "4711", "item": items[:1]})
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "budget.paper_ballot")).all()
    assert len(entries) == 1 and "4711" not in json.dumps(entries[0].changes)


def test_ballots_from_the_box_are_entered_after_voting_closes(app, client, setting):
    cycle, items = setting
    with app.app_context():
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    run_closing(app)
    url = f"/en/forums/f/budgeting/{cycle.id}/paper/ballot"
    assert client.post(url, data={"number": "1", "item": items[1:2]}).status_code == 302
    assert _count(app, Ballot) == 1
    with app.app_context():
        from forum.budgeting.models import ResultRow

        rows = {r.item_id: r.score for r in db.session.scalars(select(ResultRow))}
    assert rows[items[1]] == 1 and rows[items[0]] == 0
    with app.app_context():
        db.session.get(Cycle, cycle.id).phase = "implementation"
        db.session.commit()
    late = client.post(url, data={"number": "2", "item": items[:1]})
    assert late.status_code == 400 and "until the results are final" in text_of(late)


def test_a_paper_voter_tapped_twice_is_recorded_once_without_an_error(app, client, setting):
    """The form on the page carries its one-time token, so a double tap without JavaScript
    gets the first answer again instead of "already voted"."""
    cycle, _items = setting
    with app.app_context():
        record_id = add_resident(_forum(app), name="Fatime Osmani").id
    page = client.get(f"/en/forums/f/budgeting/{cycle.id}/paper?q=fatime").get_data(as_text=True)
    form = page.split('paper/voter#')[1].split("</form>")[0]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    assert fields["resident"] == str(record_id) and "once" in fields
    url = f"/en/forums/f/budgeting/{cycle.id}/paper/voter"
    assert client.post(url, data=fields).status_code == 302
    twice = client.post(url, data=fields)
    assert twice.status_code == 303 and "already voted" not in text_of(twice)


@pytest.mark.parametrize("area", ["99999999999999999999", "-1", "7"])
def test_a_ballot_for_an_area_the_vote_does_not_have_is_refused_with_the_form_again(
        app, client, setting, area):
    cycle, items = setting
    refused = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/ballot",
                          data={"number": "1", "item": items[:1], "area": area})
    assert refused.status_code == 400
    assert "Not a valid choice" in text_of(refused) and "A" in text_of(refused)
    assert _count(app, Ballot) == 0


def test_a_refused_paper_form_comes_back_at_its_own_section(app, client, setting):
    """Without JavaScript the page reloads at its top, far above the message; each form sends
    the reader back to its own section, where the error is."""
    cycle, _items = setting
    refused = client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/void",
                          data={"void-number": "99", "void-reason": "typo"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and "No paper ballot with this number" in text_of(refused)
    for action in ("paper/ballot#enter-ballot", "paper/void#void-title",
                   "paper/upload#upload-title"):
        assert f'{action}"' in html, action


def _pattern_file(items, copies: int) -> str:
    """Ten lines per copy: counted, too many, unknown item, unreadable, no number, and a
    number used twice in the file (counted first, refused after) — numbered per copy."""
    a, b, c = items
    lines = ["ballot,items"]
    for n in range(copies):
        base = n * 10
        lines += [f"{base + 1},{a},{b}", f"{base + 2},{a},{b},{c}", f"{base + 3},99",
                  f"{base + 4},x", f",{a}", f"{base + 1},{c}", f"{base + 5},{c}",
                  f"{base + 6},{b},{c}", f"{base + 6},{a}", f"{base + 7},{a},{a}"]
    return "\n".join(lines) + "\n"


def _upload(client, cycle, csv):
    return client.post(f"/en/forums/f/budgeting/{cycle.id}/paper/upload",
                       data={"file": (__import__("io").BytesIO(csv.encode()), "b.csv")},
                       content_type="multipart/form-data", follow_redirects=True)


def _outcome(app, cycle_id):
    """What a file left behind: counted numbers; rejected (line, number, problem codes)."""
    from forum.budgeting.sealing import unseal

    with app.app_context():
        counted = set(db.session.scalars(select(Ballot.paper_number).where(
            Ballot.cycle_id == cycle_id)))
        rejected = {(r.source_line, r.paper_number,
                     tuple(p[0] for p in unseal(cycle_id, r.problems)))
                    for r in db.session.scalars(select(RejectedBallot).where(
                        RejectedBallot.cycle_id == cycle_id))}
    return counted, rejected


def test_a_large_file_of_ballots_is_checked_with_as_many_queries_as_a_small_one(
        app, client, setting):
    from tests.helpers import count_queries

    small_cycle, items = setting
    with app.app_context():
        from forum.forums.models import Forum
        big_cycle = create_cycle(db.session.scalar(select(Forum)), max_length=2, title="Big")
        big_items = [add_budget_item(big_cycle, n, 1000).id for n in ("A", "B", "C")]
    app.config["UPLOAD_MAX_BYTES"] = 1_000_000
    with count_queries(app) as small:
        assert _upload(client, small_cycle, _pattern_file(items, 2)).status_code == 200
    with count_queries(app) as big:
        response = _upload(client, big_cycle, _pattern_file(big_items, 200))
    assert "600 ballots counted." in text_of(response)
    assert big["n"] <= small["n"] + 4  # bulk inserts may go in a few batches
    counted, rejected = _outcome(app, small_cycle.id)
    assert counted == {"1", "5", "6", "11", "15", "16"}
    twice = ("number_taken", "number_taken")  # taken in the file, and among the counted
    assert rejected == {
        (3, "2", ("too_many",)), (4, "3", ("unknown_item",)), (5, "4", ("unreadable",)),
        (6, "", ("no_number",)), (7, "1", twice), (10, "6", twice), (11, "7", ("duplicate_item",)),
        (13, "12", ("too_many",)), (14, "13", ("unknown_item",)), (15, "14", ("unreadable",)),
        (16, "", ("number_taken", "no_number")), (17, "11", twice), (20, "16", twice),
        (21, "17", ("duplicate_item",))}
    big_counted, big_rejected = _outcome(app, big_cycle.id)
    assert len(big_counted) == 600 and len(big_rejected) == 1400
