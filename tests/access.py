"""The table of every route: who gets which answer, and which role views each page.

Each area lists its routes in `tests/<area>/routes.py` as `ROUTES`; `tests/core/test_access.py`
walks every route with every role, and fails when a route of the app is missing from the table.
The browser suite opens every page listed here (cases with `page_as`) in every language.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.fixtures.world import ROLES, World

SIGN_IN = "sign-in"  # anonymous readers are sent to the sign-in page


def everyone(status: int) -> dict:
    return dict.fromkeys(ROLES, status)


def signed_in(status: int) -> dict:
    return {**everyone(status), "anonymous": SIGN_IN}


def staff(status: int) -> dict:
    """Only the secretariat of this forum and administrators."""
    return {"anonymous": SIGN_IN, "resident": 403, "member": 403, "secretariat": status,
            "other_secretariat": 403, "admin": status}


def members(status: int, admin: int | None = None) -> dict:
    """Members and secretariat of this forum; administrators see it too unless said."""
    return {"anonymous": SIGN_IN, "resident": 403, "member": status, "secretariat": status,
            "other_secretariat": 403, "admin": status if admin is None else admin}


def admins(status: int) -> dict:
    return {"anonymous": SIGN_IN, "resident": 403, "member": 403, "secretariat": 403,
            "other_secretariat": 403, "admin": status}


@dataclass(frozen=True)
class RouteCase:
    endpoint: str
    method: str
    expect: dict
    args: Callable[[World], dict] = field(default=lambda w: {})
    data: Callable[[World], dict] | None = None
    page_as: str | None = None  # the role the browser suite views this page as
    htmx: bool = False

    @property
    def name(self) -> str:
        return f"{self.method} {self.endpoint}" + (" (htmx)" if self.htmx else "")


def all_cases() -> list[RouteCase]:
    cases = []
    for path in sorted(Path(__file__).parent.glob("*/routes.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.routes")
        cases.extend(module.ROUTES)
    return cases


def forum(world: World) -> dict:
    return {"slug": world.forum_slug}


def hidden_from_outsiders(status: int) -> dict:
    """A members-only thing: anonymous readers sign in, outsiders are told it is not there."""
    return {"anonymous": SIGN_IN, "resident": 404, "member": status, "secretariat": status,
            "other_secretariat": 404, "admin": status}
