"""Return paths: only a plain path on this site is ever followed."""

from __future__ import annotations

import pytest

from forum.core.redirects import safe_path


@pytest.mark.parametrize("target", [
    "/en/", "/sq/forums/tetovo/proposals?stage=open&q=vrtić", "/mk/accounts/account#email",
    "/rom/forums/tetovo/proposals/3", "/sr/форуми",
])
def test_paths_on_this_site_are_kept(target):
    assert safe_path(target) == target


@pytest.mark.parametrize("target", [
    None, "", "en/", "https://evil.example/", "//evil.example", "///evil.example",
    "/\\evil.example", "/\t/evil.example", "/\n/evil.example", "/a\r\nSet-Cookie: x=1",
    "/ /evil.example", "/\u202e/evil.example", "/\u200b/evil.example", "/\x00", "\\\\evil",
    "javascript:alert(1)", "http:/evil.example", "/" + "a" * 3000,
])
def test_other_hosts_schemes_and_control_characters_are_refused(target):
    assert safe_path(target) is None


def test_a_bare_question_mark_is_dropped():
    assert safe_path("/en/accounts/account?") == "/en/accounts/account"
