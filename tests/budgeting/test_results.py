"""Results: computed the moment voting closes, explained in plain words, open data that anyone
can count again — and real elections loaded from pabulib files give the official winners."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select

from forum.budgeting import tally
from forum.budgeting.models import Cycle
from forum.core.db import utcnow
from forum.extensions import db
from tests.fixtures.budgeting import (
    add_budget_item,
    add_resident,
    cast_paper,
    create_cycle,
    run_closing,
)
from tests.fixtures.forums import create_forum
from tests.helpers import text_of

DATA = Path(__file__).resolve().parents[1] / "data" / "pabulib"


@pytest.fixture
def closed(app, client):
    with app.app_context():
        forum = create_forum(slug="f", currency="EUR")
        cycle = create_cycle(forum, budget=100_00, tally_rule="greedy")
        ramp, lights, park = (add_budget_item(cycle, n, c).id for n, c in
                              (("Ramp", 20_00), ("Lights", 80_00), ("Park", 60_00)))
        for number, choices in enumerate(([ramp, lights], [lights], [lights, park], [park]),
                                         start=1):
            cast_paper(cycle, add_resident(forum, name=f"R{number}"), choices, str(number))
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    run_closing(app)
    return cycle


def test_results_appear_with_explanations_the_moment_voting_closes(client, closed):
    page = text_of(client.get(f"/en/forums/f/budgeting/{closed.id}/results"))
    assert "Funded: 3 votes put it in place 1 of the count." in page  # Lights
    assert "Not funded: when its turn came, €20.00 was left, €40.00 short of its cost." in page
    assert "Funded: 1 vote put it in place 2 of the count." in page  # Ramp fits in the rest
    assert "<svg" in page


def test_the_pabulib_export_counts_to_the_same_result(app, client, closed):
    client.get(f"/en/forums/f/budgeting/{closed.id}/results")
    exported = text_of(client.get(f"/en/forums/f/budgeting/{closed.id}/results.pb"))
    election, meta = tally.read_pb(io.StringIO(exported))
    assert meta["rule"] == "greedy" and election.num_voters == 4
    shown = text_of(client.get(f"/en/forums/f/budgeting/{closed.id}/results.csv"))
    funded = {line.split(",")[0] for line in shown.splitlines()[1:] if ",1," in line}
    assert set(tally.tally(election).selected) == funded


def test_recompute_command_gives_the_same_winners(app, client, closed):
    client.get(f"/en/forums/f/budgeting/{closed.id}/results")
    result = app.test_cli_runner().invoke(args=["budgeting", "recompute", str(closed.id)])
    assert result.exit_code == 0
    csv = text_of(client.get(f"/en/forums/f/budgeting/{closed.id}/results.csv"))
    funded = sorted(line.split(",")[0] for line in csv.splitlines()[1:] if ",1," in line)
    assert result.output.split(": ")[1].split() == sorted(funded, key=lambda i: i) or \
        sorted(result.output.split(": ")[1].split()) == funded


@pytest.mark.parametrize("name", ["Netherlands_Assen_2024", "Poland_Wieliczka_2023_Green_Budget",
                                  "Poland_Krakow_2024_Podgorze"])
def test_a_real_election_imported_shows_exactly_the_official_winners(app, client, name):
    path = DATA / f"{name}.pb"
    with app.app_context():
        create_forum(slug="pb")
    result = app.test_cli_runner().invoke(args=["pb", "import", str(path), "--forum", "pb"])
    assert result.exit_code == 0, result.output
    election, _meta = tally.read_pb(path)
    official = {p.id for p in election.projects if p.extra.get("selected") == "1"}
    assert set(result.output.splitlines()[1:]) == official
    with app.app_context():
        cycle_id = db.session.scalar(select(Cycle.id).order_by(Cycle.id.desc()))
    page = text_of(client.get(f"/en/forums/pb/budgeting/{cycle_id}/results"))
    funded_cards = page.split('<li class="result funded">')[1:]
    shown = {card.split('<span class="meta">(')[1].split(")")[0] for card in funded_cards}
    assert shown == official


def test_cycle_and_results_pages_do_not_query_more_with_more_items(app, client):
    from tests.fixtures.accounts import create_user
    from tests.helpers import count_queries

    with app.app_context():
        forum = create_forum(slug="q", currency="EUR")
        user = create_user()

    def build(count: int) -> int:
        with app.app_context():
            cycle = create_cycle(forum, budget=1_000_00, tally_rule="greedy")
            areas_items = [add_budget_item(cycle, f"Item {n}", 10_00, author_id=user.id).id
                           for n in range(count)]
            for number in range(count):
                cast_paper(cycle, add_resident(forum, name=f"P{count}-{number}"),
                           areas_items[: number % 3 + 1], str(number))
            db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
            db.session.commit()
            return cycle.id

    few, many = build(2), build(12)
    counts = []
    for cycle_id in (few, many):
        run_closing(app)
        with count_queries(app) as page:
            client.get(f"/en/forums/q/budgeting/{cycle_id}/")
        with count_queries(app) as results:
            client.get(f"/en/forums/q/budgeting/{cycle_id}/results")
        counts.append((page["n"], results["n"]))
    assert counts[0] == counts[1]


@pytest.fixture
def equal_shares_in_denars(app):
    """100 denars for 3 voters (33.33 each): two fund a cheap item, then fall short."""
    with app.app_context():
        forum = create_forum(slug="d", currency="MKD")
        cycle = create_cycle(forum, budget=100_00, tally_rule="equalshares")
        cheap, dear, other = (add_budget_item(cycle, name, cost).id for name, cost in
                              (("Bench", 20_00), ("Lights", 50_00), ("Ramp", 30_00)))
        for number, choices in enumerate(([cheap, dear], [cheap, dear], [other]), start=1):
            cast_paper(cycle, add_resident(forum, name=f"V{number}"), choices, str(number))
        db.session.get(Cycle, cycle.id).vote_closes_at = utcnow()
        db.session.commit()
    run_closing(app)
    return cycle


def test_a_loser_with_more_votes_is_explained_in_whole_denars_with_the_shortfall(
        client, equal_shares_in_denars):
    page = text_of(client.get(f"/en/forums/d/budgeting/{equal_shares_in_denars.id}/results"))
    assert ("Not funded: its 2 supporters had already spent most of their shares on other items "
            "they chose. Together they had MKD\u00a047 left, MKD\u00a03 short of its cost.") in page
    assert "46.67" not in page and ".00" not in page  # denars are written without deni
    assert "shared out again" not in page


def test_the_budget_bar_says_in_words_what_is_spent_and_what_is_left_and_why(
        client, equal_shares_in_denars):
    page = text_of(client.get(f"/en/forums/d/budgeting/{equal_shares_in_denars.id}/results"))
    legend = page.split('<dl class="bar-legend">')[1].split("</dl>")[0]
    assert "Given to 2 items" in legend and "MKD\u00a050" in legend  # Bench and Ramp
    assert "Not spent" in legend and "Budget" in legend and "MKD\u00a0100" in legend
    assert ("MKD\u00a050 is not spent: it was enough for an item that is not funded, but that "
            "item&#39;s supporters did not have enough left of their shares") in page
    assert "MKD\u00a0100 shared by 3 voters is MKD\u00a033 each." in page


def test_results_are_cards_a_phone_can_show_with_the_open_data_kept(client, closed):
    page = text_of(client.get(f"/en/forums/f/budgeting/{closed.id}/results"))
    main = page.split("<main")[1]
    assert "<table" not in main
    assert main.count('<li class="result funded">') == 2
    assert main.count('<li class="result unfunded">') == 1
    card = main.split('<li class="result unfunded">')[1].split("</li>")[0]
    assert "Not funded" in card and "2 votes" in card and "costs €60.00" in card
    assert "short of its cost" in card
    assert "results.csv" in main and "results.pb" in main


def test_one_supporter_who_ran_out_is_not_called_together(app):
    from types import SimpleNamespace

    from forum.budgeting.explanations import explain

    row = SimpleNamespace(reason="supporters_ran_out", supporters=1, score=1, position=None,
                          item=SimpleNamespace(official_cost=1_100_000_00),
                          details={"supporters_money_left": 3_729_00})
    with app.test_request_context("/en/"):
        sentence = explain(row, "ALL")
    assert "its 1 supporter had already spent most of their share" in sentence
    assert "Together" not in sentence and "short of its cost" in sentence
