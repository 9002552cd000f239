"""Every URL carries its language; `/` picks one by cookie, then Accept-Language."""

from __future__ import annotations

import pytest

from tests.helpers import text_of


@pytest.mark.parametrize(("header", "expected"), [
    ("sq-MK,sq;q=0.9,en;q=0.5", "/sq/"),
    ("mk", "/mk/"),
    ("sr-Latn-RS,sr;q=0.8", "/sr-Latn/"),
    ("sr-RS", "/sr/"),
    ("sr-Cyrl-BA", "/sr/"),
    ("rmy", "/rom/"),
    ("rmn-MK", "/rom/"),
    ("rom", "/rom/"),
    ("ro-RO", "/en/"),  # Romanian is not Romani
    ("rm-CH", "/en/"),  # nor is Romansh
    ("de-DE,fr;q=0.5", "/en/"),
    ("de-DE,mk;q=0.3", "/mk/"),
])
def test_front_door_follows_accept_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(expected)
    assert "Accept-Language" in response.headers["Vary"]


def test_cookie_wins_over_accept_language(client):
    client.get("/rom/")  # visiting a language remembers it
    response = client.get("/", headers={"Accept-Language": "mk"})
    assert response.headers["Location"].endswith("/rom/")


def test_unknown_language_prefix_is_a_404_not_a_500(client):
    for path in ("/xx/", "/ro/", "/sr-Cyrl/", "/en-GB/", "/SQ/"):
        assert client.get(path).status_code == 404


def test_underscore_spelling_of_latin_serbian_is_accepted(client):
    page = text_of(client.get("/sr_Latn/"))
    assert '<html lang="sr-Latn"' in page


@pytest.mark.parametrize(("prefix", "lang"), [
    ("sq", "sq"), ("mk", "mk"), ("sr", "sr"), ("sr-Latn", "sr-Latn"), ("rom", "rom"),
    ("en", "en")])
def test_page_declares_its_language_and_alternates(client, prefix, lang):
    response = client.get(f"/{prefix}/accounts/sign-in")
    page = text_of(response)
    assert f'<html lang="{lang}"' in page
    assert response.headers["Content-Language"] == lang
    for tag, url in (("sq", "/sq/"), ("sr-Latn", "/sr-Latn/"), ("rom", "/rom/")):
        assert f'<link rel="alternate" hreflang="{tag}" href="{url}accounts/sign-in">' in page


def test_language_switcher_names_each_language_in_itself_and_keeps_the_page(client):
    page = text_of(client.get("/en/accounts/register?next=/en/"))
    for href, name in (("/sq/accounts/register", "shqip"), ("/mk/accounts/register", "македонски"),
                       ("/sr/accounts/register", "српски"),
                       ("/sr-Latn/accounts/register", "srpski"),
                       ("/rom/accounts/register", "romani čhib")):
        assert f'<a href="{href}?next=/en/"' in page
        assert f">{name}</a>" in page


def test_error_pages_speak_the_language_of_the_address(client):
    page = text_of(client.get("/sq/no-such-page"))
    assert '<html lang="sq"' in page
