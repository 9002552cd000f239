"""The life of a case: every allowed move leads where the table says; every other one is refused
with its reason."""

from __future__ import annotations

import pytest

from forum.desk.states import REFUSED, TABLE, CaseRuleBroken, Move, Status, check, moves_from


@pytest.mark.parametrize(("status", "move", "after"), [
    (Status.RECEIVED, Move.START, Status.IN_PROGRESS),
    (Status.RECEIVED, Move.REFER, Status.REFERRED),
    (Status.IN_PROGRESS, Move.ANSWER, Status.ANSWERED),
    (Status.REFERRED, Move.ANSWER, Status.ANSWERED),
    (Status.ANSWERED, Move.CLOSE, Status.CLOSED),
    (Status.RECEIVED, Move.REJECT, Status.NOT_ADMISSIBLE),
    (Status.REFERRED, Move.REJECT, Status.NOT_ADMISSIBLE),
    (Status.CLOSED, Move.REOPEN, Status.IN_PROGRESS),
    (Status.NOT_ADMISSIBLE, Move.REOPEN, Status.IN_PROGRESS),
])
def test_allowed_moves_lead_where_the_table_says(status, move, after):
    assert check(status, move) == after


def test_every_refused_move_says_why():
    for status in Status:
        for move in Move:
            if move in TABLE[status]:
                continue
            with pytest.raises(CaseRuleBroken) as refused:
                check(status, move)
            assert str(refused.value) == str(REFUSED[move])


def test_not_admissible_only_from_open_states_and_reopen_only_from_done():
    rejectable = {s for s in Status if Move.REJECT in TABLE[s]}
    assert rejectable == {Status.RECEIVED, Status.IN_PROGRESS, Status.REFERRED}
    reopenable = {s for s in Status if Move.REOPEN in TABLE[s]}
    assert reopenable == {Status.CLOSED, Status.NOT_ADMISSIBLE}


def test_closed_case_cannot_be_answered_or_referred():
    for move in (Move.ANSWER, Move.REFER, Move.CLOSE, Move.REJECT):
        with pytest.raises(CaseRuleBroken):
            check(Status.CLOSED, move)


def test_the_case_page_offers_only_the_plain_moves():
    assert moves_from(Status.RECEIVED) == [Move.START, Move.REJECT]
    assert moves_from(Status.CLOSED) == [Move.REOPEN]
