"""`python -m forum.budgeting.tally FILE.pb [--rule RULE] [--json]`: `flask pb tally`, no app."""

from .cli import tally_command

tally_command(prog_name="python -m forum.budgeting.tally")
