"""Error pages: the right status, in the reader's language, never a stack trace."""

from __future__ import annotations

from tests.conftest import make_app
from tests.helpers import text_of


def test_unknown_page_and_unknown_id_are_404(client):
    assert client.get("/en/forums/nowhere/").status_code == 404
    assert client.get("/en/forums/nowhere/members/1").status_code == 404
    assert client.get("/rom/there-is-nothing-here").status_code == 404


def test_wrong_method_is_405_with_a_page(client):
    response = client.get("/en/accounts/sign-out")
    assert response.status_code == 405
    assert "Not allowed this way" in text_of(response)
    assert "Allow" in response.headers


def test_oversized_body_is_413(client):
    response = client.post("/en/accounts/sign-in", data={"email": "x" * (9 * 1024 * 1024)})
    assert response.status_code == 413
    assert "Too large" in text_of(response)


def test_unexpected_error_shows_a_friendly_500_without_details(database_url):
    app = make_app(database_url, PROPAGATE_EXCEPTIONS=False)

    @app.get("/en/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/en/boom")
    assert response.status_code == 500
    page = text_of(response)
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_error_page_is_in_the_language_of_the_address(client):
    english = text_of(client.get("/en/forums/nowhere/"))
    macedonian = text_of(client.get("/mk/forums/nowhere/"))
    assert '<html lang="mk"' in macedonian
    assert "Page not found" in english and "Page not found" not in macedonian
