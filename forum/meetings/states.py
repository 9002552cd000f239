"""The life of a session: its states, the moves allowed from each, and why a move is refused
now. "Held" needs the session to have begun, by the server's clock (times are UTC)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from forum.core.db import utcnow
from forum.meetings.display import meeting_moment
from forum.meetings.models import Meeting, Status


class Move(enum.StrEnum):
    MOVE = "move"  # a new date or time
    CANCEL = "cancel"
    HOLD = "hold"  # record the roll call: the session is then held
    ANSWER = "answer"  # a member says whether they will come
    AGENDA = "agenda"  # add, change, order or remove agenda items (translating stays open)


OPEN = (Status.SCHEDULED, Status.POSTPONED)

# From each state, the moves allowed (time rules come on top, in `why_not`).
TABLE: dict[str, frozenset[Move]] = {
    Status.SCHEDULED: frozenset({Move.MOVE, Move.CANCEL, Move.HOLD, Move.ANSWER, Move.AGENDA}),
    Status.POSTPONED: frozenset({Move.MOVE, Move.CANCEL, Move.HOLD, Move.ANSWER, Move.AGENDA}),
    Status.HELD: frozenset({Move.HOLD}),  # the roll call can be corrected
    Status.CANCELLED: frozenset(),
}

# Why a move is refused in a state where it is not in the table.
REFUSED = {
    (Status.HELD, Move.MOVE): _l("This session is held: it cannot be moved."),
    (Status.CANCELLED, Move.MOVE): _l("This session is cancelled: it cannot be moved. "
                                      "Schedule a new session instead."),
    (Status.HELD, Move.CANCEL): _l("This session is held: it cannot be cancelled."),
    (Status.CANCELLED, Move.CANCEL): _l("This session is already cancelled."),
    (Status.CANCELLED, Move.HOLD): _l("This session is cancelled: there is no attendance "
                                      "to record."),
    (Status.HELD, Move.ANSWER): _l("This session is over: answers are closed."),
    (Status.CANCELLED, Move.ANSWER): _l("This session is cancelled: answers are closed."),
    (Status.HELD, Move.AGENDA): _l("This session is held: its agenda is the record of what was "
                                   "discussed and cannot be changed. Write changes into the "
                                   "minutes."),
    (Status.CANCELLED, Move.AGENDA): _l("This session is cancelled: its agenda cannot be "
                                        "changed. Schedule a new session instead."),
}


def when(meeting: Meeting, moment: datetime) -> str:
    """A moment of this session, as the meetings pages show it (no seconds, forum's zone)."""
    return meeting_moment(moment, meeting.forum.timezone)


def why_not(meeting: Meeting, move: Move, now: datetime | None = None) -> str | None:
    """The reason `move` is refused for this session now, in the reader's language; None if
    it is allowed."""
    now = now or utcnow()
    if move not in TABLE[meeting.status]:
        return str(REFUSED[(meeting.status, move)])
    if move == Move.HOLD and now < meeting.starts_at:
        return _("The session has not started yet. You can record attendance once it starts "
                 "(%(when)s).", when=when(meeting, meeting.starts_at))
    if move == Move.ANSWER and now >= meeting.ends_at:
        return _("This session is over: answers are closed.")
    return None


def allowed(meeting: Meeting, move: Move, now: datetime | None = None) -> bool:
    return why_not(meeting, move, now) is None


def moves_now(meeting: Meeting, now: datetime | None = None) -> set[Move]:
    now = now or utcnow()
    return {move for move in Move if allowed(meeting, move, now)}


def is_held(meeting: Meeting, now: datetime | None = None) -> bool:
    """Held for real: marked held, and its start has come (older data may say otherwise)."""
    return meeting.status == Status.HELD and (now or utcnow()) >= meeting.starts_at


def next_step(meeting: Meeting, now: datetime | None = None) -> str:
    """What happens next to this session, and when, in plain words."""
    now = now or utcnow()
    if meeting.status == Status.CANCELLED:
        return _("Nothing more happens: the session will not take place.")
    if meeting.status == Status.HELD:
        return _("The session took place. Next, the secretariat writes the minutes.")
    if now < meeting.starts_at:
        return _("The session takes place on %(when)s; after it starts, the secretariat "
                 "records who came, and the session is then marked as held.",
                 when=when(meeting, meeting.starts_at))
    return _("The time of the session has come. When the secretariat records who came, the "
             "session is marked as held.")
