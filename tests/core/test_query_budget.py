"""The pages signed-in people open most ask the database a fixed, small number of questions: the
same on a small forum as on one with ten times the data (sessions, proposals, supports, minutes,
budget items and ballots, desk cases and their notes, plans and their measures).

Each count is of one request with the page cache off, and includes what every forum page asks
whatever it shows: the forum by its address with what its navigation needs, the signed-in
person and their memberships, all in one query.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from forum.core.db import utcnow
from forum.extensions import db
from forum.forums.models import Forum
from tests.fixtures.accounts import create_user
from tests.fixtures.forums import add_member
from tests.helpers import count_queries

SMALL, LARGE = 2, 20  # units of data grown before each count: the second is ten times the first
_serial = itertools.count(1)

# What every forum page asks: the forum by its address with what its navigation needs (whether
# it runs a desk, whether a plan is there) and the signed-in person with their memberships.
SHARED = 1

# Queries of one request, on both sizes: what the page needs of its own, then the shared part.
BUDGETS = {
    # members by sector, the next session, proposals, action items, budget cycles
    "forum home": 5 + SHARED,
    # the session with its agenda (and its minutes at a glance), the answers, its proposals
    "session to come": 3 + SHARED,
    # … and the attendance with the quorum rule
    "held session": 4 + SHARED,
    # groups with the rule for answers, a page of proposals with counts, total and groups
    "proposals": 2 + SHARED,
    "proposals, filtered": 2 + SHARED,
    # a page of waiting proposals, the reported and hidden ones with the rule for answers
    "proposals queue": 2 + SHARED,
    # the cycle with its areas, the results, every count of voters and ballots
    "budget results": 3 + SHARED,
    # the cycle (the page every voter is sent to after voting)
    "ballot sent": 1 + SHARED,
    # a page of minutes with its total, the years with the minutes being prepared
    "minutes archive": 2 + SHARED,
    # the desk with its staff
    "desk": 1 + SHARED,
    # … and the cases
    "desk cases": 2 + SHARED,
    # the desk, the case with its institution and files, its answers, referrals, notes and
    # opens (one query each), the open written down, the groups it names, the register
    "desk case": 9 + SHARED,
    # the desk, what the figures count of each case, the groups
    "desk monitoring": 3 + SHARED,
    # the plans
    "plans": 1 + SHARED,
    # the plan with its late requests (the secretariat's), its goals with measures and money,
    # indicators with values, reports
    "plan": 4 + SHARED,
    # the measure with plan, goal, money and funding, indicators, updates, origins
    "plan measure": 4 + SHARED,
}


def _forum(world) -> Forum:
    return db.session.get(Forum, world.forum_id)


def _members(world, count: int, **fields) -> list:
    """New members of the world's forum, of every sector, every other one named in public."""
    forum, people = _forum(world), []
    sectors = ("ngo", "school", "police", "health", "municipality")
    for _ in range(count):
        number = next(_serial)
        person = create_user(display_name=f"Person {number}")
        add_member(forum, person, sector=sectors[number % len(sectors)],
                   organisation=f"Organisation {number}", name_public=number % 2 == 0,
                   **fields)
        people.append(person)
    return people


def more_sessions(world, units: int) -> None:
    """Sessions to come and past; agenda items, answers and (for the held session) attendance
    of new members."""
    from forum.meetings.models import Attendance, Meeting, Rsvp
    from tests.fixtures.meetings import add_item, create_meeting

    forum = _forum(world)
    coming = db.session.get(Meeting, world.ids["meeting"])
    held = db.session.get(Meeting, world.ids["published_meeting"])
    for person in _members(world, units):
        number = next(_serial)
        create_meeting(forum, title=f"Session {number}", days_ahead=20 + number % 50)
        create_meeting(forum, title=f"Past session {number}", days_ahead=-90 - number % 50,
                       status="held")
        add_item(coming, f"Item {number}", 5, presenter_id=person.id)
        add_item(held, f"Item {number}", 5, presenter_id=person.id)
        db.session.add(Rsvp(meeting_id=coming.id, user_id=person.id,
                            answer="yes" if number % 3 else "no", note=f"Note {number}"))
        db.session.add(Attendance(meeting_id=held.id, user_id=person.id,
                                  status="present" if number % 3 else "excused",
                                  sector="ngo", organisation=f"Organisation {number}",
                                  name_public=number % 2 == 0))
    db.session.commit()


def more_proposals(world, units: int) -> None:
    """Open proposals (with groups, supports and a report) hoping for the session to come, ones
    accepted onto it and onto the held session, and hidden ones."""
    from forum.proposals.models import Report, Support
    from tests.fixtures.proposals import create_proposal

    forum = _forum(world)
    for person in _members(world, units):
        number = next(_serial)
        hoping = create_proposal(forum, person, title=f"Proposal {number}", days_ago=number % 40,
                                 group_keys=("roma", "women"),
                                 related_meeting_id=world.ids["meeting"])
        accepted = create_proposal(forum, person, title=f"Accepted {number}", status="accepted",
                                   group_keys=("youth",),
                                   scheduled_meeting_id=world.ids["meeting"])
        create_proposal(forum, person, title=f"Done {number}", status="accepted",
                        scheduled_meeting_id=world.ids["published_meeting"])
        create_proposal(forum, person, title=f"Hidden {number}", hidden_at=utcnow())
        for proposal in (hoping, accepted):
            db.session.add(Support(proposal_id=proposal.id, user_id=person.id))
        db.session.add(Report(proposal_id=hoping.id, user_id=person.id, reason="spam"))
    db.session.commit()


def more_minutes(world, units: int) -> None:
    """Held sessions with published minutes (decisions, open and overdue action items of new
    members), and minutes being prepared."""
    from forum.minutes import workflow
    from tests.fixtures.minutes import (
        action,
        create_held_meeting,
        create_minutes,
        decision,
        publish_minutes,
    )

    forum, secretariat = _forum(world), _secretariat(world)
    for person in _members(world, units):
        number = next(_serial)
        meeting = create_held_meeting(forum, days_ago=40 + number * 30,
                                      title=f"Held session {number}")
        minutes = create_minutes(meeting, summary=f"Summary {number}",
                                 decisions=[decision(f"Decision {number}")],
                                 actions=[action(f"Late {number}", owner=person, due_in=-3,
                                                 forum=forum),
                                          action(f"Open {number}", owner=person, due_in=30,
                                                 forum=forum)])
        publish_minutes(minutes, secretariat)
        draft = create_minutes(create_held_meeting(forum, days_ago=5 + number % 20,
                                                   title=f"Drafting {number}"),
                               summary=f"Draft {number}")
        if number % 2:
            workflow.send_to_review(draft)


def more_cycles(world, units: int) -> None:
    from tests.fixtures.budgeting import create_cycle

    for _ in range(units):
        create_cycle(_forum(world), phase="collecting", title=f"Cycle {next(_serial)}")


def closed_cycle(world, units: int) -> None:
    """A new closed cycle with two areas, whose items, voters and ballots grow with `units`;
    the results page then shows that cycle."""
    from forum.budgeting.models import Area, Ballot, Participation
    from forum.budgeting.results import close_if_due
    from tests.fixtures.budgeting import add_budget_item, add_resident, create_cycle

    forum = _forum(world)
    cycle = create_cycle(forum, title=f"Closed {next(_serial)}", budget=10_000_000)
    areas = [Area(cycle_id=cycle.id, name=f"District {n}", budget=5_000_000) for n in (1, 2)]
    db.session.add_all(areas)
    db.session.commit()
    for area in areas:
        items = [add_budget_item(cycle, f"Item {next(_serial)}", 100_000 + n * 1000,
                                 area_id=area.id).id for n in range(units * 2)]
        for n in range(units * 3):
            record = add_resident(forum, name=f"Voter {next(_serial)}")
            channel = "paper" if n % 2 else "online"
            db.session.add(Participation(cycle_id=cycle.id, scope=area.id, channel=channel,
                                         person_key=f"r{record.id}", resident_id=record.id))
            db.session.add(Ballot(cycle_id=cycle.id, scope=area.id, channel=channel,
                                  paper_number=f"{area.id}-{n}" if n % 2 else None,
                                  choices=[[item, 1] for item in items[: n % 4 + 1]]))
    cycle.vote_closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    close_if_due(cycle)
    world.ids["results_cycle"] = cycle.id


def more_desk_work(world, units: int) -> None:
    """New helpers and institutions; cases of every status assigned to them and referred to the
    institutions; and on the world's case, notes, answers, referrals, files and opens by each."""
    from forum.desk.models import (
        Answer,
        Attachment,
        Case,
        CaseOpen,
        Note,
        Referral,
    )
    from forum.proposals.models import TargetGroup
    from tests.fixtures.desk import PNG, add_desk_staff, create_case, create_institution

    forum = _forum(world)
    case = db.session.get(Case, world.ids["case"])
    group_ids = list(db.session.scalars(select(TargetGroup.id)
                                        .where(TargetGroup.forum_id == forum.id)))
    statuses = ("received", "in_progress", "referred", "answered", "closed")
    for person in _members(world, units):
        number = next(_serial)
        add_desk_staff(forum, person, "helper")
        institution = create_institution(forum, f"Institution {number}")
        other = create_case(forum, status=statuses[number % 5], days_ago=number % 300,
                            category=("education", "housing", "violence")[number % 3],
                            institution_id=institution.id, assignee_id=person.id,
                            groups=group_ids[number % 3: number % 3 + 2])
        if other.status in ("answered", "closed"):
            other.answered_at = other.created_at + timedelta(days=number % 9 + 1)
        db.session.add(Referral(case_id=other.id, institution_id=institution.id,
                                referred_on=date.today(), request=f"Request {number}"))
        db.session.add_all([
            Note(case_id=case.id, author_id=person.id, text=f"Note {number}"),
            Answer(case_id=case.id, author_id=person.id, text=f"Answer {number}"),
            Referral(case_id=case.id, institution_id=institution.id, referred_on=date.today(),
                     request=f"Request {number}", created_by_id=person.id),
            Attachment(case_id=case.id, filename=f"scan-{number}.png",
                       content_type="image/png", size=len(PNG), data=PNG),
            CaseOpen(case_id=case.id, user_id=person.id),
        ])
    case.groups = group_ids[:2]
    db.session.commit()


def more_plan_work(world, units: int) -> None:
    """Goals with measures (money by year and source, grants), indicators with values, updates,
    funding and origins of the world's measure, report requests, yearly reports, plans."""
    from forum.budgeting.models import Cycle
    from forum.plans import monitoring
    from forum.plans.models import (
        FundingApplication,
        Goal,
        Measure,
        MeasureOrigin,
        Plan,
        ProgressUpdate,
    )
    from tests.fixtures.budgeting import add_budget_item
    from tests.fixtures.plans import add_goal, add_indicator, add_measure, add_request, create_plan

    forum = _forum(world)
    plan = db.session.get(Plan, world.ids["plan"])
    measure = db.session.get(Measure, world.ids["measure"])
    cycle = db.session.get(Cycle, world.ids["collecting_cycle"])
    for _ in range(units):
        number = next(_serial)
        goal = add_goal(plan, 10 + number, f"Goal {number}")
        added = [add_measure(goal, index, title=f"Measure {number}.{index}",
                             institution=f"Institution {number}", total=4000,
                             years={2026: 1000, 2027: 3000},
                             status=("on_track", "delayed", "done")[index % 3])
                 for index in (1, 2)]
        goal = db.session.get(Goal, goal.id)
        add_indicator(plan, goal=goal, values=[(date(2026, 1, 1), "3"), (date(2027, 1, 1), "4")])
        add_indicator(plan, measure=measure, values=[(date(2026, 2, 1), str(number))])
        db.session.add_all([
            FundingApplication(measure_id=added[0].id, donor=f"Donor {number}", amount_asked=900,
                               deadline=date.today(), status="granted", amount_granted=500),
            FundingApplication(measure_id=measure.id, donor=f"Donor {number}", amount_asked=800,
                               deadline=date.today() + timedelta(days=number), status="granted",
                               amount_granted=300),
            ProgressUpdate(measure_id=measure.id, on=date.today() - timedelta(days=number),
                           body=f"Update {number}", status="on_track", language="en",
                           reported_by=f"Institution {number}"),
            MeasureOrigin(measure_id=measure.id, kind="proposal", target_id=number),
        ])
        item = add_budget_item(cycle, f"Idea {number}", feasible=False)
        db.session.add(MeasureOrigin(measure_id=measure.id, kind="budget_item", target_id=item.id))
        add_request(plan, f"Institution {number}", token=f"plan-token-{number}", due_in=-number)
        create_plan(forum, title=f"Plan {number}", start=2000 + number, end=2001 + number)
        db.session.commit()
    for year in (2027, 2028):
        if not any(r.year == year for r in monitoring.reports_of(plan)):
            monitoring.assemble(plan, year)
    db.session.commit()


def _secretariat(world):
    from forum.accounts.models import User

    return db.session.scalar(select(User).where(User.email == world.emails["secretariat"]))


def _all_of(*growers) -> Callable:
    def grow(world, units: int) -> None:
        for grower in growers:
            grower(world, units)
    return grow


@dataclass(frozen=True)
class Page:
    reader: str  # a role of the world (tests/fixtures/world.py)
    path: Callable  # (world) -> the page's address
    grow: Callable  # (world, units) -> None, inside an app context


def _in_forum(tail: str) -> Callable:
    return lambda world: f"/en/forums/{world.forum_slug}/{tail.format(**world.ids)}"


PAGES = {
    "forum home": Page("secretariat", _in_forum(""), _all_of(
        more_sessions, more_proposals, more_minutes, more_cycles)),
    "session to come": Page("secretariat", _in_forum("meetings/{meeting}"),
                            _all_of(more_sessions, more_proposals)),
    "held session": Page("secretariat", _in_forum("meetings/{published_meeting}"),
                         _all_of(more_sessions, more_proposals, more_minutes)),
    "proposals": Page("resident", _in_forum("proposals/"), more_proposals),
    "proposals, filtered": Page("secretariat",
                                _in_forum("proposals/?sort=supported&status=open&q=proposal"),
                                more_proposals),
    "proposals queue": Page("secretariat", _in_forum("proposals/queue"), more_proposals),
    "budget results": Page("resident", _in_forum("budgeting/{results_cycle}/results"),
                           closed_cycle),
    "ballot sent": Page("resident", _in_forum("budgeting/{results_cycle}/vote/done"),
                        closed_cycle),
    "minutes archive": Page("member", _in_forum("minutes/"), more_minutes),
    "desk": Page("secretariat", _in_forum("desk/"), more_desk_work),
    "desk cases": Page("secretariat", _in_forum("desk/cases?status=all"), more_desk_work),
    "desk case": Page("secretariat", _in_forum("desk/cases/{case}"), more_desk_work),
    "desk monitoring": Page("resident", _in_forum("desk/monitoring"), more_desk_work),
    "plans": Page("secretariat", _in_forum("plans/"), more_plan_work),
    "plan": Page("secretariat", _in_forum("plans/{plan}"), more_plan_work),
    "plan measure": Page("resident", _in_forum("plans/{plan}/measures/{measure}"),
                         more_plan_work),
}


@pytest.mark.parametrize("name", PAGES)
def test_a_page_asks_the_same_few_queries_with_ten_times_the_data(app, client, world, name):
    page, counts = PAGES[name], []
    for units in (SMALL, LARGE - SMALL):
        with app.app_context():
            page.grow(world, units)
        world.sign_in(client, page.reader)
        address = page.path(world)
        assert client.get(address).status_code == 200  # a first visit, then the counted one
        with count_queries(app) as counted:
            assert client.get(address).status_code == 200
        counts.append(counted["n"])
    assert counts == [BUDGETS[name]] * 2, f"{name}: {counts[0]} queries, then {counts[1]}"
