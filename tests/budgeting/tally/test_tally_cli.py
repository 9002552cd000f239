"""`flask pb tally` and `flask pb check`, run through click's test runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from forum.budgeting.tally import read_pb, tally
from forum.budgeting.tally.cli import pb
from tests.budgeting.tally.tally_helpers import KRAKOW, REAL_FILES, WIELICZKA, pb_text


def run(*args):
    return CliRunner().invoke(pb, list(args))


def test_tally_prints_the_funded_ids_one_per_line():
    for path in REAL_FILES:
        election, _ = read_pb(path)

        result = run("tally", str(path))

        assert result.exit_code == 0
        assert result.output.splitlines() == tally(election).selected


def test_tally_json_has_rule_selection_cost_and_share():
    result = run("tally", str(WIELICZKA), "--json")

    data = json.loads(result.output)
    assert data["rule"] == "equalshares/add1-comparison"
    assert data["per_voter_share"] == "315"
    assert data["comparison"]["switched_to_greedy"] is False
    election, _ = read_pb(WIELICZKA)
    assert data["selected"] == tally(election).selected
    assert data["cost"] == str(tally(election).cost)


def test_tally_json_prints_decimal_money_exactly():
    data = json.loads(run("tally", str(KRAKOW), "--json").output)

    assert data["rule"] == "greedy" and "per_voter_share" not in data
    election, _ = read_pb(KRAKOW)
    assert data["cost"] == str(tally(election).cost // 100)


def test_rule_and_tie_break_options_are_used():
    result = run("tally", str(WIELICZKA), "--rule", "greedy", "--tie-break", "-cost,id")

    election, _ = read_pb(WIELICZKA)
    assert result.output.splitlines() == tally(election, "greedy", "-cost,id").selected


MALFORMED = [
    ("META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\n",
     "6: missing section VOTES"),
    (pb_text("1;10;a\n", "a;1,7\n"), "10: vote names unknown project 7"),
    (pb_text("1;-10;a\n", "a;1\n"), "7: cost of project 1 is negative (-10)"),
    (pb_text("1;10;a\n", "a;1\nb;1\na;1\n"), "12: voter a votes twice (first on line 10)"),
]


@pytest.mark.parametrize(("text", "expected"), MALFORMED)
def test_malformed_file_prints_file_line_message_and_exits_1(tmp_path, text, expected):
    path = tmp_path / "bad.pb"
    path.write_text(text, encoding="utf-8")

    for command in ("tally", "check"):
        result = run(command, str(path))

        assert result.exit_code == 1
        assert result.output == f"{path}:{expected}\n"
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_unknown_rule_or_missing_file_is_an_error_not_a_traceback(tmp_path):
    bad_rule = run("tally", str(KRAKOW), "--rule", "lottery")
    missing = run("tally", str(tmp_path / "none.pb"))

    assert bad_rule.exit_code == 1 and "unknown rule" in bad_rule.output
    assert missing.exit_code == 1 and "cannot read the file" in missing.output


def test_check_reports_ok_for_the_real_files():
    for path in REAL_FILES:
        result = run("check", str(path))

        assert result.exit_code == 0 and result.output.endswith(": ok\n")


def test_check_lists_every_problem_with_its_line(tmp_path):
    path = tmp_path / "limits.pb"
    path.write_text(pb_text("1;10;a\n2;10;b\n", "a;1\nb;1,2\n",
                            meta="max_length;1\nnum_votes;3\n"), encoding="utf-8")

    result = run("check", str(path))

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}:6: META says num_votes 3, the file has 2",
        f"{path}:14: vote names 2 projects, more than max_length 1",
    ]
