"""Every route answered for every role as the table in tests/access.py says."""

from __future__ import annotations

import pytest
from flask import url_for

from tests.access import SIGN_IN, all_cases
from tests.conftest import empty_all_tables
from tests.fixtures.world import ROLES, build_world

CASES = all_cases()
IGNORED_ENDPOINTS = {"static"}


def _answer(app, world, case, role) -> str | None:
    """None when the route answers this role as expected, else what went wrong."""
    client = app.test_client()
    world.sign_in(client, role)
    with app.test_request_context():
        url = url_for(case.endpoint, lang="en", **case.args(world))
    headers = {"HX-Request": "true"} if case.htmx else {}
    response = client.open(url, method=case.method, data=case.data(world) if case.data else {},
                           headers=headers)
    expected, status = case.expect[role], response.status_code
    if expected == SIGN_IN and case.htmx:  # htmx is told where to go, not redirected
        ok = status == 401 and "/accounts/sign-in" in response.headers.get("HX-Redirect", "")
    elif expected == SIGN_IN:
        ok = status == 302 and "/accounts/sign-in" in response.headers.get("Location", "")
    else:
        ok = status == expected
    return None if ok else f"{role}: expected {expected}, got {status} {response.data[:200]!r}"


def _fresh_world(app):
    with app.app_context():
        empty_all_tables()
        return build_world()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_route_answers_every_role_as_the_table_says(app, case):
    """GETs change nothing, so one world serves every role; each write gets a fresh world."""
    world = _fresh_world(app)
    problems = []
    for role in ROLES:
        if case.method != "GET" and role != ROLES[0]:
            world = _fresh_world(app)
        problem = _answer(app, world, case, role)
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


def test_every_route_of_the_app_is_in_the_table(app):
    covered = {(case.endpoint, case.method) for case in CASES}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in IGNORED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if (rule.endpoint, method) not in covered:
                missing.append(f"{method} {rule.rule} ({rule.endpoint})")
    assert not missing, "routes without access expectations:\n" + "\n".join(missing)
