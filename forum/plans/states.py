"""The life cycles of plans, measures and funding applications: the moves allowed from each
state, and the reason a refused move is refused."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from forum.plans.models.measures import FundingStatus, MeasureStatus
from forum.plans.models.plans import PlanStatus


class PlanRuleBroken(Exception):
    """A change refused by a rule of plans; the message says which (lazy text)."""


# state → {state it may move to}
PLAN_MOVES = {
    PlanStatus.DRAFT: {PlanStatus.ADOPTED},
    PlanStatus.ADOPTED: {PlanStatus.IN_FORCE, PlanStatus.DRAFT},
    PlanStatus.IN_FORCE: {PlanStatus.ENDED},
    PlanStatus.ENDED: set(),
}
PLAN_REFUSED = {
    PlanStatus.DRAFT: _l("Only an adopted plan that is not yet in force can go back to draft."),
    PlanStatus.ADOPTED: _l("Only a draft can be adopted."),
    PlanStatus.IN_FORCE: _l("A plan comes into force only after it is adopted."),
    PlanStatus.ENDED: _l("Only a plan in force can end."),
}

MEASURE_MOVES = {
    MeasureStatus.NOT_STARTED: {MeasureStatus.ON_TRACK, MeasureStatus.DELAYED,
                                MeasureStatus.DROPPED, MeasureStatus.DONE},
    MeasureStatus.ON_TRACK: {MeasureStatus.DELAYED, MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.DELAYED: {MeasureStatus.ON_TRACK, MeasureStatus.DONE, MeasureStatus.DROPPED},
    MeasureStatus.DONE: {MeasureStatus.ON_TRACK},  # reopened when "done" was said too early
    MeasureStatus.DROPPED: {MeasureStatus.NOT_STARTED},  # taken up again
}
MEASURE_REFUSED = {
    MeasureStatus.NOT_STARTED: _l("Only a dropped measure can go back to not started."),
    MeasureStatus.ON_TRACK: _l("A dropped measure is first taken up again as not started."),
    MeasureStatus.DELAYED: _l("A measure that is done or dropped cannot be delayed."),
    MeasureStatus.DONE: _l("A dropped measure cannot be done; take it up again first."),
    MeasureStatus.DROPPED: _l("A measure that is done cannot be dropped."),
}
NEEDS_REASON = {MeasureStatus.DROPPED: _l("Say why the measure is dropped."),
                MeasureStatus.DELAYED: _l("Say why the measure is delayed.")}

FUNDING_MOVES = {
    FundingStatus.DRAFTED: {FundingStatus.SUBMITTED},
    FundingStatus.SUBMITTED: {FundingStatus.GRANTED, FundingStatus.REFUSED},
    FundingStatus.GRANTED: set(),
    FundingStatus.REFUSED: set(),
}
FUNDING_REFUSED = {
    FundingStatus.DRAFTED: _l("An application that was sent cannot go back to drafting."),
    FundingStatus.SUBMITTED: _l("Only an application being drafted can be submitted."),
    FundingStatus.GRANTED: _l("Only a submitted application can be granted."),
    FundingStatus.REFUSED: _l("Only a submitted application can be refused."),
}


def _why_not(moves: dict, refused: dict, current: str, new: str):
    if new == current or new in moves.get(current, set()):
        return None
    return refused[new]


def plan_why_not(current: str, new: str):
    """The (lazy) reason a plan may not move from `current` to `new`; None if it may."""
    return _why_not(PLAN_MOVES, PLAN_REFUSED, current, new)


def measure_why_not(current: str, new: str, reason: str = ""):
    """Why a measure may not move to `new` (a delay or a drop needs a reason); None if it may."""
    refused = _why_not(MEASURE_MOVES, MEASURE_REFUSED, current, new)
    if refused is None and new in NEEDS_REASON and not reason.strip():
        return NEEDS_REASON[new]
    return refused


def funding_why_not(current: str, new: str):
    return _why_not(FUNDING_MOVES, FUNDING_REFUSED, current, new)


def check(why) -> None:
    """Raise `PlanRuleBroken` with the reason when a move is refused."""
    if why is not None:
        raise PlanRuleBroken(why)


def measure_choices(current: str) -> list[str]:
    return [s for s in MeasureStatus if s == current or s in MEASURE_MOVES[current]]


def funding_choices(current: str) -> list[str]:
    return [s for s in FundingStatus if s == current or s in FUNDING_MOVES[current]]


REPORT_MOVES = {"draft": {"reviewed"}, "reviewed": {"published", "draft"}, "published": set()}
REPORT_REFUSED = {
    "draft": _l("Only a reviewed report can go back to draft."),
    "reviewed": _l("Only a draft report can be marked as reviewed."),
    "published": _l("A report is published only after it is reviewed."),
}


def report_why_not(current: str, new: str):
    return _why_not(REPORT_MOVES, REPORT_REFUSED, current, new)
