"""Creating and editing forums, translating them, and the audit log of those writes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core.models import AuditEntry
from forum.extensions import db
from forum.forums.models import Forum
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import outbox, text_of

FORUM = {"name": "Forum Bijeljina", "language": "sr_Latn", "description": "O forumu",
         "country": "BA", "municipality": "Bijeljina", "timezone": "Europe/Sarajevo",
         "languages": ["sr", "sr_Latn", "rom"], "currency": "BAM"}


@pytest.fixture
def admin(app):
    with app.app_context():
        return create_user(email="admin@example.org", is_admin=True)


def test_admin_creates_a_forum_and_invites_its_secretariat(app, client, admin):
    sign_in_as(client, admin)
    response = client.post("/en/forums/new", data={**FORUM, "slug": "bijeljina",
                                                   "secretariat_email": "sec@example.org"})
    assert response.status_code == 302
    with app.app_context():
        forum = db.session.scalar(select(Forum))
        assert (forum.slug, forum.timezone, forum.languages) == (
            "bijeljina", "Europe/Sarajevo", ["sr", "sr_Latn", "rom"])
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
        assert actions == ["forum.create", "member.invite"]
    assert len(outbox(app, "sec@example.org")) == 1


def test_slug_must_be_free_and_well_formed(app, client, admin):
    with app.app_context():
        create_forum(slug="taken")
    sign_in_as(client, admin)
    for slug, message in (("taken", "Another forum uses this short name."),
                          ("Not Good", "Use only small letters"),
                          ("new", "This short name is reserved.")):
        response = client.post("/en/forums/new", data={**FORUM, "slug": slug,
                                                       "secretariat_email": "a@example.org"})
        assert response.status_code == 400
        assert message in text_of(response)


def test_secretariat_edits_the_forum_and_the_log_shows_before_and_after(app, client):
    with app.app_context():
        forum = create_forum(slug="f", name="Old name")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/f/settings", data={**FORUM, "name": "New name"})
    assert response.status_code == 302
    log = text_of(client.get("/en/forums/f/audit"))
    assert "Forum details changed" in log and "Old name → New name" in log
    assert secretariat.display_name in log


def test_invalid_time_zone_or_missing_language_is_refused(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/f/settings",
                           data={**FORUM, "timezone": "Mars/Olympus", "languages": []})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Forum, forum.id).timezone == "Europe/Skopje"


def test_translation_is_saved_shown_and_logged(app, client):
    with app.app_context():
        forum = create_forum(slug="f", name="Forum", language="en")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
    sign_in_as(client, secretariat)
    response = client.post("/en/forums/f/translations",
                           data={"target": "rom", "name": "Forumi romanes",
                                 "description": "Kotar o forumi"})
    assert response.status_code == 302
    assert '<h1 lang="rom">Forumi romanes</h1>' in text_of(client.get("/rom/forums/f/"))
    assert "Forum translation changed" in text_of(client.get("/en/forums/f/audit"))


def test_audit_log_belongs_to_its_forum(app, client):
    with app.app_context():
        mine, other = create_forum(slug="mine"), create_forum(slug="theirs")
        secretariat = create_user()
        add_member(mine, secretariat, role="secretariat")
        from forum.core import audit

        audit.record("forum.update", forum=other, changes={"name": ["Secret old", "x"]})
        db.session.commit()
    sign_in_as(client, secretariat)
    assert "Secret old" not in text_of(client.get("/en/forums/mine/audit"))
    assert client.get("/en/forums/theirs/audit").status_code == 403
