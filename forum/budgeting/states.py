"""The life of a budget cycle: its phases, the dates each phase allows to change, the moves the
secretariat can make, and the reason a move or a date change is refused. Voting also opens and
ends by itself: the worker opens a cycle in review at its planned time once every item is checked
(`tasks.open_due_votes`), and closes it within a minute of its closing time
(`tasks.close_due_votes`); until then "voting" past that time takes no ballots and its pages say
the votes are being counted."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from forum.budgeting.models.cycles import PHASE_LABELS, Phase


@dataclass(frozen=True)
class Move:
    name: str
    source: Phase
    target: Phase
    label: object  # the button
    question: object  # the heading of the confirmation page
    explains: object  # what happens, said on the confirmation page
    danger: bool = False


MOVES = {move.name: move for move in (
    Move("review", Phase.COLLECTING, Phase.REVIEW, _l("Stop collecting ideas"),
         _l("Stop collecting ideas and start checking them?"),
         _l("Nobody can propose an idea after this. The secretariat then checks each idea.")),
    Move("open", Phase.REVIEW, Phase.VOTING, _l("Open voting now"),
         _l("Open voting now?"),
         _l("Voting opens at this moment, even if another time was planned. The budget, the "
            "ballot and the counting rule can no longer change after this.")),
    Move("close", Phase.VOTING, Phase.RESULTS, _l("Close voting now"),
         _l("Close voting now?"),
         _l("Voting ends at this moment, before the planned time. Nobody can vote online "
            "after this. The votes are counted at once and the results are published; paper "
            "ballots from the box can still be entered until the winners are being carried "
            "out, and the count is redone with each."), danger=True),
    Move("cancel", Phase.VOTING, Phase.CANCELLED, _l("Cancel the vote"),
         _l("Cancel the vote?"),
         _l("Voting ends at this moment and the votes are not counted: there are no results. "
            "Everyone can read the reason you give."), danger=True),
    Move("implement", Phase.RESULTS, Phase.IMPLEMENTATION, _l("Start carrying out the winners"),
         _l("Start carrying out the winners?"),
         _l("Residents can then follow the work on each funded item.")),
)}

# Why a move cannot be made from a phase, where a plain "not now" would not help.
REFUSALS = {
    ("open", Phase.VOTING): _l("Voting is already open. Nothing was changed."),
    ("close", Phase.RESULTS): _l("Voting is already closed. Nothing was changed."),
    ("close", Phase.IMPLEMENTATION): _l("Voting is already closed. Nothing was changed."),
    ("close", Phase.CANCELLED): _l("The vote was cancelled. Nothing was changed."),
    ("cancel", Phase.CANCELLED): _l("The vote is already cancelled. Nothing was changed."),
    ("cancel", Phase.RESULTS): _l("Voting is closed and counted: it can no longer be "
                                  "cancelled."),
    ("close", Phase.COLLECTING): _l("Voting has not opened yet."),
    ("close", Phase.REVIEW): _l("Voting has not opened yet."),
    ("cancel", Phase.COLLECTING): _l("Voting has not opened yet."),
    ("cancel", Phase.REVIEW): _l("Voting has not opened yet."),
}
NOT_NOW = _l("This cannot be done now: the cycle is in the phase “%(phase)s”. Nothing was "
             "changed.")

# The dates that can still change in each phase; the others are fixed, for this reason.
OPEN_DATES = {
    Phase.COLLECTING: ("collect_until", "vote_opens_at", "vote_closes_at"),
    Phase.REVIEW: ("vote_opens_at", "vote_closes_at"),
    Phase.VOTING: ("vote_closes_at",),
}
FIXED_DATE = {
    "collect_until": _l("Collecting ideas is over: this date can no longer change."),
    "vote_opens_at": _l("Voting has already opened: its opening time can no longer change."),
    "vote_closes_at": _l("Voting has ended: its closing time can no longer change."),
}
FIXED_RULE = _l("Voting has opened: the budget, the ballot and the counting rule can no longer "
                "change.")
DATE_PASSED = _l("This time has already passed. Choose a later time.")
CLOSE_NEEDED = _l("Voting needs a closing time.")
CLOSE_AFTER_OPEN = _l("Voting must close after it opens.")
COLLECT_BEFORE_OPEN = _l("Collecting ideas must end before voting opens.")
USE_CLOSE_NOW = _l("This time has already passed. To end voting now, use “Close voting now”.")


def refusal(move: Move, phase: str):
    """Why `move` cannot be made from `phase` (lazy text), or None when it can."""
    if phase == move.source:
        return None
    return REFUSALS.get((move.name, phase)) or NOT_NOW % {
        "phase": str(PHASE_LABELS.get(phase, phase))}


def moves_from(phase: str) -> list[Move]:
    return [move for move in MOVES.values() if move.source == phase]


def date_can_change(phase: str, name: str) -> bool:
    return name in OPEN_DATES.get(phase, ())
