"""A cycle's phases and moves: opening, closing early, cancelling with a reason, the dates
each phase allows to change, and what every screen says about the phase."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.budgeting.models import Ballot, Cycle, ResultRow
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.core.timezones import to_local
from forum.extensions import db
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import (
    add_budget_item,
    add_resident,
    cast_paper,
    create_cycle,
    run_closing,
)
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of

ZONE = "Europe/Skopje"
SETTINGS = {"title": "Budget", "language": "en", "budget": "5000000", "ballot_kind": "approval",
            "max_length": "3", "tally_rule": "equalshares/add1", "tie_break": "cost,votes,id",
            "eligibility": "signed_in", "one_area_per_voter": "y"}


@pytest.fixture
def setting(app):
    """A forum with its secretariat, a resident, and a cycle in voting with a paper ballot."""
    with app.app_context():
        forum = create_forum(slug="f", currency="ALL", timezone=ZONE)
        secretariat = create_user(email="sec@example.org")
        add_member(forum, secretariat, role="secretariat")
        resident = create_user(email="res@example.org")
        cycle = create_cycle(forum, budget=5_000_000, max_length=3,
                             closes_in=timedelta(days=5, hours=3))
        ramp = add_budget_item(cycle, "Ramp", 300_000)
        add_budget_item(cycle, "Lights", 1_200_000)
        cast_paper(cycle, add_resident(forum, name="Paper voter"), [ramp.id], "1")
        return forum, secretariat, resident, cycle.id


def _url(cycle_id: int, suffix: str = "") -> str:
    return f"/en/forums/f/budgeting/{cycle_id}/{suffix}"


def _cycle(app, cycle_id: int) -> Cycle:
    with app.app_context():
        found = db.session.get(Cycle, cycle_id)
        db.session.expunge(found)
        return found


def _audited(app, action: str) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEntry.id))
                                 .where(AuditEntry.action == action))


def _set(app, cycle_id: int, **fields) -> None:
    with app.app_context():
        found = db.session.get(Cycle, cycle_id)
        for name, value in fields.items():
            setattr(found, name, value)
        db.session.commit()


def _form(found: Cycle, **changes) -> dict:
    """The edit form as the page fills it in, with some fields changed."""
    data = dict(SETTINGS)
    for name, prefix in (("vote_opens_at", "vote_opens"), ("vote_closes_at", "vote_closes")):
        local = to_local(getattr(found, name), ZONE)
        data[f"{prefix}_day"], data[f"{prefix}_time"] = local.date().isoformat(), \
            local.strftime("%H:%M")
    data.update(changes)
    return data


def _field_error(page: str, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-error">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


# 1. The secretariat can end a vote: close it now, or cancel it with a public reason.

def test_the_secretariat_closes_voting_now_and_the_results_appear_at_once(app, client,
                                                                         setting):
    _forum, secretariat, _resident, cycle_id = setting
    sign_in_as(client, secretariat)
    page = text_of(client.get(_url(cycle_id)))
    assert "Close voting now" in page and "Cancel the vote" in page
    confirm = client.get(_url(cycle_id, "phase/close"))
    assert confirm.status_code == 200 and "Close voting now?" in text_of(confirm)
    assert 'method="post"' in text_of(confirm)
    assert _cycle(app, cycle_id).phase == "voting"  # asking to confirm changes nothing

    done = client.post(_url(cycle_id, "phase/close"))
    assert done.status_code == 302
    closed = _cycle(app, cycle_id)
    assert closed.phase == "results" and closed.vote_closes_at <= utcnow()
    results = client.get(_url(cycle_id, "results"))
    assert results.status_code == 200 and "Ramp" in text_of(results)
    assert _audited(app, "budget.close_now") == 1 and _audited(app, "budget.close") == 1
    assert "Voting closed before its planned time" in text_of(client.get("/en/forums/f/audit"))


def test_a_cancelled_vote_shows_its_reason_to_residents_and_has_no_results(app, client,
                                                                          setting):
    _forum, secretariat, resident, cycle_id = setting
    sign_in_as(client, secretariat)
    empty = client.post(_url(cycle_id, "phase/cancel"), data={"reason": " ", "language": "en"})
    assert empty.status_code == 400
    assert _field_error(text_of(empty), "reason")
    assert _cycle(app, cycle_id).phase == "voting"

    reason = "The storm closed the polling table. We vote again in May."
    done = client.post(_url(cycle_id, "phase/cancel"), data={"reason": reason, "language": "en"})
    assert done.status_code == 302
    cancelled = _cycle(app, cycle_id)
    assert cancelled.phase == "cancelled" and cancelled.cancel_reason == reason
    again = client.post(_url(cycle_id, "phase/cancel"), data={"reason": "", "language": "en"})
    assert again.status_code == 409 and "already cancelled" in text_of(again)
    public = text_of(app.test_client().get(_url(cycle_id)))
    assert reason in public and "Vote cancelled" in public
    sign_in_as(client, resident)
    ballot = client.get(_url(cycle_id, "vote"))
    assert ballot.status_code == 403 and reason in text_of(ballot)
    assert client.get(_url(cycle_id, "results")).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(ResultRow.id))) == 0
        assert db.session.scalar(select(func.count(Ballot.id))) == 1  # kept, never counted
    assert _audited(app, "budget.cancel") == 1
    recount = app.test_cli_runner().invoke(args=["budgeting", "recompute", str(cycle_id)])
    assert recount.exit_code != 0 and "no results to count" in recount.output
    with app.app_context():
        assert db.session.scalar(select(func.count(ResultRow.id))) == 0


# 2. Dates change while they are ahead; rules stay fixed; a refusal sits on its field.

def test_the_closing_time_moves_earlier_during_voting_and_the_form_saves_unchanged(
        app, client, setting):
    _forum, secretariat, _resident, cycle_id = setting
    sign_in_as(client, secretariat)
    unchanged = client.post(_url(cycle_id, "edit"), data=_form(_cycle(app, cycle_id)))
    assert unchanged.status_code == 302
    earlier = to_local(utcnow() + timedelta(days=1), ZONE)
    moved = client.post(_url(cycle_id, "edit"), data=_form(
        _cycle(app, cycle_id), vote_closes_day=earlier.date().isoformat(),
        vote_closes_time="18:00"))
    assert moved.status_code == 302
    closes = to_local(_cycle(app, cycle_id).vote_closes_at, ZONE)
    assert (closes.date(), closes.strftime("%H:%M")) == (earlier.date(), "18:00")


def test_a_refused_change_is_told_on_the_field_that_caused_it(app, client, setting):
    _forum, secretariat, _resident, cycle_id = setting
    sign_in_as(client, secretariat)
    before = _cycle(app, cycle_id)
    later = to_local(before.vote_opens_at + timedelta(hours=2), ZONE)
    past = to_local(utcnow() - timedelta(days=1), ZONE)
    refused = client.post(_url(cycle_id, "edit"), data=_form(
        before, vote_opens_day=later.date().isoformat(), vote_opens_time=later.strftime("%H:%M"),
        vote_closes_day=past.date().isoformat(), budget="1"))
    page = text_of(refused)
    assert refused.status_code == 400
    assert "opening time can no longer change" in _field_error(page, "vote_opens_day")
    assert "Close voting now" in _field_error(page, "vote_closes_day")
    assert "can no longer change" in _field_error(page, "budget")
    assert "error-summary" in page and 'href="#vote_opens_day"' in page
    after = _cycle(app, cycle_id)
    assert (after.vote_opens_at, after.vote_closes_at, after.budget) == \
        (before.vote_opens_at, before.vote_closes_at, before.budget)


def test_the_opening_moves_earlier_before_voting_and_never_into_the_past(app, client,
                                                                        setting):
    _forum, secretariat, _resident, cycle_id = setting
    _set(app, cycle_id, phase="review", vote_opens_at=utcnow() + timedelta(days=4),
         vote_closes_at=utcnow() + timedelta(days=9))
    sign_in_as(client, secretariat)
    sooner = to_local(utcnow() + timedelta(days=2), ZONE)
    moved = client.post(_url(cycle_id, "edit"), data=_form(
        _cycle(app, cycle_id), vote_opens_day=sooner.date().isoformat(), vote_opens_time="09:00"))
    assert moved.status_code == 302
    assert to_local(_cycle(app, cycle_id).vote_opens_at, ZONE).date() == sooner.date()
    past = to_local(utcnow() - timedelta(days=2), ZONE)
    refused = client.post(_url(cycle_id, "edit"), data=_form(
        _cycle(app, cycle_id), vote_opens_day=past.date().isoformat()))
    assert refused.status_code == 400
    assert "already passed" in _field_error(text_of(refused), "vote_opens_day")


# 3. "Voting" always means open; every screen says the phase, what comes next and when.

def test_opening_voting_before_its_planned_time_opens_it_at_that_moment(app, client, setting):
    _forum, secretariat, resident, cycle_id = setting
    _set(app, cycle_id, phase="review", vote_opens_at=utcnow() + timedelta(days=3))
    sign_in_as(client, secretariat)
    confirm = text_of(client.get(_url(cycle_id, "phase/open")))
    assert "Open voting now?" in confirm and "Planned opening time" in confirm
    assert client.post(_url(cycle_id, "phase/open")).status_code == 302
    opened = _cycle(app, cycle_id)
    assert opened.phase == "voting" and opened.vote_opens_at <= utcnow()
    sign_in_as(client, resident)
    assert client.get(_url(cycle_id, "vote")).status_code == 200


def test_voting_opens_by_itself_at_its_planned_time_once_the_items_are_checked(app, setting):
    from forum.budgeting.tasks import open_due_votes

    _forum, _secretariat, _resident, cycle_id = setting
    planned = utcnow().replace(second=0, microsecond=0) + timedelta(hours=2)
    _set(app, cycle_id, phase="review", vote_opens_at=planned)
    with app.app_context():
        open_due_votes()  # before its time: nothing
    assert _cycle(app, cycle_id).phase == "review"

    with app.app_context():
        from forum.budgeting import moves
        assert moves.open_due(now=planned + timedelta(seconds=30)) == 1
        assert moves.open_due(now=planned + timedelta(seconds=90)) == 0  # once only
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "budget.open")).all()
        assert [(e.actor_id, e.changes["phase"]) for e in entries] == [(None, ["review",
                                                                             "voting"])]
    opened = _cycle(app, cycle_id)
    assert opened.phase == "voting" and opened.vote_opens_at == planned


def test_voting_does_not_open_by_itself_while_an_item_is_unchecked(app, setting):
    from forum.budgeting import moves

    _forum, _secretariat, _resident, cycle_id = setting
    planned = utcnow().replace(second=0, microsecond=0) - timedelta(minutes=1)
    _set(app, cycle_id, phase="review", vote_opens_at=planned)
    with app.app_context():
        add_budget_item(db.session.get(Cycle, cycle_id), title="Unchecked", feasible=False)
        assert moves.open_due() == 0
    assert _cycle(app, cycle_id).phase == "review"


def test_every_screen_of_the_cycle_says_the_phase_and_what_comes_next(app, client, setting):
    _forum, secretariat, resident, cycle_id = setting
    sign_in_as(client, resident)
    public = text_of(client.get(_url(cycle_id)))
    assert "Now: Voting" in public and "the results appear by themselves then" in public
    assert "Close voting now" not in public and "Cancel the vote" not in public
    sign_in_as(client, secretariat)
    for page in (_url(cycle_id), _url(cycle_id, "paper"), _url(cycle_id, "edit")):
        shown = text_of(client.get(page))
        assert "Voting closes on" in shown and "Close voting now" in shown, page
        assert "Open voting now" not in shown and "Stop collecting ideas" not in shown, page


# 4. Wrong phase, wrong role, twice at once: a clear message, nothing changed, no 500.

def test_a_second_close_changes_nothing_and_says_why(app, client, setting):
    _forum, secretariat, _resident, cycle_id = setting
    sign_in_as(client, secretariat)
    assert client.post(_url(cycle_id, "phase/close")).status_code == 302
    closed_at = _cycle(app, cycle_id).closed_at
    again = client.post(_url(cycle_id, "phase/close"))
    assert again.status_code == 409 and "Voting is already closed." in text_of(again)
    cancel = client.post(_url(cycle_id, "phase/cancel"), data={"reason": "x", "language": "en"})
    assert cancel.status_code == 409 and "can no longer be cancelled" in text_of(cancel)
    after = _cycle(app, cycle_id)
    assert after.phase == "results" and after.closed_at == closed_at
    assert _audited(app, "budget.close") == 1 and _audited(app, "budget.cancel") == 0


def test_moves_in_the_wrong_phase_or_by_the_wrong_people_are_refused(app, client, setting):
    forum, secretariat, resident, cycle_id = setting
    with app.app_context():
        member = create_user(email="member@example.org")
        add_member(db.session.merge(forum), member)
        other = create_user(email="other@example.org")
        add_member(create_forum(slug="g"), other, role="secretariat")
    for person in (resident, member, other):
        sign_in_as(client, person)
        assert client.post(_url(cycle_id, "phase/close")).status_code == 403
        assert client.get(_url(cycle_id, "phase/cancel")).status_code == 403
    assert _cycle(app, cycle_id).phase == "voting"
    sign_in_as(client, secretariat)
    wrong = client.post(_url(cycle_id, "phase/open"))
    assert wrong.status_code == 409 and "Voting is already open." in text_of(wrong)
    _set(app, cycle_id, phase="collecting")
    early = client.post(_url(cycle_id, "phase/close"))
    assert early.status_code == 409 and "Voting has not opened yet." in text_of(early)
    asked = client.get(_url(cycle_id, "phase/close"))
    assert asked.status_code == 200 and "Voting has not opened yet." in text_of(asked)
    assert 'method="post"' not in text_of(asked).split("</h1>")[1].split("<footer")[0]
    assert client.get(_url(cycle_id, "phase/anything")).status_code == 404
    assert _cycle(app, cycle_id).phase == "collecting"


def test_closing_at_the_planned_time_still_happens_by_itself(app, client, setting):
    _forum, _secretariat, _resident, cycle_id = setting
    _set(app, cycle_id, vote_closes_at=utcnow() - timedelta(seconds=1))
    waiting = text_of(client.get(_url(cycle_id)))
    assert "The votes are being counted" in waiting and "Voting is open" not in waiting
    assert _cycle(app, cycle_id).phase == "voting"  # reading the page changed nothing
    run_closing(app)
    assert "Now: Results" in text_of(client.get(_url(cycle_id)))
    assert _cycle(app, cycle_id).phase == "results"


@pytest.mark.postgres_only
def test_two_closes_at_once_count_the_votes_once(database_url, is_postgres, setting):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    _forum, secretariat, _resident, cycle_id = setting
    app = make_app(database_url)
    barrier, answers = threading.Barrier(4), []

    def close() -> None:
        client = app.test_client()
        sign_in_as(client, secretariat)
        barrier.wait()
        answers.append(client.post(_url(cycle_id, "phase/close")).status_code)

    threads = [threading.Thread(target=close) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302, 409, 409, 409]
    assert _audited(app, "budget.close") == 1


def test_a_day_typed_without_its_time_is_refused_not_dropped(app, client, setting):
    """Leaving the time empty once dropped the closing day silently: voting had no end."""
    _forum, secretariat, _resident, cycle_id = setting
    _set(app, cycle_id, phase="review", vote_opens_at=utcnow() + timedelta(days=4),
         vote_closes_at=utcnow() + timedelta(days=9))
    sign_in_as(client, secretariat)
    before = _cycle(app, cycle_id)
    later = to_local(utcnow() + timedelta(days=12), ZONE)
    refused = client.post(_url(cycle_id, "edit"), data=_form(
        before, vote_closes_day=later.date().isoformat(), vote_closes_time=""))
    page = text_of(refused)
    assert refused.status_code == 400
    assert "Give the time" in _field_error(page, "vote_closes_day")
    assert "error-summary" in page and later.date().isoformat() in \
        refused.get_data(as_text=True)
    no_day = client.post(_url(cycle_id, "edit"), data=_form(before, vote_opens_day=""))
    assert no_day.status_code == 400 and "day" in _field_error(text_of(no_day),
                                                               "vote_opens_day")
    assert _cycle(app, cycle_id).vote_closes_at == before.vote_closes_at
    created = client.post("/en/forums/f/budgeting/new", data={
        **SETTINGS, "title": "Next year", "vote_closes_day": later.date().isoformat()})
    assert created.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count(Cycle.id))) == 1


def test_ideas_cannot_be_collected_after_voting_opens(app, client, setting):
    _forum, secretariat, _resident, _cycle_id = setting
    sign_in_as(client, secretariat)
    opens = to_local(utcnow() + timedelta(days=10), ZONE)
    refused = client.post("/en/forums/f/budgeting/new", data={
        **SETTINGS, "title": "Next year",
        "collect_until": (opens + timedelta(days=5)).date().isoformat(),
        "vote_opens_day": opens.date().isoformat(), "vote_opens_time": "10:00",
        "vote_closes_day": (opens + timedelta(days=20)).date().isoformat(),
        "vote_closes_time": "18:00"})
    assert refused.status_code == 400
    assert "before voting opens" in _field_error(text_of(refused), "collect_until")
    with app.app_context():
        assert db.session.scalar(select(func.count(Cycle.id))) == 1
