"""Supporting: once per person (the database says so, also for two requests at once), taking it
back, without JavaScript and in place with htmx; never on a hidden or answered proposal."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forum.core.db import utcnow
from forum.extensions import db
from forum.proposals.models import Proposal, Support
from tests.conftest import make_app
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.proposals import add_answer, add_support, create_proposal
from tests.helpers import text_of


def _supports(app, proposal_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Support.id))
                                 .where(Support.proposal_id == proposal_id))


@pytest.fixture
def proposal(app, town):
    with app.app_context():
        return create_proposal(town.forum, town.resident, title="Street lights in Poroj")


def test_support_and_take_it_back_without_javascript(app, client, town, proposal):
    sign_in_as(client, town.neighbour)
    url = f"/en/forums/f/proposals/{proposal.id}"
    response = client.post(f"{url}/support")
    assert response.status_code == 302 and response.headers["Location"].endswith("#support")
    page = text_of(client.get(url))
    assert "Thank you for your support." in page and "1 person supports it" in page
    assert "Take my support back" in page
    client.post(f"{url}/support")
    assert "You already support this proposal." in text_of(client.get(url))
    assert _supports(app, proposal.id) == 1
    client.post(f"{url}/unsupport")
    page = text_of(client.get(url))
    assert "Your support is taken back." in page and "0 people support it" in page
    assert _supports(app, proposal.id) == 0


def test_an_author_cannot_support_their_own_proposal_and_is_told_why(app, client, town,
                                                                    proposal):
    sign_in_as(client, town.resident)
    url = f"/en/forums/f/proposals/{proposal.id}"
    page = text_of(client.get(url))
    assert "I support this proposal" not in page
    assert "You wrote this proposal, so you cannot support it. Other people can." in page
    refused = client.post(f"{url}/support")
    assert refused.status_code == 302
    assert "You wrote this proposal, so you cannot support it." in text_of(client.get(url))
    with_htmx = client.post(f"{url}/support", headers={"HX-Request": "true"})
    assert with_htmx.status_code == 409 and "cannot support it" in text_of(with_htmx)
    assert _supports(app, proposal.id) == 0


def test_with_htmx_only_the_support_box_comes_back(app, client, town, proposal):
    sign_in_as(client, town.neighbour)
    response = client.post(f"/en/forums/f/proposals/{proposal.id}/support",
                           headers={"HX-Request": "true"})
    body = text_of(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<section id="support"') and "<html" not in body
    assert "1 person supports it" in body and 'name="csrf_token"' in body
    assert 'id="support-button"' in body and "Take my support back" in body


def test_counts_use_the_plural_forms_of_each_language(app, client, town, proposal):
    from tests.fixtures.accounts import create_user

    with app.app_context():
        for _ in range(21):
            add_support(proposal, create_user())
    from babel.support import Translations

    from forum.i18n.catalogs import CATALOG_DIR

    for code in ("mk", "sr", "sq"):
        expected = Translations.load(str(CATALOG_DIR), [code]).ungettext(
            "%(num)d person supports it", "%(num)d people support it", 21) % {"num": 21}
        assert expected in text_of(client.get(f"/{code}/forums/f/proposals/{proposal.id}"))


def test_no_support_for_an_answered_or_hidden_proposal(app, client, town, proposal):
    with app.app_context():
        declined = create_proposal(town.forum, town.resident, title="Declined")
        add_answer(declined, "declined", "No money this year.")
        hidden = create_proposal(town.forum, town.neighbour, title="Hidden",
                                 hidden_at=utcnow())
    sign_in_as(client, town.member)
    refused = client.post(f"/sq/forums/f/proposals/{declined.id}/support",
                          headers={"HX-Request": "true"})
    assert refused.status_code == 409
    assert 'role="alert"' in text_of(refused)  # the reason, in the reader's language
    plain = client.post(f"/en/forums/f/proposals/{declined.id}/support",
                        follow_redirects=True)
    assert "supports can no longer change" in text_of(plain)
    assert client.post(f"/en/forums/f/proposals/{hidden.id}/support").status_code == 404
    sign_in_as(client, town.neighbour)  # even its author cannot gather support while hidden
    assert client.post(f"/en/forums/f/proposals/{hidden.id}/support",
                       headers={"HX-Request": "true"}).status_code == 409
    assert _supports(app, declined.id) == _supports(app, hidden.id) == 0


def test_anonymous_readers_are_asked_to_sign_in(app, client, town, proposal):
    page = text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    assert "Sign in to support this proposal." in page and "support-button" not in page
    response = client.post(f"/en/forums/f/proposals/{proposal.id}/support",
                           headers={"HX-Request": "true"})
    assert response.status_code == 401 and "/accounts/sign-in" in response.headers["HX-Redirect"]


@pytest.mark.postgres_only
def test_two_supports_at_once_by_one_person_count_once(database_url, is_postgres, town,
                                                       proposal):
    if not is_postgres:
        pytest.skip("needs PostgreSQL for real concurrent transactions")
    app = make_app(database_url)
    barrier = threading.Barrier(6)
    statuses = []

    def support() -> None:
        client = app.test_client()
        sign_in_as(client, town.neighbour)
        barrier.wait()
        statuses.append(client.post(f"/en/forums/f/proposals/{proposal.id}/support",
                                    headers={"HX-Request": "true"}).status_code)

    threads = [threading.Thread(target=support) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    assert _supports(app, proposal.id) == 1
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).status == "submitted"
