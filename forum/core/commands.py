"""The `flask` commands, imported when the command line asks for them, never by a web process."""

from __future__ import annotations

import importlib

import click
from flask.cli import AppGroup


class LazyCommands(AppGroup):
    """The app's command group: its commands (and `flask db`) are loaded on first look-up."""

    def __init__(self, app, commands: list[tuple[str, str]]):
        super().__init__()
        self._app = app
        self._pending = list(commands)

    def _load(self) -> None:
        if self._pending is None:
            return
        pending, self._pending = self._pending, None
        from forum.core import migrations

        migrations.enable(self._app)
        for module_name, attribute in pending:
            self.add_command(getattr(importlib.import_module(module_name), attribute))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        self._load()
        return super().get_command(ctx, name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load()
        return super().list_commands(ctx)
