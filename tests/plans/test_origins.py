"""Where a measure came from, both ways: the measure lists its origins, and the proposal, the
decision in published minutes and the funded budget item say what they became."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.minutes.models import Minutes
from forum.plans.models import MeasureOrigin
from tests.helpers import text_of

BASE = "/en/forums/this-forum/plans"


def _decision(app, world):
    with app.app_context():
        minutes = db.session.get(Minutes, world.ids["minutes"])
        for section in minutes.sections:
            for decision in section.get("decisions", []):
                return minutes.id, decision["key"]
    raise AssertionError("the world's published minutes have a decision")


def test_a_decision_links_to_its_measure_and_back(app, world):
    minutes_id, key = _decision(app, world)
    client = app.test_client()
    world.sign_in(client, "secretariat")
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/origins"
    address = f"http://localhost/en/forums/this-forum/minutes/{minutes_id}#decision-{key}"
    assert client.post(url, data={"origin": address}).status_code == 302
    assert client.post(url, data={"origin": address}).status_code == 302  # once only
    with app.app_context():
        assert db.session.query(MeasureOrigin).count() == 1
    measure_page = text_of(app.test_client().get(
        f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}"))
    assert f"#decision-{key}" in measure_page
    minutes_page = text_of(app.test_client().get(
        f"/en/forums/this-forum/minutes/{minutes_id}"))
    assert "This became measure 1.1 of <span lang=\"en\">Social Plan" in minutes_page


def test_an_address_of_nothing_or_of_another_forum_is_refused_with_a_reason(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/origins"
    for address in ("hello", "/en/forums/other-forum/proposals/1",
                    "/en/forums/this-forum/proposals/99999"):
        response = client.post(url, data={"origin": address})
        assert response.status_code == 400
        assert "address" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(MeasureOrigin)) is None


def test_a_proposal_and_a_budget_item_say_what_they_became(app, world):
    client = app.test_client()
    world.sign_in(client, "secretariat")
    url = f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}/origins"
    proposal = f"/en/forums/this-forum/proposals/{world.ids['proposal']}"
    item = (f"/en/forums/this-forum/budgeting/{world.ids['closed_cycle']}/items/"
            f"{world.ids['winner']}")
    for address in (proposal, item):
        assert client.post(url, data={"origin": address}).status_code == 302
    reader = app.test_client()
    for page in (proposal, item):
        became = 'This became measure 1.1 of <span lang="en">Social Plan'
        assert became in text_of(reader.get(page))
    measure_page = text_of(reader.get(
        f"{BASE}/{world.ids['plan']}/measures/{world.ids['measure']}"))
    assert f"/proposals/{world.ids['proposal']}" in measure_page
    assert f"/items/{world.ids['winner']}" in measure_page
    remove = client.post(f"{url}/{_origin_id(app)}/remove")
    assert remove.status_code == 302
    with app.app_context():
        assert db.session.query(MeasureOrigin).count() == 1


def _origin_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(MeasureOrigin.id).order_by(MeasureOrigin.id))


def test_the_secretariat_finds_the_address_of_a_decision_on_the_minutes(app, world):
    minutes_id, key = _decision(app, world)
    client = app.test_client()
    world.sign_in(client, "secretariat")
    link = f'href="#decision-{key}">Link to this decision</a>'
    assert link in client.get(f"/en/forums/this-forum/minutes/{minutes_id}").text
    assert "Link to this decision" not in app.test_client().get(
        f"/en/forums/this-forum/minutes/{minutes_id}").text
