"""The compiled Add1 screen: same kept run as the exact engine, and honest about doubt."""

from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from forum.budgeting.tally import Ballot, Election, Project, read_pb, tally
from forum.budgeting.tally.completion import EXHAUSTIVE, UNTIL_OVER_BUDGET, ShareLadder, add1
from forum.budgeting.tally.equal_shares import EqualShares
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.screen import FINAL, UNSURE, Add1Screen
from forum.budgeting.tally.ties import rank_projects
from tests.budgeting.tally.tally_helpers import (
    ASSEN,
    PROPERTY,
    TIE_ORDERS,
    WIELICZKA,
    elections,
)


def _rule(election: Election, order=("cost", "votes", "id"), exact: bool = False):
    profile = compile_profile(election)
    votes = dict(zip(profile.ids, profile.votes, strict=True))
    return EqualShares(profile, rank_projects(order, election.projects, votes), exact=exact)


def _scan_from_start(election: Election, stop: str = EXHAUSTIVE) -> tuple[int, int]:
    rule = _rule(election)
    screen = Add1Screen(rule.profile, rule.rank, rule.open, election.budget, stop == EXHAUSTIVE)
    ladder = ShareLadder(Fraction(election.budget, rule.profile.num_voters), 1, "exact")
    return screen.scan(0, float(ladder.share(0)), float(ladder.share(1)), 1.0)


@PROPERTY
@given(elections(max_projects=8, max_voters=20), st.sampled_from(TIE_ORDERS),
       st.sampled_from([EXHAUSTIVE, UNTIL_OVER_BUDGET]), st.sampled_from(["exact", "floor"]))
def test_the_screen_keeps_the_run_the_exact_engine_keeps(election, order, stop, start):
    if election.num_voters == 0:
        return
    screened = add1(_rule(election, order), election.budget, stop=stop, start=start)
    exact = add1(_rule(election, order, exact=True), election.budget, stop=stop, start=start)

    assert screened.share == exact.share
    assert screened.selected == exact.selected


def test_supporters_holding_exactly_the_cost_are_left_to_the_exact_engine():
    # Two voters with 5 each and a project costing 10: whether it is affordable turns on an
    # equality that floats cannot certify.
    election = Election.from_ballots(10, [Project("1", 10)], [Ballot(("1",))] * 2)

    assert _scan_from_start(election) == (UNSURE, 0)
    assert tally(election, "equalshares/add1-exhaustive", add1_start="exact").selected == ["1"]


def test_twins_and_equal_splits_are_tied_exactly_without_the_exact_engine():
    # Shares of 5. "1" and "2" cost the same and have the same supporters; "3" has as many
    # supporters, each paying an equal part too: p / cost is exactly 1 / 2 for all three.
    projects = [Project("1", 4), Project("2", 4), Project("3", 6)]
    ballots = [Ballot(("1", "2"))] * 2 + [Ballot(("3",))] * 2
    election = Election.from_ballots(20, projects, ballots)

    verdict, _ = _scan_from_start(election)

    assert verdict == FINAL
    by_cost = tally(election, "equalshares/add1-exhaustive", ("cost", "id"), add1_start="exact")
    by_id_desc = tally(election, "equalshares/add1-exhaustive", ("-cost", "id"),
                       add1_start="exact")
    assert by_cost.selected[0] == "1"
    assert by_id_desc.selected[0] == "3"


def test_the_real_elections_need_no_exact_rerun_before_the_kept_one():
    for path, rule_name in ((ASSEN, "equalshares/add1-exhaustive"),
                            (WIELICZKA, "equalshares/add1-exhaustive")):
        election, _ = read_pb(path)
        verdict, kept = _scan_from_start(election)
        outcome = tally(election, rule_name, add1_start="exact")

        assert verdict == FINAL
        assert outcome.per_voter_share == Fraction(election.budget, election.num_voters) + kept


def test_the_share_ladder_starts_exact_then_steps_whole_units():
    exact = ShareLadder(Fraction(2900, 6), 100, "exact")
    floor = ShareLadder(Fraction(2900, 6), 100, "floor")

    assert [exact.share(k) for k in range(3)] == [Fraction(2900, 6), Fraction(3500, 6),
                                                  Fraction(4100, 6)]
    assert [floor.share(k) for k in range(3)] == [Fraction(2900, 6), 500, 600]


def test_the_app_loads_neither_the_c_library_nor_gmpy2_until_a_count_needs_them():
    code = ("import sys; import forum.budgeting.tally as t; from forum import create_app; "
            "from forum.budgeting.tally import native; "
            "print(native.load.cache_info().currsize, 'gmpy2' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                          check=True, cwd=Path(__file__).resolve().parents[3])

    assert done.stdout.strip() == "0 False"


def test_costs_beyond_float_precision_keep_the_exact_run():
    # 2^53 + 1 + 1 rounds to 2^53 in floats, which would look within the budget.
    huge = 2 ** 53 + 1
    projects = [Project("A", huge), Project("C", 1)]
    ballots = [Ballot(("A",))] * 9_999 + [Ballot(("C",))]
    election = Election.from_ballots(huge, projects, ballots, scale=10 ** 6)

    screened = add1(_rule(election), election.budget, unit=10 ** 6)
    exact = add1(_rule(election, exact=True), election.budget, unit=10 ** 6)

    assert screened.share == exact.share
    assert screened.selected == exact.selected == [1]


def test_drained_supporters_leave_an_exact_equal_split_tie():
    # Shares of 10. Round 1 funds A (5 supporters pay 6 each); round 2 funds B, which drains
    # a1 and a2. In round 3 X's supporters with money (x1, x2) pay 6.5 of 13 and Y's (y1, y2)
    # 7 of 14: p / cost is exactly 1/2 for both, and the tie-break decides.
    a1, a2 = Ballot(("A", "B", "X")), Ballot(("A", "B", "Y"))
    projects = [Project("A", 30), Project("B", 20), Project("X", 13), Project("Y", 14)]
    ballots = [a1, a2] + [Ballot(("A",))] * 3 + [Ballot(("B",))] * 2 + [Ballot(("X",))] * 2 \
        + [Ballot(("Y",))] * 2
    election = Election.from_ballots(110, projects, ballots)

    assert _scan_from_start(election)[0] == FINAL
    funded = {}
    for order in (("cost", "id"), ("-cost", "id")):
        screened = add1(_rule(election, order), election.budget, stop=EXHAUSTIVE)
        exact = add1(_rule(election, order, exact=True), election.budget, stop=EXHAUSTIVE)
        assert screened.selected == exact.selected
        funded[order[0]] = [election.projects[j].id for j in screened.selected]
    assert funded == {"cost": ["A", "B", "X", "Y"], "-cost": ["A", "B", "Y", "X"]}


def test_without_the_compiled_screen_every_run_is_exact(monkeypatch, caplog):
    # As where there is no C compiler, or no writable folder for the library.
    election, _ = read_pb(ASSEN)
    expected = tally(election, "equalshares/add1")
    monkeypatch.setitem(sys.modules, "forum.budgeting.tally.screen", None)

    outcome = tally(election, "equalshares/add1")

    assert outcome.selected == expected.selected
    assert outcome.per_voter_share == expected.per_voter_share
    assert "compiled Add1 screen is unavailable" in caplog.text


@PROPERTY
@given(elections(max_projects=8, max_voters=20), st.sampled_from([EXHAUSTIVE, UNTIL_OVER_BUDGET]))
def test_two_runs_at_once_keep_the_run_one_at_a_time_keeps(election, stop):
    if election.num_voters == 0:
        return
    rule = _rule(election)
    ladder = ShareLadder(Fraction(election.budget, rule.profile.num_voters), 1, "floor")
    found = []
    for threads in (1, 2):
        with mock.patch("forum.budgeting.tally.screen._THREADS", threads), \
                mock.patch("forum.budgeting.tally.screen.TWO_THREADS_FROM", 0):
            screen = Add1Screen(rule.profile, rule.rank, rule.open, election.budget,
                                stop == EXHAUSTIVE)
            found.append(screen.scan(0, float(ladder.share(0)), float(ladder.share(1)), 1.0))

    assert found[0] == found[1]
