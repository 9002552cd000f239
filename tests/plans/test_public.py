"""The public plan page: promised, done, late, money spent against planned, indicators as a
line with a table; the open data; drafts hidden from the public."""

from __future__ import annotations

import json
from datetime import date

from forum.extensions import db
from forum.plans.models import Plan
from tests.fixtures.forums import create_forum
from tests.fixtures.plans import add_goal, add_indicator, add_measure, create_plan
from tests.helpers import text_of


def _plan(app):
    with app.app_context():
        forum = create_forum(slug="roskovec", currency="ALL")
        plan = create_plan(forum, title="Social Plan", start=2024, end=2027)
        goal = add_goal(plan, 1, "Housing")
        add_measure(goal, 1, title="Flats", status="done", total=500_000, spent=480_000)
        add_measure(goal, 2, title="Signs", status="delayed", total=100_000, spent=10_000)
        add_measure(goal, 3, title="Old promise", status="on_track", total=0,
                    years={2024: 0}, ends_on=date(2024, 12, 31))
        add_indicator(plan, goal=goal, values=[(date(2024, 6, 1), "15"),
                                               (date(2025, 6, 1), "22.5"),
                                               (date(2026, 6, 1), "31")])
        return plan.id


def test_a_resident_reads_what_was_promised_done_late_and_spent(app, client):
    plan_id = _plan(app)
    page = text_of(client.get(f"/en/forums/roskovec/plans/{plan_id}"))
    assert "3 measures were promised." in page and "1 is done." in page
    assert "2 are late." in page  # one delayed, one past its end
    assert "Money planned" in page and "Money spent" in page
    assert "%" not in page.split("Indicators")[0]  # no invented percentage of progress


def test_each_indicator_is_a_line_with_the_same_numbers_in_a_table(app, client):
    plan_id = _plan(app)
    page = text_of(client.get(f"/en/forums/roskovec/plans/{plan_id}"))
    assert page.count("<polyline") == 1 and 'role="img"' in page
    assert "22.5" in page and "<table" in page and "Baseline, 2025" in page


def test_open_data_gives_measures_money_and_indicator_values(app, client):
    plan_id = _plan(app)
    data = json.loads(client.get(f"/en/forums/roskovec/plans/{plan_id}/data.json").data)
    assert [m["code"] for m in data["measures"]] == ["1.1", "1.2", "1.3"]
    assert data["measures"][0]["planned_minor"] == 500_000
    assert data["plan"]["currency"] == "ALL"
    assert [v["value"] for v in data["indicator_values"]] == ["15", "22.5", "31"]
    csv_text = client.get(f"/en/forums/roskovec/plans/{plan_id}/measures.csv").data.decode()
    assert "planned_minor" in csv_text and "500000" in csv_text
    assert "2024 municipal 500000" in csv_text
    values = client.get(f"/en/forums/roskovec/plans/{plan_id}/indicator-values.csv")
    assert "22.5" in values.data.decode()


def test_a_draft_plan_is_not_there_for_the_public(app, client):
    plan_id = _plan(app)
    with app.app_context():
        db.session.get(Plan, plan_id).status = "draft"
        db.session.commit()
    assert client.get(f"/en/forums/roskovec/plans/{plan_id}").status_code == 404
    assert "Social Plan" not in text_of(client.get("/en/forums/roskovec/plans/"))


def test_a_translated_title_is_read_in_the_readers_language(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    url = (f"/en/forums/this-forum/plans/{world.ids['plan']}/translations/plan/"
           f"{world.ids['plan']}")
    assert client.post(url, data={"target": "sq", "title": "Plani Social"}).status_code == 302
    assert "Plani Social" in text_of(app.test_client().get(
        f"/sq/forums/this-forum/plans/{world.ids['plan']}"))


def _grow(app, plan_id: int, goals: int, measures: int) -> None:
    from forum.plans.models import Goal

    with app.app_context():
        plan = db.session.get(Plan, plan_id)
        for number in range(2, 2 + goals):
            goal = add_goal(plan, number, f"Goal {number}")
            for index in range(1, measures + 1):
                add_measure(goal, index, title=f"Measure {index}", total=1000,
                            years={2024: 1000})
            add_indicator(plan, goal=db.session.get(Goal, goal.id),
                          values=[(date(2025, 1, 1), "3"), (date(2026, 1, 1), "4")])


def test_the_plan_page_asks_the_database_no_more_as_the_plan_grows(app, client):
    from tests.helpers import count_queries

    plan_id = _plan(app)
    url = f"/en/forums/roskovec/plans/{plan_id}"
    client.get(url)
    with count_queries(app) as few:
        assert client.get(url).status_code == 200
    _grow(app, plan_id, goals=4, measures=5)
    with count_queries(app) as many:
        assert client.get(url).status_code == 200
    assert many["n"] == few["n"]


def test_the_plans_tab_shows_where_there_is_a_plan_to_read(app, client):
    with app.app_context():
        create_forum(slug="empty")
        draft_only = create_forum(slug="drafting")
        create_plan(draft_only, title="Not adopted yet", status="draft")
    _plan(app)
    tab = 'href="/en/forums/{}/plans/"'
    assert tab.format("roskovec") in text_of(client.get("/en/forums/roskovec/"))
    assert tab.format("empty") not in text_of(client.get("/en/forums/empty/"))
    assert tab.format("drafting") not in text_of(client.get("/en/forums/drafting/"))
