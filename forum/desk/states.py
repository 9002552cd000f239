"""The life of a case: received → in progress → referred → answered → closed, or not admissible
(with a reason) from an open state; a closed or inadmissible case can be reopened. The moves
allowed from each state, and why a move is refused."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Status(enum.StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    REFERRED = "referred"
    ANSWERED = "answered"
    CLOSED = "closed"
    NOT_ADMISSIBLE = "not_admissible"


class Move(enum.StrEnum):
    START = "start"  # staff take it into work
    REFER = "refer"  # a referral to an institution is recorded
    ANSWER = "answer"  # an answer to the person is recorded
    CLOSE = "close"
    REJECT = "reject"  # not admissible, with a reason
    REOPEN = "reopen"


class CaseRuleBroken(Exception):
    """A change refused by a rule of the desk; the message says which (lazy text)."""


STATUS_LABELS = {
    Status.RECEIVED: _l("Received"),
    Status.IN_PROGRESS: _l("In progress"),
    Status.REFERRED: _l("Referred to an institution"),
    Status.ANSWERED: _l("Answered"),
    Status.CLOSED: _l("Closed"),
    Status.NOT_ADMISSIBLE: _l("Not admissible"),
}
MOVE_LABELS = {
    Move.START: _l("Take it into work"),
    Move.CLOSE: _l("Close the case"),
    Move.REJECT: _l("Mark as not admissible"),
    Move.REOPEN: _l("Reopen the case"),
}
OPEN = (Status.RECEIVED, Status.IN_PROGRESS, Status.REFERRED)  # still waiting for an answer
DONE = (Status.CLOSED, Status.NOT_ADMISSIBLE)

TABLE: dict[str, dict[Move, str]] = {  # state → {move: the state it leads to}
    Status.RECEIVED: {Move.START: Status.IN_PROGRESS, Move.REFER: Status.REFERRED,
                      Move.ANSWER: Status.ANSWERED, Move.REJECT: Status.NOT_ADMISSIBLE},
    Status.IN_PROGRESS: {Move.REFER: Status.REFERRED, Move.ANSWER: Status.ANSWERED,
                         Move.REJECT: Status.NOT_ADMISSIBLE, Move.CLOSE: Status.CLOSED},
    Status.REFERRED: {Move.START: Status.IN_PROGRESS, Move.REFER: Status.REFERRED,
                      Move.ANSWER: Status.ANSWERED, Move.REJECT: Status.NOT_ADMISSIBLE},
    Status.ANSWERED: {Move.START: Status.IN_PROGRESS, Move.ANSWER: Status.ANSWERED,
                      Move.CLOSE: Status.CLOSED},
    Status.CLOSED: {Move.REOPEN: Status.IN_PROGRESS},
    Status.NOT_ADMISSIBLE: {Move.REOPEN: Status.IN_PROGRESS},
}

REFUSED = {
    Move.START: _l("Only a received, referred or answered case can be taken (back) into work."),
    Move.REFER: _l("A closed, answered or inadmissible case cannot be referred. Reopen it or "
                   "take it back into work first."),
    Move.ANSWER: _l("A closed or inadmissible case cannot be answered. Reopen it first."),
    Move.CLOSE: _l("Only a case in progress or answered can be closed."),
    Move.REJECT: _l("Only an open case (received, in progress or referred) can be marked as not "
                    "admissible."),
    Move.REOPEN: _l("Only a closed or inadmissible case can be reopened."),
}


def why_not(status: str, move: Move):
    """The (lazy) reason the move is refused in this state; None if it is allowed."""
    return None if move in TABLE.get(status, {}) else REFUSED[move]


def check(status: str, move: Move) -> str:
    """The state the move leads to, or `CaseRuleBroken` with the reason."""
    reason = why_not(status, move)
    if reason is not None:
        raise CaseRuleBroken(reason)
    return TABLE[status][move]


def moves_from(status: str) -> list[Move]:
    """The moves a person can choose on the case page (referring and answering have forms)."""
    return [m for m in TABLE.get(status, {}) if m in MOVE_LABELS]
