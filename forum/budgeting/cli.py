"""Budgeting commands: `flask pb export/import` (next to the tally's `pb tally/check`) and
`flask budgeting close-due/recompute`."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from forum.budgeting import moves, opendata, results
from forum.budgeting.models import Cycle
from forum.budgeting.tally.cli import pb
from forum.extensions import db
from forum.forums.models import Forum

budgeting = AppGroup("budgeting", help="Participatory budgeting cycles.")


def _cycle(cycle_id: int) -> Cycle:
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise click.ClickException(f"no budget cycle {cycle_id}")
    return cycle


@pb.command("export")
@click.argument("cycle_id", type=int)
@click.option("--area", type=int, default=None, help="The area's id, for a cycle with areas.")
@click.option("--out", type=click.File("w", encoding="utf-8"), default="-")
@with_appcontext
def export_command(cycle_id: int, area: int | None, out) -> None:
    """Write a cycle (one area of it) as a .pb file with random voter ids."""
    out.write(opendata.export_pb(_cycle(cycle_id), area))


@pb.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--forum", "slug", required=True, help="The forum's short name.")
@with_appcontext
def import_command(path: str, slug: str) -> None:
    """Load a .pb file as a closed cycle with its ballots and results; prints the funded ids."""
    forum = db.session.scalar(select(Forum).where(Forum.slug == slug))
    if forum is None:
        raise click.ClickException(f"no forum {slug!r}")
    try:
        cycle = opendata.import_pb(path, forum)
    except (opendata.ImportRefused, ValueError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"cycle {cycle.id}: {cycle.title}")
    for row in results.results_of(cycle):
        if row.funded:
            click.echo(row.item.external_ref or str(row.item_id))


@budgeting.command("close-due")
@with_appcontext
def close_due_command() -> None:
    """Close every cycle whose voting time is over and compute its results (the worker does it)."""
    click.echo(f"{results.close_due()} cycle(s) closed.")


@budgeting.command("open-due")
@with_appcontext
def open_due_command() -> None:
    """Open voting of every checked cycle whose planned time has come (the worker does it)."""
    click.echo(f"{moves.open_due()} cycle(s) opened.")


@budgeting.command("recompute")
@click.argument("cycle_id", type=int)
@with_appcontext
def recompute_command(cycle_id: int) -> None:
    """Count a closed cycle's ballots again and print each area's funded items."""
    try:
        counted = results.recompute(_cycle(cycle_id))
    except results.NothingToCount as refused:
        raise click.ClickException(f"cycle {cycle_id} has no results to count: it is in "
                                   f"phase {refused}") from refused
    for scope, summary in counted.items():
        click.echo(f"area {scope}: {' '.join(summary['selected'])}")
