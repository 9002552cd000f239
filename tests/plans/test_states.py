"""The life cycles of plans, measures and funding applications: allowed moves, and the reason a
refused move is refused."""

from __future__ import annotations

from forum.plans import states


def test_a_plan_is_adopted_before_it_is_in_force_and_ends_from_force(ctx):
    assert states.plan_why_not("draft", "adopted") is None
    assert states.plan_why_not("adopted", "in_force") is None
    assert states.plan_why_not("in_force", "ended") is None
    assert "after it is adopted" in str(states.plan_why_not("draft", "in_force"))
    assert "Only a plan in force" in str(states.plan_why_not("draft", "ended"))
    assert states.plan_why_not("ended", "draft") is not None


def test_a_delay_or_a_drop_needs_a_reason(ctx):
    assert "why the measure is dropped" in str(states.measure_why_not("on_track", "dropped"))
    assert states.measure_why_not("on_track", "dropped", "no money") is None
    assert "why the measure is delayed" in str(states.measure_why_not("on_track", "delayed"))
    assert states.measure_why_not("on_track", "done") is None


def test_a_finished_measure_cannot_be_dropped_nor_a_dropped_one_done(ctx):
    assert "done cannot be dropped" in str(states.measure_why_not("done", "dropped", "x"))
    assert "cannot be done" in str(states.measure_why_not("dropped", "done"))
    assert states.measure_why_not("dropped", "not_started") is None


def test_funding_goes_drafted_submitted_then_granted_or_refused(ctx):
    assert states.funding_why_not("drafted", "submitted") is None
    assert states.funding_why_not("submitted", "granted") is None
    assert states.funding_why_not("submitted", "refused") is None
    assert "Only a submitted" in str(states.funding_why_not("drafted", "granted"))
    assert states.funding_why_not("granted", "refused") is not None
    assert states.funding_choices("submitted") == ["submitted", "granted", "refused"]
