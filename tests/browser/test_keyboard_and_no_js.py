"""Signing up and in with the keyboard only, and with JavaScript turned off."""

from __future__ import annotations

import itertools

from tests.browser.conftest import new_context

_numbers = itertools.count(1)


def _tab_to(page, element_id: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement && document.activeElement.id") \
                == element_id:
            return
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def _tab_to_button(page, text: str, limit: int = 40) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.tagName") == "BUTTON" and \
                text in page.evaluate("() => document.activeElement.textContent"):
            return
    raise AssertionError(f"button {text!r} cannot be reached with Tab")


def test_skip_link_is_the_first_stop_and_moves_to_the_content(anonymous_page):
    page = anonymous_page
    page.goto("/en/accounts/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


def test_sign_up_and_sign_in_with_the_keyboard_only(anonymous_page):
    page = anonymous_page
    email = f"keyboard{next(_numbers)}@example.org"
    page.goto("/en/accounts/register")
    _tab_to(page, "display_name")
    page.keyboard.type("Keyboard User")
    _tab_to(page, "email")
    page.keyboard.type(email)
    _tab_to(page, "password")
    page.keyboard.type("tri bare phuva")
    _tab_to_button(page, "Create my account")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/accounts/register/sent")
    assert email in page.inner_text("main")  # look in your e-mail; nobody is signed in yet
    page.goto("/en/accounts/sign-in")
    _tab_to(page, "email")
    page.keyboard.type(email)
    _tab_to(page, "password")
    page.keyboard.type("tri bare phuva")
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/")
    assert "Keyboard User" in page.inner_text("header")
    _tab_to_button(page, "Sign out")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Sign in" in page.inner_text("header")


def test_errors_are_announced_and_focused_with_javascript(anonymous_page):
    page = anonymous_page
    page.goto("/en/accounts/register")
    page.click("button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("() => document.activeElement.className") == "error-summary"
    assert page.get_attribute("#email", "aria-invalid") == "true"


def test_sign_up_and_sign_in_without_javascript(browser, live_server):
    context = new_context(browser, live_server, java_script_enabled=False)
    page = context.new_page()
    email = f"nojs{next(_numbers)}@example.org"
    page.goto("/sq/accounts/register")
    page.fill("#display_name", "Pa JavaScript")
    page.fill("#email", email)
    page.fill("#password", "short")
    page.click("button[type=submit]")
    assert page.locator(".error-summary").count() == 1
    assert page.input_value("#display_name") == "Pa JavaScript"  # kept
    page.fill("#password", "tri bare phuva")
    page.click("button[type=submit]")
    assert email in page.inner_text("main")  # look in your e-mail, with a way to sign in
    page.click("main a.button")
    page.fill("#email", email)
    page.fill("#password", "tri bare phuva")
    page.click("main button[type=submit]")
    assert "Pa JavaScript" in page.inner_text("header")
    page.click("header button.link-button")  # sign out is a form
    assert "Pa JavaScript" not in page.inner_text("header")
    context.close()
