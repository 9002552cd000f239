"""`flask demo`: load the demonstration forums once (idempotent) and print the demo sign-ins."""

from __future__ import annotations

import importlib

import click
from flask.cli import with_appcontext

# Each area seeds its own part, in this order; later areas use what earlier ones made.
SEEDERS = ["forum.forums.demo", "forum.meetings.demo", "forum.minutes.demo",
           "forum.proposals.demo", "forum.budgeting.demo", "forum.desk.demo",
           "forum.plans.demo", "forum.plans.demo_bijeljina"]


class DemoContext(dict):
    """What seeders hand on to each other: users by key, forums by slug."""


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Load the demo forums (Tetovo, Roskovec, Bijeljina) unless they exist; print sign-ins."""
    context = DemoContext()
    for module_name in SEEDERS:
        importlib.import_module(module_name).seed(context)
    click.echo(sign_in_sheet(context))


def sign_in_sheet(context: DemoContext) -> str:
    lines = ["", f"Demo sign-ins (password for all: {context['password']})", ""]
    for email, description in context["sign_ins"].values():
        lines.append(f"  {description:<44} {email}")
    return "\n".join(lines) + "\n"
