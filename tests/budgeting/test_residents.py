"""The resident register: verifying in person, importing a list with a report of bad lines."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from forum.budgeting.models import ResidentRecord
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of


@pytest.fixture
def secretariat(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        person = create_user()
        add_member(forum, person, role="secretariat")
        create_user(email="has.account@example.org")
    sign_in_as(client, person)
    return person


def _records(app):
    with app.app_context():
        return db.session.scalars(select(ResidentRecord).order_by(ResidentRecord.id)).all()


def test_verifying_in_person_links_an_account_by_e_mail(app, client, secretariat):
    missing = client.post("/en/forums/f/budgeting/residents", data={"email": "", "full_name": ""})
    assert missing.status_code == 400
    response = client.post("/en/forums/f/budgeting/residents",
                           data={"email": "Has.Account@example.org", "birth_year": 1990,
                                 "seen": "y"})
    assert response.status_code == 302
    [record] = _records(app)
    assert record.user_id is not None and record.verified_by_id == secretariat.id
    assert "Resident verified" in text_of(client.get("/en/forums/f/audit"))


def test_importing_a_list_reports_every_bad_line(app, client, secretariat):
    csv = ("email,name,birth_year\n"
           "a@example.org,Ana,1980\n"
           "not-an-email,Bad,1990\n"
           "b@example.org,Bo,1850\n"
           ",,\n"
           ",Only Name,\n"
           "a@example.org,Ana again,1981\n")
    response = client.post("/en/forums/f/budgeting/residents/import",
                           data={"file": (io.BytesIO(csv.encode()), "list.csv")},
                           content_type="multipart/form-data")
    page = text_of(response)
    assert "2 residents added." in page and "3 lines rejected." in page
    for line in ("Line 3:", "Line 4:", "Line 7:"):
        assert line in page
    assert {r.full_name for r in _records(app)} == {"Ana", "Only Name"}


def test_a_file_without_the_column_line_is_refused(app, client, secretariat):
    response = client.post("/en/forums/f/budgeting/residents/import",
                           data={"file": (io.BytesIO(b"a@example.org,Ana\n"), "list.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "must name the columns" in text_of(response)
    assert _records(app) == []
