"""`validate`: every problem of a file, each with its line."""

from __future__ import annotations

import io

from forum.budgeting.tally import Problem, validate
from tests.budgeting.tally.tally_helpers import REAL_FILES, pb_text


def test_real_files_have_no_problems():
    for path in REAL_FILES:
        assert validate(path) == []


def test_structural_error_is_one_problem_with_its_line():
    assert validate(pb_text("1;-5;a\n", "a;1\n")) == [Problem(7, "cost of project 1 is "
                                                            "negative (-5)")]


def test_points_limits_and_vote_counts_are_checked():
    text = (pb_text("1;10;a\n2;10;b\n", "a;1,2;4,3\nb;1;9\n", vote_type="cumulative",
                    meta="max_sum_points;6\nmax_points;5\n",
                    votes_header="voter_id;vote;points"))
    text = text.replace("project_id;cost;name\n1;10;a", "project_id;cost;name;votes\n1;10;a;7")
    text = text.replace("2;10;b\n", "2;10;b;1\n")

    problems = validate(io.StringIO(text))

    assert [p.line for p in problems] == [9, 13, 14, 14]
    assert "votes column says 7, the ballots give 2" in problems[0].message
    assert "7 points, more than max_sum_points 6" in problems[1].message
    assert "9 points, more than max_sum_points 6" in problems[2].message
    assert "more than max_points 5" in problems[3].message


def test_unknown_rule_and_threshold_without_value_are_reported():
    unknown = validate(pb_text("1;10;a\n", "a;1\n", meta="rule;lottery\n"))
    threshold = validate(pb_text("1;10;a\n", "a;1\n", meta="rule;greedy-threshold\n"))

    assert [p.line for p in unknown] == [5] and "unknown rule" in unknown[0].message
    assert "needs min_project_score_threshold" in threshold[0].message
