"""Cycles and their phases, items and their review, photos, follow-up of the winners."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from forum.budgeting.models import Cycle, Item, ItemUpdate
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, create_cycle
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import outbox, text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", currency="ALL")
        secretariat = create_user(email="sec@example.org")
        add_member(forum, secretariat, role="secretariat")
        resident = create_user(email="res@example.org", language="rom")
        cycle = create_cycle(forum, phase="collecting", budget=5_000_000)
        return forum, secretariat, resident, cycle


CYCLE = {"title": "Budget 2027", "language": "en", "budget": "5000000", "ballot_kind": "approval",
         "max_length": "3", "tally_rule": "equalshares/add1", "tie_break": "cost,votes,id",
         "eligibility": "signed_in"}


def _photo(size=(2400, 1800), exif_gps=True) -> io.BytesIO:
    image = Image.new("RGB", size, (200, 40, 40))
    data = io.BytesIO()
    exif = Image.Exif()
    if exif_gps:
        exif[0x8825] = {2: (41.0, 59.0, 0.0)}  # GPS latitude
    image.save(data, "JPEG", exif=exif.tobytes())
    data.seek(0)
    return data


def test_creating_a_cycle_keeps_money_exact_and_refuses_bad_dates(app, client, setting):
    _forum, secretariat, _resident, _cycle = setting
    sign_in_as(client, secretariat)
    bad = client.post("/en/forums/f/budgeting/new", data={
        **CYCLE, "vote_opens_day": "2030-05-10", "vote_opens_time": "10:00",
        "vote_closes_day": "2030-05-01", "vote_closes_time": "10:00"})
    assert bad.status_code == 400 and "Voting must close after it opens." in text_of(bad)
    for budget, message in (("-5", "zero or more"), ("lots", "Not a valid decimal value.")):
        response = client.post("/en/forums/f/budgeting/new", data={**CYCLE, "budget": budget})
        assert response.status_code == 400 and message in text_of(response)
    assert client.post("/en/forums/f/budgeting/new", data=CYCLE).status_code == 302
    with app.app_context():
        created = db.session.scalar(select(Cycle).where(Cycle.title == "Budget 2027"))
        assert created.budget == 5_000_000 and created.currency == "ALL"


def test_a_resident_proposes_an_idea_with_a_photo_stripped_of_its_location(app, client,
                                                                          setting):
    forum, _secretariat, resident, cycle = setting
    with app.app_context():
        from forum.proposals import groups

        roma, disability = (g.id for g in groups.all_of(forum) if g.key in ("roma", "disability"))
    sign_in_as(client, resident)
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new", data={
        "title": "Ramp to the clinic", "language": "rom", "description": "A ramp",
        "estimated_cost": "250000", "target_groups": [roma, disability],
        "image": (_photo(), "ramp.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(select(Item))
        assert item.estimated_cost == 250_000 and item.author_id == resident.id
        assert item.target_groups == [roma, disability]
    with client.get(f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}/image") as served, \
            Image.open(io.BytesIO(served.data)) as kept:
        assert max(kept.size) == 1600 and 0x8825 not in kept.getexif()


@pytest.mark.parametrize(("upload", "message"), [
    ((io.BytesIO(b"not an image at all"), "x.jpg"), "not a photo we can read"),
    ((io.BytesIO(b"\xff" * 3000), "big.jpg"), "larger than 2 kB"),
])
def test_bad_photos_are_refused_and_nothing_is_stored(app, client, setting, upload, message):
    app.config["IMAGE_MAX_BYTES"] = 2048
    _forum, _secretariat, resident, cycle = setting
    sign_in_as(client, resident)
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new", data={
        "title": "Idea", "language": "en", "description": "d", "estimated_cost": "100",
        "image": upload}, content_type="multipart/form-data")
    assert response.status_code == 400 and message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Item)) is None


def test_an_idea_over_the_budget_or_outside_collecting_is_refused(app, client, setting):
    _forum, _secretariat, resident, cycle = setting
    sign_in_as(client, resident)
    data = {"title": "Stadium", "language": "en", "description": "d",
            "estimated_cost": "9000000"}
    over = client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new", data=data)
    assert over.status_code == 400 and "more than the whole budget" in text_of(over)
    with app.app_context():
        db.session.get(Cycle, cycle.id).phase = "review"
        db.session.commit()
    late = client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new",
                       data={**data, "estimated_cost": "100"})
    assert late.status_code == 400 and "not collecting ideas now" in text_of(late)


def test_review_needs_a_reason_to_refuse_and_tells_the_author(app, client, setting):
    _forum, secretariat, resident, cycle = setting
    with app.app_context():
        item = add_budget_item(cycle, "Lights", 400_000, feasible=False, author_id=resident.id)
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/budgeting/{cycle.id}/items/{item.id}/review"
    missing = client.post(url, data={"decision": "not_feasible", "reason": "", "language": "en"})
    assert missing.status_code == 400 and "Say why it is not feasible." in text_of(missing)
    ok = client.post(url, data={"decision": "not_feasible", "language": "en",
                                "reason": "The street belongs to the state."})
    assert ok.status_code == 302
    [message] = outbox(app, "res@example.org")
    assert message.language == "rom" and "The street belongs to the state." in message.body
    assert "Budget item checked" in text_of(client.get("/en/forums/f/audit"))


def test_the_cycle_moves_to_voting_only_when_ready_and_then_its_rules_freeze(app, client,
                                                                            setting):
    _forum, secretariat, _resident, cycle = setting
    sign_in_as(client, secretariat)
    advance = f"/en/forums/f/budgeting/{cycle.id}/phase/open"
    client.post(f"/en/forums/f/budgeting/{cycle.id}/phase/review")
    with app.app_context():
        waiting = add_budget_item(cycle, "Unchecked", 1000, feasible=False)
    refused = client.post(advance, follow_redirects=True)
    assert "Some items are not checked yet." in text_of(refused)
    with app.app_context():
        stored = db.session.get(Item, waiting.id)
        stored.status, stored.official_cost = "feasible", 1000
        current = db.session.get(Cycle, cycle.id)
        current.vote_opens_at, current.vote_closes_at = utcnow(), utcnow() + timedelta(days=3)
        db.session.commit()
    client.post(advance)
    with app.app_context():
        assert db.session.get(Cycle, cycle.id).phase == "voting"
    frozen = client.post(f"/en/forums/f/budgeting/{cycle.id}/edit",
                         data={**CYCLE, "budget": "1", "title": "Budget"})
    assert frozen.status_code == 400 and "can no longer change" in text_of(frozen)


def test_progress_reports_reach_the_followers(app, client, setting):
    forum, secretariat, resident, _cycle = setting
    with app.app_context():
        done = create_cycle(forum, phase="implementation", title="Done")
        winner = add_budget_item(done, "Playground", 300_000)
    sign_in_as(client, resident)
    client.post(f"/en/forums/f/budgeting/{done.id}/items/{winner.id}/follow", data={"follow": "1"})
    sign_in_as(client, secretariat)
    url = f"/en/forums/f/budgeting/{done.id}/items/{winner.id}/work"
    cancelled = client.post(url, data={"work_status": "cancelled", "progress": 0, "spent": "0",
                                       "note": "", "language": "en"})
    assert cancelled.status_code == 400 and "Say why the work is cancelled." in text_of(cancelled)
    client.post(url, data={"work_status": "in_progress", "progress": 40, "spent": "120000",
                           "text": "The ground is ready.", "language": "en"})
    assert "Playground" in outbox(app, "res@example.org")[0].body
    page = text_of(client.get(f"/en/forums/f/budgeting/{done.id}/items/{winner.id}"))
    assert "The ground is ready." in page and "40%" in page
    with app.app_context():
        assert db.session.scalar(select(ItemUpdate.text)) == "The ground is ready."
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "budget.work")) == "budget.work"


def test_xss_in_an_idea_is_shown_as_text(app, client, setting):
    _forum, _secretariat, resident, cycle = setting
    sign_in_as(client, resident)
    client.post(f"/en/forums/f/budgeting/{cycle.id}/items/new", data={
        "title": "<script>alert(1)</script>", "language": "en",
        "description": "<img src=x onerror=alert(1)> [x](javascript:alert(1))",
        "estimated_cost": "100", "location": "<b onmouseover=alert(1)>here</b>"})
    with app.app_context():
        item_id = db.session.scalar(select(Item.id))
    page = text_of(client.get(f"/en/forums/f/budgeting/{cycle.id}/items/{item_id}"))
    assert "<script>alert(1)" not in page and "onerror" not in page
    assert "javascript:" not in page and "<b onmouseover" not in page
