"""Voting by keyboard only, with the live total (htmx) and with JavaScript off."""

from __future__ import annotations

import pytest

from tests.browser.axe import describe, violations
from tests.browser.conftest import new_context
from tests.browser.test_keyboard_and_no_js import _tab_to, _tab_to_button


def _vote_url(live_server) -> str:
    world = live_server.world
    return f"/en/forums/{world.forum_slug}/budgeting/{world.ids['cycle']}/vote"


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_voting_with_the_keyboard_only(browser, live_server, javascript):
    role = "resident" if javascript else "admin"  # two different voters
    context = new_context(browser, live_server, role, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(_vote_url(live_server))
    item = live_server.world.ids["ballot_item"]
    _tab_to(page, f"item-{item}", limit=80)
    page.keyboard.press("Space")
    if javascript:  # the total updates as you choose, without sending the vote
        page.wait_for_function("() => document.querySelector('#ballot-total')"
                               ".textContent.includes('1 item chosen')")
    else:
        _tab_to_button(page, "Check my choices")
        page.keyboard.press("Enter")
        page.wait_for_selector("text=1 item chosen")
    _tab_to_button(page, "Cast my vote")
    page.keyboard.press("Enter")
    page.wait_for_selector(".receipt")
    assert len(page.inner_text(".receipt").strip()) == 14
    context.close()


def _demo_cycle(live_server, phases: tuple[str, ...]) -> tuple[int, int]:
    """A demo cycle of Tetovo in one of the phases, and its number of items on the ballot."""
    from sqlalchemy import select

    from forum.budgeting.models import Cycle
    from forum.extensions import db
    from forum.forums.models import Forum

    with live_server.app.app_context():
        found = db.session.scalars(select(Cycle).join(Forum).where(
            Forum.slug == "tetovo", Cycle.phase.in_(phases))).first()
        return found.id, found.max_length


OVERFLOW = """() => {
  const wide = [];
  for (const el of document.querySelectorAll('main *')) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > window.innerWidth + 0.5
        && !el.closest('.visually-hidden')) wide.push(el.tagName + '.' + el.className);
  }
  return {page: document.documentElement.scrollWidth, wide: wide.slice(0, 5)};
}"""


def _no_overflow(page, what: str) -> None:
    found = page.evaluate(OVERFLOW)
    assert found["page"] <= 320 and not found["wide"], f"{what} is wider than 320 px: {found}"


def _not_covering(page) -> None:
    total = page.locator("#ballot-total")
    assert total.bounding_box()["height"] <= 100
    for button in page.locator("form.ballot button").all():
        button.scroll_into_view_if_needed()
        over, under = total.bounding_box(), button.bounding_box()
        assert over["y"] + over["height"] <= under["y"] or under["y"] + under["height"] <= over["y"]


def _choose_one_too_many(page, max_length: int) -> None:
    boxes = page.locator(".ballot-items input[type=checkbox]")
    for index in range(max_length + 1):
        boxes.nth(index).check()


def test_results_fit_a_320_px_phone_with_the_reason_on_screen(browser, live_server):
    cycle_id, _max = _demo_cycle(live_server, ("results", "implementation"))
    context = new_context(browser, live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for lang in ("rom", "sq", "mk"):
        page.goto(f"/{lang}/forums/tetovo/budgeting/{cycle_id}/results")
        _no_overflow(page, f"{lang} results")
        box = page.locator(".result.unfunded p").last.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    found = violations(page)
    assert not found, describe(found)
    context.close()


@pytest.mark.parametrize("sent", [False, True], ids=["live-total", "after-check"])
def test_ballot_on_a_320_px_phone_total_never_covers_the_button(browser, live_server, sent):
    cycle_id, max_length = _demo_cycle(live_server, ("voting",))
    context = new_context(browser, live_server, "resident",
                          viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"/rom/forums/tetovo/budgeting/{cycle_id}/vote")
    _choose_one_too_many(page, max_length)
    page.wait_for_selector("#ballot-problems .field-error")  # htmx put it on the list
    if sent:
        page.locator("button[name=check]").click()
        page.wait_for_selector(".error-summary")
    _no_overflow(page, "the ballot")
    _not_covering(page)
    found = violations(page)
    assert not found, describe(found)
    context.close()


def test_ballot_without_javascript_shows_the_problem_at_the_top_and_on_the_list(
        browser, live_server):
    cycle_id, max_length = _demo_cycle(live_server, ("voting",))
    context = new_context(browser, live_server, "member", java_script_enabled=False,
                          viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"/sq/forums/tetovo/budgeting/{cycle_id}/vote")
    _choose_one_too_many(page, max_length)
    page.locator("button[name=check]").click()
    page.wait_for_selector(".error-summary")
    assert page.locator("#ballot-problems .field-error").is_visible()
    _not_covering(page)
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_the_total_never_says_nothing_is_chosen_after_a_tick(browser, live_server, javascript):
    """Without JavaScript the total cannot follow the ticks: it waits for "Check my choices"."""
    cycle_id, _max_length = _demo_cycle(live_server, ("voting",))
    context = new_context(browser, live_server, "member", java_script_enabled=javascript,
                          viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"/en/forums/tetovo/budgeting/{cycle_id}/vote")
    page.locator(".ballot-items input[type=checkbox]").first.check()
    if javascript:
        page.wait_for_function("() => document.querySelector('#ballot-total')"
                               ".textContent.includes('1 item chosen')")
        assert not page.get_by_text("to add up what you chose").is_visible()
    else:
        assert not page.locator("#ballot-total").is_visible()
        assert page.get_by_text("Press “Check my choices” to add up what you chose.").is_visible()
        page.locator("button[name=check]").click()
        assert "1 item chosen" in page.locator("#ballot-total").inner_text()
    context.close()
