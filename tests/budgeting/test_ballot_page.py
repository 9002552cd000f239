"""The ballot page on a phone: a compact running total, and every problem at the top and on the
list, with and without JavaScript."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_budget_item, create_cycle
from tests.fixtures.forums import create_forum
from tests.helpers import text_of


@pytest.fixture
def ballot(app):
    with app.app_context():
        forum = create_forum(slug="f", currency="MKD", languages=["mk", "sq", "rom", "en"])
        voter = create_user(email="voter@example.org")
        cycle = create_cycle(forum, budget=1_500_000_00, max_length=2, within_budget=True)
        items = [add_budget_item(cycle, name, cost).id for name, cost in
                 (("Ramp", 180_000_00), ("Lights", 420_000_00), ("School bus", 310_000_00))]
        return voter, cycle, items


def _between(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


def test_too_many_items_shows_at_the_top_and_on_the_list_not_only_in_the_total(
        client, ballot):
    voter, cycle, items = ballot
    sign_in_as(client, voter)
    response = client.post(f"/en/forums/f/budgeting/{cycle.id}/vote", data={"item": items})
    page = text_of(response)
    assert response.status_code == 400
    summary = _between(page, 'class="error-summary"', "</div>")
    assert "Choose at most 2 items." in summary and 'href="#ballot-problems"' in summary
    on_the_list = _between(page, '<div id="ballot-problems">', "</fieldset>")
    assert "Choose at most 2 items." in on_the_list
    assert on_the_list.index("Choose at most") < on_the_list.index('name="item"')
    total = _between(page, 'id="ballot-total"', "</div>")
    assert "Choose at most" not in total and 'href="#ballot-problems"' in total


def test_the_live_total_also_updates_the_problems_on_the_list(client, ballot):
    voter, cycle, items = ballot
    sign_in_as(client, voter)
    partial = text_of(client.post(f"/en/forums/f/budgeting/{cycle.id}/vote/check",
                                  data={"item": items}, headers={"HX-Request": "true"}))
    assert 'id="ballot-problems" hx-swap-oob="true"' in partial
    assert "Choose at most 2 items." in _between(partial, 'id="ballot-problems"', "</div>")


@pytest.mark.parametrize("lang", ["mk", "sq", "rom", "en"])
def test_the_running_total_is_one_sentence_in_whole_denars(client, ballot, lang):
    voter, cycle, items = ballot
    sign_in_as(client, voter)
    page = text_of(client.post(f"/{lang}/forums/f/budgeting/{cycle.id}/vote",
                               data={"item": items[:2], "check": "1"}))
    total = _between(page, 'id="ballot-total"', "</div>")
    assert "600" in total and "1" in total
    assert not re.search(r"[.,]\d\d(?!\d)", total) and ".." not in total  # no deni, one stop
