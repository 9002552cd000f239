"""`flask pb tally/check` and `python -m forum.budgeting.tally`: pabulib files on the command line.

Nothing here needs the web app or its configuration (a plain click group, not Flask's), so a
researcher can count a file from any folder.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import click

from .engine import Outcome, tally
from .model import format_amount
from .pabulib import PabulibError, read_pb
from .rules import RuleError
from .ties import DEFAULT_TIE_BREAK, TieBreakError, parse_tie_break
from .validate import validate

pb = click.Group("pb", help="Participatory budgeting files (pabulib format).")


def _fail(path: str, line: int, message: str) -> None:
    click.echo(f"{path}:{line}: {message}", err=True)
    raise SystemExit(1)


def _share(value: Fraction, scale: int) -> str:
    """A per-voter share in currency units: exact when it is, else to 1/100 of a minor unit."""
    units = value / scale
    if (units * scale).denominator == 1:
        return format_amount(int(units * scale), scale)
    return f"{float(units):.{len(str(scale)) + 1}f}"


def _as_json(outcome: Outcome) -> str:
    data = {
        "rule": outcome.rule,
        "selected": outcome.selected,
        "cost": format_amount(outcome.cost, outcome.scale),
        "tie_break": list(outcome.tie_break),
    }
    if outcome.per_voter_share is not None:
        data["per_voter_share"] = _share(outcome.per_voter_share, outcome.scale)
    if outcome.comparison is not None:
        data["comparison"] = {
            "prefer_equal_shares": outcome.comparison.prefer_equal_shares,
            "prefer_greedy": outcome.comparison.prefer_greedy,
            "switched_to_greedy": outcome.comparison.switched,
        }
    return json.dumps(data, ensure_ascii=False, indent=2)


@pb.command("tally")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--rule", help="Rule name (default: the file's META rule), e.g. equalshares/add1.")
@click.option("--tie-break", default=",".join(DEFAULT_TIE_BREAK), show_default=True,
              help="Tie-break order: cost, votes, id, id-text; '-' reverses one.")
@click.option("--json", "as_json", is_flag=True, help="Print rule, selected ids and cost as JSON.")
def tally_command(file: str, rule: str | None, tie_break: str, as_json: bool) -> None:
    """Print the projects FILE funds, one id per line, in funding order."""
    try:
        order = parse_tie_break(tie_break)
        election, _ = read_pb(Path(file))
        outcome = tally(election, rule, order)
    except PabulibError as error:
        _fail(file, error.line, error.message)
    except (RuleError, TieBreakError) as error:
        _fail(file, 0, str(error))
    except (OSError, UnicodeDecodeError) as error:
        _fail(file, 0, f"cannot read the file: {error}")
    if as_json:
        click.echo(_as_json(outcome))
    else:
        for project_id in outcome.selected:
            click.echo(project_id)


@pb.command("check")
@click.argument("file", type=click.Path(dir_okay=False))
def check_command(file: str) -> None:
    """Validate FILE and list its problems; exit with status 1 if there are any."""
    try:
        problems = validate(Path(file))
    except (OSError, UnicodeDecodeError) as error:
        _fail(file, 0, f"cannot read the file: {error}")
    for problem in problems:
        click.echo(f"{file}:{problem.line}: {problem.message}", err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"{file}: ok")
