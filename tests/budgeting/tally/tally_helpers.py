"""Helpers of the tally tests: the real files, random elections, and pabutools as the oracle."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from forum.budgeting.tally import Ballot, Election, Project
from forum.budgeting.tally.profile import compile_profile
from forum.budgeting.tally.ties import tie_break_key

DATA = Path(__file__).resolve().parents[2] / "data" / "pabulib"
ASSEN = DATA / "Netherlands_Assen_2024.pb"
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"
KRAKOW = DATA / "Poland_Krakow_2024_Podgorze.pb"
REAL_FILES = (ASSEN, WIELICZKA, KRAKOW)

# Modest example counts keep the suite quick; TALLY_THOROUGH=1 runs 3000 examples per property.
# Applied test by test (not as a global profile) so other areas' hypothesis tests are untouched.
PROPERTY = settings(
    max_examples=3000 if os.environ.get("TALLY_THOROUGH") else 60, deadline=None,
    derandomize=not os.environ.get("TALLY_THOROUGH"),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HEADER = "META\nkey;value\nbudget;{budget}\nvote_type;{vote_type}\n{meta}PROJECTS\n"


def pb_text(projects: str, votes: str, *, budget: str = "100", vote_type: str = "approval",
            meta: str = "", votes_header: str = "voter_id;vote") -> str:
    return (HEADER.format(budget=budget, vote_type=vote_type, meta=meta)
            + "project_id;cost;name\n" + projects + "VOTES\n" + votes_header + "\n" + votes)


def official_selection(election: Election) -> set[str]:
    """The funded set the city published: PROJECTS' `selected` column."""
    return {p.id for p in election.projects if p.extra.get("selected", "").strip() == "1"}


@st.composite
def elections(draw, max_projects: int = 7, max_voters: int = 14, zero_costs: bool = True,
              budget_multiple_of_voters: bool = False) -> Election:
    """Small random approval elections, with many equal costs and vote counts (ties)."""
    count = draw(st.integers(1, max_projects))
    low = 0 if zero_costs else 1
    costs = draw(st.lists(st.sampled_from([low, 1, 2, 3, 5, 8, 10, 12, 20, 30]),
                          min_size=count, max_size=count))
    ids = [str(i + 1) for i in range(count)]
    if draw(st.booleans()):
        ids = [str(8 + i) for i in range(count)]       # crosses "9" / "10"
    projects = [Project(pid, cost) for pid, cost in zip(ids, costs, strict=True)]
    voters = draw(st.integers(1, max_voters))
    ballots = [Ballot(tuple(sorted(draw(st.sets(st.sampled_from(ids), min_size=1)))))
               for _ in range(voters)]
    total = max(sum(costs), 1)
    if budget_multiple_of_voters:
        budget = voters * draw(st.integers(0, max(total // voters, 1)))
    else:
        budget = draw(st.integers(0, total))
    return Election.from_ballots(budget, projects, ballots)


TIE_ORDERS = (("cost", "votes", "id"), ("id-text",), ("-cost", "id"), ("votes", "-cost", "id"))


def pabutools_instance(election: Election, drop_unvoted: bool = False):
    """The same election as pabutools objects: an Instance and an ApprovalProfile."""
    from pabutools.election import ApprovalBallot, ApprovalProfile, Instance
    from pabutools.election import Project as PabuProject

    profile = compile_profile(election)
    keep = [p for j, p in enumerate(election.projects)
            if not (drop_unvoted and profile.votes[j] == 0)]
    projects = {p.id: PabuProject(p.id, p.cost) for p in keep}
    instance = Instance(projects.values(), budget_limit=election.budget)
    ballots = [ApprovalBallot([projects[i] for i in ballot.projects if i in projects])
               for ballot, count in election.ballots.items() for _ in range(count)]
    return instance, ApprovalProfile(ballots, instance=instance)


def pabutools_tie_breaking(election: Election, order):
    """A pabutools tie-breaking rule that orders projects exactly as `order` does for us."""
    from pabutools.tiebreaking import TieBreakingRule

    profile = compile_profile(election)
    votes = dict(zip(profile.ids, profile.votes, strict=True))
    key = tie_break_key(order, election.projects, votes)
    by_id = {p.id: p for p in election.projects}
    return TieBreakingRule(lambda _instance, _profile, project: key(by_id[project.name]))
