"""forum: the platform on which municipalities run their Forums for Social Dialogue."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Flask loads with the app, not with every module of the package
    from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: configuration, then extensions, then blueprints, then commands."""
    from forum import config
    from forum.core import security
    from forum.core.static import ForumFlask

    app = ForumFlask(__name__, instance_path=str(ROOT / "instance"), instance_relative_config=True,
                template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"))
    config.load(app, overrides)
    security.check_production_config(app.config, config.DEFAULT_SECRET_KEY)
    security.trust_proxies(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _init_extensions(app: Flask) -> None:
    from sqlalchemy import event

    from forum.accounts.sessions import init_login
    from forum.core import errors, mail, once, pagecache, security, templating
    from forum.core.db import sqlite_configurer
    from forum.extensions import compress, csrf, db, htmx, limiter
    from forum.i18n import web

    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect",
                         sqlite_configurer(app.config["SQLITE_SYNCHRONOUS"]))
    csrf.init_app(app)
    limiter.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    web.init_app(app)
    init_login(app)
    once.init_app(app)
    templating.init_app(app)
    pagecache.init_app(app)
    errors.register(app)
    app.after_request(security.add_security_headers)
    app.extensions["task_modules"] = TASKS  # imported by the queue on first use
    if "forum.core.queue" in sys.modules:  # already loaded: the newest app's storage it is
        sys.modules["forum.core.queue"].bind(app)
    app.after_request(mail.enqueue_after_request)


# (module with `bp`, URL prefix): one line per area.
BLUEPRINTS = [
    ("forum.core.views", None),
    ("forum.accounts.views", "/<lang:lang>/accounts"),
    ("forum.forums.views", "/<lang:lang>"),
    ("forum.meetings.views", "/<lang:lang>"),
    ("forum.proposals.views", "/<lang:lang>"),
    ("forum.minutes.views", "/<lang:lang>"),
    ("forum.budgeting.views", "/<lang:lang>"),
    ("forum.desk.views", "/<lang:lang>"),
    ("forum.plans.views", "/<lang:lang>"),
]

# The modules whose tasks the worker runs (`flask worker`).
TASKS = ["forum.core.tasks", "forum.accounts.tasks", "forum.meetings.tasks",
         "forum.budgeting.tasks", "forum.desk.tasks", "forum.plans.tasks"]

# (module, attribute): the `flask` command groups and commands.
COMMANDS = [
    ("forum.i18n.catalogs", "translate"),
    ("forum.core.mail", "outbox_cli"),
    ("forum.core.files", "files_cli"),
    ("forum.core.retention", "forget_expired_command"),
    ("forum.core.queue", "worker_command"),
    ("forum.demo", "demo_command"),
    ("forum.meetings.reminders", "send_reminders_command"),
    ("forum.budgeting.cli", "pb"),
    ("forum.budgeting.cli", "budgeting"),
]


def _register_blueprints(app: Flask) -> None:
    for module_name, prefix in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(module_name).bp, url_prefix=prefix)


def _register_commands(app: Flask) -> None:
    from forum.core.commands import LazyCommands

    app.cli = LazyCommands(app, COMMANDS)
