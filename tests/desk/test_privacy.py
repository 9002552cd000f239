"""A person's cases in their data download and at account deletion, and contact details deleted
the configured number of days after a case is closed (by the worker's periodic job)."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.accounts.models import User
from forum.accounts.services import delete_account
from forum.core.db import utcnow
from forum.core.models import AuditEntry
from forum.desk import tasks
from forum.desk.filing import token_hash
from forum.desk.models import Case
from forum.extensions import db
from forum.forums.models import Forum
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.desk import create_case

CONTACT = {"contact_name": "Ramiz", "contact_email": "ramiz@example.org",
           "contact_phone": "065 111 222"}


def _make(app, desk, **values) -> int:
    with app.app_context():
        return create_case(db.session.get(Forum, desk.forum_id), **CONTACT, **values).id


def test_the_data_download_holds_the_persons_cases(app, client, desk):
    _make(app, desk, filed_by_id=desk.resident, description="My own words.")
    _make(app, desk, description="Someone else's words.")
    sign_in_as(client, desk.resident)
    data = json.loads(client.get("/en/accounts/account/data.json").get_data(as_text=True))
    [case] = data["desk_cases"]
    assert case["description"] == "My own words." and case["contact"]["phone"] == "065 111 222"


def test_deleting_the_account_cuts_every_tie_from_their_cases(app, desk):
    case_id = _make(app, desk, filed_by_id=desk.resident, token="their-token-123456789")
    with app.app_context():
        delete_account(db.session.get(User, desk.resident))
        case = db.session.get(Case, case_id)
        assert case.filed_by_id is None and case.token_hash is None
        assert (case.contact_name, case.contact_email, case.contact_phone) == ("", "", "")
        assert case.description  # the desk may still be acting on what was told


def test_contact_details_go_the_configured_days_after_closing(app, client, desk):
    long_ago = utcnow() - timedelta(days=91)
    old = _make(app, desk, status="closed", closed_at=long_ago, token="old-token-123456789")
    rejected = _make(app, desk, status="not_admissible", closed_at=long_ago)
    recent = _make(app, desk, status="closed", closed_at=utcnow() - timedelta(days=10))
    still_open = _make(app, desk, status="in_progress")
    assert tasks.erase_expired_contacts.call_local() == 2
    with app.app_context():
        for case_id in (old, rejected):
            case = db.session.get(Case, case_id)
            assert case.contact_email == "" and case.contact_erased_at is not None
            assert case.token_hash is None
        for case_id in (recent, still_open):
            assert db.session.get(Case, case_id).contact_email == "ramiz@example.org"
        assert db.session.scalar(select(Case.id).where(
            Case.token_hash == token_hash("old-token-123456789"))) is None
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "desk.contact_erased")).all()
        assert len(entries) == 2 and all(e.actor_id is None for e in entries)
    assert client.get("/en/forums/bijeljina/desk/follow/old-token-123456789").status_code == 404
    assert tasks.erase_expired_contacts.call_local() == 0  # idempotent
