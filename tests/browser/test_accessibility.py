"""Every page in every language: zero axe-core WCAG 2.1 AA violations, and no sideways
scrolling on a 320 px wide screen."""

from __future__ import annotations

import pytest
from flask import url_for

from forum.i18n import LANGUAGES
from tests.access import all_cases
from tests.browser.axe import describe, violations
from tests.browser.conftest import new_context

PAGES = [case for case in all_cases() if case.page_as]
ROLES = sorted({case.page_as for case in PAGES})


@pytest.fixture(scope="module")
def role_pages(browser, live_server):
    contexts = {role: new_context(browser, live_server, role) for role in ROLES}
    pages = {role: context.new_page() for role, context in contexts.items()}
    yield pages
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("case", PAGES, ids=[case.endpoint for case in PAGES])
def test_page_has_no_accessibility_violations(live_server, role_pages, case, language):
    with live_server.app.test_request_context():
        path = url_for(case.endpoint, lang=language, **case.args(live_server.world))
    page = role_pages[case.page_as]
    page.set_viewport_size({"width": 1280, "height": 900})
    response = page.goto(path)
    assert response.status == 200, f"{path}: {response.status}"
    found = violations(page)
    assert not found, f"{path}\n{describe(found)}"
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"{path} is {width}px wide on a 320px screen"
