"""The life of minutes: draft → in review → approved → published, a correction back to draft
as a new version; the moves allowed from each state and why a move is refused."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from forum.minutes.models import Minutes, Status


class MinutesRuleBroken(Exception):
    """A change refused by a rule of the minutes workflow; the message says which (lazy text)."""


class Move(enum.StrEnum):
    EDIT = "edit"  # change the working copy's sections
    REVIEW = "review"
    REOPEN = "reopen"  # back to draft; an approval given is withdrawn
    APPROVE = "approve"
    PUBLISH = "publish"
    CORRECT = "correct"  # a new version of published minutes, from their text


TABLE: dict[str, dict[Move, str]] = {  # state → {move: the state it leads to}
    Status.DRAFT: {Move.EDIT: Status.DRAFT, Move.REVIEW: Status.REVIEW,
                   Move.APPROVE: Status.APPROVED},
    Status.REVIEW: {Move.EDIT: Status.REVIEW, Move.REOPEN: Status.DRAFT,
                    Move.APPROVE: Status.APPROVED},
    Status.APPROVED: {Move.REOPEN: Status.DRAFT, Move.PUBLISH: Status.PUBLISHED},
    Status.PUBLISHED: {Move.CORRECT: Status.DRAFT},
}

REFUSED = {
    Move.REVIEW: _l("Only a draft can be sent for review."),
    Move.REOPEN: _l("Only minutes in review or approved can go back to draft."),
    Move.APPROVE: _l("Only a draft or minutes in review can be approved."),
    Move.PUBLISH: _l("Minutes are published only after they are approved."),
    Move.CORRECT: _l("Only published minutes can be corrected."),
}
EDIT_REFUSED = {
    Status.PUBLISHED: _l("Published minutes cannot be changed. To correct them, start a "
                         "correction: it becomes a new version."),
    Status.APPROVED: _l("These minutes are approved and cannot be changed. Take them back to "
                        "draft first; they then need approving again."),
}


def why_not(minutes: Minutes, move: Move):
    """The (lazy) reason the move is refused in the minutes' state; None if it is allowed."""
    if move in TABLE[minutes.status]:
        return None
    return EDIT_REFUSED[minutes.status] if move == Move.EDIT else REFUSED[move]


def check(minutes: Minutes, move: Move) -> str:
    """The state the move leads to, or `MinutesRuleBroken` with the reason."""
    reason = why_not(minutes, move)
    if reason is not None:
        raise MinutesRuleBroken(reason)
    return TABLE[minutes.status][move]


def moves_now(minutes: Minutes) -> set[Move]:
    return set(TABLE[minutes.status])
