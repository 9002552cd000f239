"""Editing plans and measures as the secretariat: yearly money that must add up, dates in
order, bad amounts and values answered next to the field, two people on one measure."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.plans.models import Goal, Indicator, Measure, MeasureBudget, Plan, ProgressUpdate
from tests.fixtures.plans import add_goal, add_measure, create_plan  # noqa: F401 - world
from tests.helpers import text_of

BASE = "/en/forums/this-forum/plans"


@pytest.fixture
def staff_client(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    return client


def _measure_data(world, version=None, **changes) -> dict:
    data = {"goal_id": world.ids["goal"], "number": "3", "title": "Bilingual signs",
            "language": "en", "description": "", "institution": "Roma NGO",
            "partners": "School, Police", "starts_on": "2026-02-01", "ends_on": "2027-12-31",
            "planned_total": "1500.50", "spent": "0",
            "budgets-0-year": "2026", "budgets-0-source": "municipal",
            "budgets-0-budget_line": "412-03", "budgets-0-amount": "1000",
            "budgets-1-year": "2027", "budgets-1-source": "donor",
            "budgets-1-budget_line": "", "budgets-1-amount": "500.50"}
    if version is not None:
        data["version"] = str(version)
    return {**data, **changes}


def test_a_measure_is_saved_with_its_money_in_minor_units(app, world, staff_client):
    response = staff_client.post(f"{BASE}/{world.ids['plan']}/measures/new",
                                 data=_measure_data(world))
    assert response.status_code == 302
    with app.app_context():
        measure = db.session.scalar(select(Measure).where(Measure.number == 3))
        assert measure.planned_total == 150050 and measure.partners == ["School", "Police"]
        assert [(b.year, b.source, b.amount) for b in measure.budgets] == [
            (2026, "municipal", 100000), (2027, "donor", 50050)]


@pytest.mark.parametrize(("changes", "message"), [
    ({"budgets-1-amount": "400"}, "must add up to the planned total"),
    ({"ends_on": "2025-01-01"}, "end cannot be before the start"),
    ({"planned_total": "-5"}, "zero or more"),
    ({"planned_total": "lots"}, "Not a valid decimal value"),
    ({"budgets-1-year": "2031"}, "within the plan"),
    ({"budgets-1-source": ""}, "Choose one"),
    ({"starts_on": "1900-01-01"}, "Not a valid date value"),
    ({"ends_on": "2200-12-31"}, "Not a valid date value"),
])
def test_bad_money_and_dates_are_refused_keeping_what_was_typed(app, world, staff_client,
                                                               changes, message):
    response = staff_client.post(f"{BASE}/{world.ids['plan']}/measures/new",
                                 data=_measure_data(world, **changes))
    assert response.status_code == 400
    assert message in text_of(response)
    assert "Bilingual signs" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Measure).where(Measure.number == 3)) is None


def test_two_people_on_one_measure_the_second_save_is_refused_with_the_first(app, world,
                                                                            staff_client):
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/edit"
    first = _measure_data(world, version=1, number="1", title="Mediators, first edit")
    assert staff_client.post(url, data=first).status_code == 302
    second = _measure_data(world, version=1, number="1", title="Mediators, second edit")
    response = staff_client.post(url, data=second)
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else saved this measure" in page and "Mediators, first edit" in page
    assert "Mediators, second edit" in response.get_data(as_text=True)  # nothing lost
    with app.app_context():
        measure = db.session.get(Measure, world.ids["measure"])
        assert measure.title == "Mediators, first edit" and measure.version == 2
    second["version"] = "2"
    assert staff_client.post(url, data=second).status_code == 302


def test_an_indicator_needs_a_unit_and_values_are_numbers_of_zero_or_more(app, world,
                                                                          staff_client):
    url = f"{BASE}/{world.ids['plan']}/indicators/new"
    data = {"attached": f"g:{world.ids['goal']}", "name": "Flats", "unit": "",
            "language": "en", "baseline": "0", "baseline_year": "2025", "target": "18",
            "target_year": "2029"}
    response = staff_client.post(url, data=data)
    assert response.status_code == 400 and "Fill in this field" in text_of(response)
    response = staff_client.post(url, data={**data, "unit": "flats", "target": "-3"})
    assert response.status_code == 400 and "zero or more" in text_of(response)
    assert staff_client.post(url, data={**data, "unit": "flats", "target": "18.5"}
                             ).status_code == 302
    with app.app_context():
        indicator = db.session.scalar(select(Indicator).where(Indicator.name == "Flats"))
        assert indicator.target == Decimal("18.5")
    value_url = f"{BASE}/{world.ids['plan']}/indicators/{indicator.id}/values/new"
    bad = staff_client.post(value_url, data={"measured_on": "2026-05-01", "value": "abc",
                                             "reported_by": "Centre"})
    assert bad.status_code == 400 and "Not a valid decimal value" in text_of(bad)
    assert staff_client.post(value_url, data={"measured_on": "2026-05-01", "value": "4",
                                              "reported_by": "Centre"}).status_code == 302


def test_a_plan_ends_only_from_force_and_adopting_needs_date_and_body(app, world,
                                                                      staff_client):
    url = f"{BASE}/{world.ids['draft_plan']}/status"
    response = staff_client.post(url, data={"status": "adopted"})
    assert response.status_code == 400 and "by which body" in text_of(response)
    assert staff_client.post(url, data={"status": "adopted", "adopted_on": "2026-03-01",
                                        "adopted_by": "Municipal council"}).status_code == 302
    with app.app_context():
        assert db.session.get(Plan, world.ids["draft_plan"]).status == "adopted"
    response = staff_client.post(url, data={"status": "ended"})
    assert response.status_code == 400 and "Only a plan in force can end" in text_of(response)


def test_dropping_a_measure_needs_a_reason_and_the_update_keeps_it(app, world, staff_client):
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/updates/new"
    data = {"on": "2026-06-01", "body": "No mediators found.", "language": "en",
            "status": "dropped", "reason": "", "spent": "120"}
    response = staff_client.post(url, data=data)
    assert response.status_code == 400 and "Say why the measure is dropped" in text_of(response)
    assert staff_client.post(url, data={**data, "reason": "No candidates"}).status_code == 302
    with app.app_context():
        measure = db.session.get(Measure, world.ids["measure"])
        assert (measure.status, measure.status_reason, measure.spent) == (
            "dropped", "No candidates", 12000)
        assert db.session.scalar(select(ProgressUpdate.body)) == "No mediators found."


def test_granted_funding_counts_in_the_measures_money(app, world, staff_client):
    url = f"{BASE}/{world.ids['plan']}/funding/{world.ids['funding']}"
    response = staff_client.post(url, data={"status": "granted", "amount_granted": "700"})
    assert response.status_code == 400 and "Only a submitted" in text_of(response)
    assert staff_client.post(url, data={"status": "submitted"}).status_code == 302
    too_much = staff_client.post(url, data={"status": "granted", "amount_granted": "9999999"})
    assert too_much.status_code == 400 and "more than the amount asked" in text_of(too_much)
    assert staff_client.post(url, data={"status": "granted", "amount_granted": "700"}
                             ).status_code == 302
    page = staff_client.get(f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}")
    assert "Granted by donors and programmes" in text_of(page)
    assert 'name="amount_granted" step="any" type="number" value="700"' in staff_client.get(
        url).text  # opened again, the amount granted is not lost
    with app.app_context():
        assert db.session.scalar(select(MeasureBudget.amount).where(
            MeasureBudget.measure_id == world.ids["measure"])) == 300_000


def test_an_indicator_is_changed_and_keeps_its_values(app, world, staff_client):
    url = f"{BASE}/{world.ids['plan']}/indicators/{world.ids['indicator']}"
    form = text_of(staff_client.get(url))
    assert 'value="children"' in form
    data = {"attached": f"m:{world.ids['measure']}", "name": "Children enrolled",
            "unit": "", "language": "en", "baseline": "12", "baseline_year": "2025",
            "target": "70", "target_year": "2029"}
    assert staff_client.post(url, data=data).status_code == 400
    assert staff_client.post(url, data={**data, "unit": "children"}).status_code == 302
    with app.app_context():
        indicator = db.session.get(Indicator, world.ids["indicator"])
        assert (indicator.measure_id, indicator.goal_id, indicator.target) == (
            world.ids["measure"], None, Decimal(70))
        assert len(indicator.values) == 1


def test_a_wrong_yearly_row_is_summarised_at_the_top_by_its_field(app, world, staff_client):
    response = staff_client.post(f"{BASE}/{world.ids['plan']}/measures/new",
                                 data=_measure_data(world, **{"budgets-1-amount": "x"}))
    page = text_of(response)
    assert response.status_code == 400
    assert 'href="#budgets-1-amount">Amount: Not a valid decimal value' in page
    assert "{&#39;" not in page  # no raw error dictionaries


def test_a_save_racing_another_is_refused_by_the_database(app, world):
    """The other save lands between reading the measure and writing it: the conditional
    UPDATE finds the version moved on, and this save is refused, not merged over it."""
    from sqlalchemy import update

    from forum.plans import measures
    from forum.plans.planning import get_measure

    with app.test_request_context():
        plan = db.session.get(Plan, world.ids["plan"])
        measure = get_measure(plan, world.ids["measure"])
        assert measure.version == 1
        with db.engine.begin() as other:  # another request, its own connection
            other.execute(update(Measure).where(Measure.id == measure.id)
                          .values(version=2, title="Theirs"))
        fields = {name: getattr(measure, name) for name in measures.MEASURE_FIELDS}
        budgets = [{"year": 2026, "source": "municipal", "budget_line": "", "amount": 300_000}]
        with pytest.raises(measures.Conflict):
            measures.save_measure(plan, measure, 1, {**fields, "title": "Mine"}, budgets)
        db.session.rollback()
        assert db.session.get(Measure, world.ids["measure"]).title == "Theirs"


def test_a_goal_number_already_taken_is_refused_with_a_word_not_an_error(app, world,
                                                                          staff_client):
    with app.app_context():
        plan_id, number = db.session.execute(
            select(Plan.id, Goal.number).join(Goal, Goal.plan_id == Plan.id)
            .where(Goal.id == world.ids["goal"])).one()
    response = staff_client.post(f"{BASE}/{plan_id}/goals/new", data={
        "number": str(number), "title": "Twice", "language": "en", "description": ""})
    assert response.status_code in (400, 409)
    assert "Another goal of this plan has this number." in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Goal).where(Goal.title == "Twice")) is None


def test_a_measure_number_already_taken_in_its_goal_is_refused_with_a_word(app, world,
                                                                           staff_client):
    with app.app_context():
        taken = db.session.scalar(select(Measure.number).where(
            Measure.goal_id == world.ids["goal"]))
        plan_id = db.session.scalar(select(Goal.plan_id).where(Goal.id == world.ids["goal"]))
    response = staff_client.post(f"{BASE}/{plan_id}/measures/new",
                                 data=_measure_data(world, number=str(taken)))
    assert response.status_code in (400, 409)
    assert "Another measure of this goal has this number." in text_of(response)


def test_a_new_goal_sent_again_after_going_back_is_made_once_with_the_next_number(
        app, world, staff_client):
    url = f"{BASE}/{world.ids['plan']}/goals/new"
    page = staff_client.get(url)
    assert 'name="number" type="number" value=""' in page.text
    data = {"once": "back-and-again-1234", "number": "", "title": "Housing", "language": "en",
            "description": ""}
    assert staff_client.post(url, data=data).status_code == 302
    staff_client.get(url)  # the back button fetches the form again
    assert staff_client.post(url, data=data).status_code == 303
    with app.app_context():
        plan = db.session.get(Plan, world.ids["plan"])
        housing = [g for g in plan.goals if g.title == "Housing"]
        assert [g.number for g in housing] == [max(g.number for g in plan.goals)]
        assert len({g.number for g in plan.goals}) == len(plan.goals)


def test_a_value_or_an_update_dated_after_today_is_refused(app, world, staff_client):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/updates/new"
    response = staff_client.post(url, data={"on": tomorrow, "body": "Done", "language": "en",
                                            "status": "on_track", "spent": ""})
    assert response.status_code == 400 and "still to come" in text_of(response)
    page = staff_client.get(f"{BASE}/{world.ids['plan']}")
    value_url = re.search(r'href="([^"]*/values/new)"', page.text)
    if value_url is None:  # the world's plan has no indicator yet: add one
        staff_client.post(f"{BASE}/{world.ids['plan']}/indicators/new", data={
            "attached": f"g:{world.ids['goal']}", "name": "Flats", "unit": "flats",
            "language": "en", "baseline": "0", "baseline_year": "2025", "target": "18",
            "target_year": "2029"})
        page = staff_client.get(f"{BASE}/{world.ids['plan']}")
        value_url = re.search(r'href="([^"]*/values/new)"', page.text)
    data = {"measured_on": tomorrow, "value": "4", "reported_by": "Centre"}
    response = staff_client.post(value_url.group(1), data=data)
    assert response.status_code == 400 and "still to come" in text_of(response)
    assert staff_client.post(value_url.group(1), data={
        **data, "measured_on": date.today().isoformat()}).status_code == 302


@pytest.mark.parametrize("page", ["new", "goals/new", "measures/new", "indicators/new",
                                  "measures/{measure}/updates/new"])
def test_a_new_text_is_taken_to_be_in_the_language_of_the_page(world, staff_client, page):
    path = page.format(measure=world.ids["measure"])
    url = (f"/rom/forums/this-forum/plans/{path}" if page == "new" else
           f"/rom/forums/this-forum/plans/{world.ids['plan']}/{path}")
    html = staff_client.get(url).text
    chosen = re.search(r'<select[^>]*name="language".*?</select>', html, re.S).group(0)
    assert re.search(r'<option selected value="rom">|<option value="rom" selected', chosen)
