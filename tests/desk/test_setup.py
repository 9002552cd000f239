"""Setting a desk up: the switch and rules, its staff, and the register of institutions; who may,
and bad input refused with a message."""

from __future__ import annotations

from sqlalchemy import select

from forum.core.models import AuditEntry
from forum.desk.models import DeskSettings, DeskStaff, Institution
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of

SETTINGS = "/en/forums/f/desk/settings"


def _rules(**changes) -> dict:
    data = {"enabled": "y", "response_days": 10, "keep_contact_days": 60, "prefix": "BN",
            "categories": ["documents", "housing", "violence"]}
    return {**data, **changes}


def test_the_secretariat_switches_a_desk_on_and_it_opens_to_everyone(app, client):
    with app.app_context():
        forum = create_forum(slug="f", name="Trebinje")
        clerk = create_user(display_name="Clerk", email="clerk@x.example.org")
        add_member(forum, clerk, role="secretariat")
    assert client.get("/en/forums/f/desk/").status_code == 404
    sign_in_as(client, clerk)
    assert client.post(SETTINGS, data=_rules()).status_code == 302
    with app.app_context():
        settings = db.session.get(DeskSettings, forum.id)
        assert (settings.enabled, settings.response_days, settings.prefix) == (True, 10, "BN")
        assert db.session.scalar(select(AuditEntry.action)) == "desk.settings"
    home = text_of(client.get("/en/forums/f/"))
    assert 'href="/en/forums/f/desk/"' in home  # the forum's navigation has the desk
    form = text_of(client.get("/en/forums/f/desk/file"))
    assert "Housing" in form and "Employment" not in form


def test_bad_rules_are_refused(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        clerk = create_user(display_name="Clerk", email="clerk@x.example.org")
        add_member(forum, clerk, role="secretariat")
    sign_in_as(client, clerk)
    for bad in ({"response_days": 0}, {"response_days": 1000}, {"keep_contact_days": -1},
                {"prefix": "b1"}, {"prefix": "ABCDEFGHIJ"}, {"categories": []},
                {"categories": ["made-up"]}, {"response_days": "ten"}):
        assert client.post(SETTINGS, data=_rules(**bad)).status_code == 400, bad
    page = text_of(client.post(SETTINGS, data=_rules(response_days="99999999999")))
    assert "Enter a number from 1 to 90." in page and "2147483647" not in page
    with app.app_context():
        assert db.session.get(DeskSettings, forum.id) is None


def test_staff_are_added_by_account_changed_and_removed(app, client, desk):
    url = "/en/forums/bijeljina/desk/staff"
    sign_in_as(client, desk.head)
    response = client.post(url, data={"email": "nobody@x.example.org", "role": "helper"})
    assert response.status_code == 400
    assert "Nobody has an account with this e-mail address." in text_of(response)
    assert client.post(url, data={"email": "RES@desk.example.org", "role": "helper"}) \
        .status_code == 302
    assert client.post(url, data={"email": "res@desk.example.org", "role": "head"}) \
        .status_code == 302
    with app.app_context():
        staff = db.session.scalar(select(DeskStaff).where(DeskStaff.user_id == desk.resident))
        assert staff.role == "head"
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert actions == ["desk.staff_add", "desk.staff_change"]
    assert client.post(f"{url}/{staff.id}/remove").status_code == 302
    assert client.post(f"{url}/{staff.id}/remove").status_code == 404
    sign_in_as(client, desk.helper)
    assert client.get("/en/forums/bijeljina/desk/settings").status_code == 403


def test_the_register_of_institutions(app, client, desk):
    base = "/en/forums/bijeljina/desk/institutions"
    with app.app_context():
        other = create_forum(slug="other")
        theirs = Institution(forum_id=other.id, name="Elsewhere")
        db.session.add(theirs)
        db.session.commit()
    sign_in_as(client, desk.head)
    assert client.post(f"{base}/new", data={"name": "", "sector": "school"}).status_code == 400
    assert client.post(f"{base}/new", data={"name": "OŠ Sveti Sava", "sector": "bogus"}) \
        .status_code == 400
    response = client.post(f"{base}/new", data={
        "name": "OŠ Sveti Sava", "sector": "school", "address": "Bijeljina",
        "contact_person": "Director", "email": "skola@example.org", "phone": "055 123"})
    assert response.status_code == 302
    with app.app_context():
        school = db.session.scalar(select(Institution).where(Institution.name == "OŠ Sveti Sava"))
    assert "OŠ Sveti Sava" in text_of(client.get(base))
    assert client.post(f"{base}/{school.id}", data={
        "name": "OŠ Sveti Sava", "sector": "school", "retired": "y"}).status_code == 302
    assert "OŠ Sveti Sava" not in text_of(client.get("/en/forums/bijeljina/desk/file"))
    assert client.get(f"{base}/{theirs.id}").status_code == 404
