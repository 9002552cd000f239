"""Invitations, joining, membership settings, leaving, and the secretariat's member list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.extensions import db
from forum.forums.models import Invitation, Membership
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import link_in, outbox, text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", name="Forum F")
        secretariat = create_user(email="sec@example.org")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        newcomer = create_user(email="new@example.org", display_name="Newcomer")
        return forum, secretariat, newcomer


def _invite(client, secretariat, email="new@example.org", role="member", language="sq"):
    sign_in_as(client, secretariat)
    return client.post("/en/forums/f/members/invite",
                       data={"email": email, "role": role, "organisation": "Roma Women NGO",
                             "sector": "ngo", "language": language})


def test_invitation_is_mailed_in_its_language_accepted_and_logged(app, client, setting):
    _forum, secretariat, newcomer = setting
    assert _invite(client, secretariat).status_code == 302
    [message] = outbox(app, "new@example.org")
    assert message.language == "sq"
    path = link_in(message.body)
    assert path.startswith("/sq/forums/f/invitations/")
    client.post("/en/accounts/sign-out")
    assert client.get(path).status_code == 302  # sign in first
    sign_in_as(client, newcomer)
    page = text_of(client.get(path))
    assert 'value="Roma Women NGO"' in page
    response = client.post(path, data={"organisation": "Roma Women NGO", "sector": "ngo",
                                       "name_public": "y"})
    assert response.status_code == 302
    with app.app_context():
        membership = db.session.scalar(select(Membership).where(
            Membership.user_id == newcomer.id))
        assert (membership.role, membership.sector, membership.name_public) == (
            "member", "ngo", True)
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert actions == ["member.invite"]
    used = client.get(path)
    assert used.status_code == 400 and "used already" in text_of(client.get(
        path.replace("/sq/", "/en/")))


def test_expired_and_withdrawn_invitations_are_explained(app, client, setting):
    _forum, secretariat, newcomer = setting
    _invite(client, secretariat, language="en")
    path = link_in(outbox(app)[0].body)
    with app.app_context():
        invitation = db.session.scalar(select(Invitation))
    assert client.post(f"/en/forums/f/invitations/{invitation.id}/revoke").status_code == 302
    sign_in_as(client, newcomer)
    assert "withdrawn" in text_of(client.get(path))
    with app.app_context():
        db.session.execute(update(Invitation).values(revoked_at=None,
                                                     expires_at=utcnow() - timedelta(days=1)))
        db.session.commit()
    assert "expired" in text_of(client.get(path))
    assert client.get("/en/forums/f/invitations/made-up").status_code == 400


def test_invite_form_errors_keep_what_was_typed(client, setting):
    _forum, secretariat, _newcomer = setting
    response = _invite(client, secretariat, email="not an address")
    assert response.status_code == 400
    page = text_of(response)
    assert 'value="Roma Women NGO"' in page and "error-summary" in page


def test_the_last_secretariat_cannot_leave_or_be_demoted(app, client, setting):
    _forum, secretariat, _newcomer = setting
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id))
    sign_in_as(client, secretariat)
    client.post("/en/forums/f/membership/leave")
    response = client.post(f"/en/forums/f/members/{membership_id}",
                           data={"role": "member", "organisation": "", "sector": "ngo"})
    assert response.status_code == 400
    assert "at least one person in its secretariat" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Membership.role)) == "secretariat"


def test_member_changes_own_details_and_leaves(app, client, setting):
    forum, _secretariat, newcomer = setting
    with app.app_context():
        add_member(forum, newcomer)
    sign_in_as(client, newcomer)
    client.post("/en/forums/f/membership", data={"organisation": "School 5", "sector": "school",
                                                  "name_public": "y"})
    assert "Newcomer — School 5" in text_of(client.get("/en/forums/f/"))
    assert client.post("/en/forums/f/membership/leave").status_code == 302
    assert "Newcomer — School 5" not in text_of(client.get("/en/forums/f/"))


def test_secretariat_changes_and_removes_members_with_an_audit_trail(app, client, setting):
    forum, secretariat, newcomer = setting
    with app.app_context():
        membership = add_member(forum, newcomer, organisation="Old", sector="other")
    sign_in_as(client, secretariat)
    client.post(f"/en/forums/f/members/{membership.id}",
                data={"role": "member", "organisation": "New", "sector": "health"})
    client.post(f"/en/forums/f/members/{membership.id}/remove")
    log = text_of(client.get("/en/forums/f/audit"))
    assert "Member&#39;s details changed" in log or "Member's details changed" in log
    assert "Old → New" in log and "other → health" in log
    assert "Member removed" in log
    with app.app_context():
        assert db.session.get(Membership, membership.id) is None


def test_a_membership_of_another_forum_is_not_found(app, client, setting):
    _forum, secretariat, newcomer = setting
    with app.app_context():
        other = create_forum(slug="other")
        elsewhere = add_member(other, newcomer)
    sign_in_as(client, secretariat)
    assert client.get(f"/en/forums/f/members/{elsewhere.id}").status_code == 404
    assert client.get("/en/forums/f/members/999999").status_code == 404
