"""Working a case: every open logged and shown to the head, assigning, notes, referrals with the
institution's reply, answers (e-mailed in the case's language), moves, two staff answering at
once, and who may not see a case."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from forum.core.models import AuditEntry
from forum.core.timezones import local_now
from forum.desk.models import Case, CaseOpen
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.desk import add_desk_staff, create_case, run_desk
from tests.fixtures.forums import create_forum
from tests.helpers import outbox, text_of

BASE = "/en/forums/bijeljina/desk/cases"


def _case(app, desk, **values) -> int:
    with app.app_context():
        from forum.forums.models import Forum

        forum = db.session.get(Forum, desk.forum_id)
        return create_case(forum, **values).id


def _get(app, case_id: int) -> Case:
    with app.app_context():
        case = db.session.get(Case, case_id)
        db.session.expunge(case)
        return case


def test_every_open_is_logged_and_only_the_head_sees_the_log(app, client, desk):
    case_id = _case(app, desk)
    sign_in_as(client, desk.helper)
    page = text_of(client.get(f"{BASE}/{case_id}"))
    assert "Who opened this case" not in page
    sign_in_as(client, desk.head)
    page = text_of(client.get(f"{BASE}/{case_id}"))
    assert "Who opened this case" in page and "Helper" in page
    with app.app_context():
        opens = db.session.scalars(select(CaseOpen.user_id).order_by(CaseOpen.id)).all()
    assert opens == [desk.helper, desk.head]


def test_sensitive_cases_are_hidden_from_helpers_not_assigned(app, client, desk):
    case_id = _case(app, desk, category="violence", description="He hit me.")
    sign_in_as(client, desk.helper)
    assert client.get(f"{BASE}/{case_id}").status_code == 404
    assert "He hit me" not in text_of(client.get(f"{BASE}?status=all"))
    assert _get(app, case_id).number not in text_of(client.get(f"{BASE}?status=all"))
    sign_in_as(client, desk.head)
    assert _get(app, case_id).number in text_of(client.get(BASE))
    client.post(f"{BASE}/{case_id}/assign", data={"assignee_id": desk.helper})
    sign_in_as(client, desk.helper)
    assert client.get(f"{BASE}/{case_id}").status_code == 200
    assert _get(app, case_id).number in text_of(client.get(BASE))


def test_staff_of_another_forum_and_the_secretariat_do_not_read_cases(app, client, desk):
    case_id = _case(app, desk)
    with app.app_context():
        other = create_forum(slug="trebinje", name="Trebinje")
        run_desk(other)
        stranger = create_user(display_name="Trebinje head", email="t@desk.example.org")
        add_desk_staff(other, stranger, "head")
    sign_in_as(client, stranger)
    assert client.get(f"{BASE}/{case_id}").status_code == 403
    assert client.get(f"/en/forums/trebinje/desk/cases/{case_id}").status_code == 404
    sign_in_as(client, desk.clerk)  # the forum's secretariat, not at the desk
    assert client.get(f"{BASE}/{case_id}").status_code == 403
    assert client.get("/en/forums/bijeljina/desk/settings").status_code == 200


def _days_ago(days: int) -> str:
    """A day in the forum's calendar (the test forum is in Skopje's time zone)."""
    return (local_now("Europe/Skopje").date() - timedelta(days=days)).isoformat()


def test_referrals_and_replies_are_dated_between_the_filing_and_today(app, client, desk):
    case_id = _case(app, desk, days_ago=10)
    sign_in_as(client, desk.head)
    refer = {"version": 1, "institution_id": desk.institution, "request": "Please enrol him."}
    for day in ("2099-01-01", _days_ago(40)):
        response = client.post(f"{BASE}/{case_id}/referrals", data={**refer, "referred_on": day})
        assert response.status_code == 400
        assert "Enter a date from" in text_of(response)
        assert "Please enrol him." in text_of(response)  # what was typed is kept
    assert client.post(f"{BASE}/{case_id}/referrals",
                       data={**refer, "referred_on": _days_ago(5)}).status_code == 302
    with app.app_context():
        referral_id = db.session.get(Case, case_id).referrals[0].id
    reply = f"{BASE}/{case_id}/referrals/{referral_id}/reply"
    for day in (_days_ago(6), "2099-01-01"):
        response = client.post(reply, data={"reply": "The class is full.", "replied_on": day})
        assert response.status_code == 400 and "Enter a date from" in text_of(response)
        assert "The class is full." in text_of(response)
    assert client.post(reply, data={"reply": "The class is full.",
                                     "replied_on": _days_ago(5)}).status_code == 302
    # a second tab recording the reply too is refused, shown the first, keeps its text
    response = client.post(reply, data={"reply": "Enrolled after all.", "replied_on": _days_ago(0)})
    assert response.status_code == 409
    page = text_of(response)
    assert "The class is full." in page and "Enrolled after all." in page
    with app.app_context():
        assert db.session.get(Case, case_id).referrals[0].reply == "The class is full."


def test_a_case_with_no_contact_says_only_that_there_is_no_consent(app, client, desk):
    case_id = _case(app, desk)
    sign_in_as(client, desk.head)
    page = text_of(client.get(f"{BASE}/{case_id}"))
    assert "Reason (needed when not admissible)" in page
    assert "— no consent" not in page and "no consent to be contacted" in page


def test_the_case_page_says_when_there_is_no_institution_to_refer_to(app, client, desk):
    with app.app_context():
        from forum.desk.models import Institution

        db.session.execute(Institution.__table__.update().values(retired=True))
        db.session.commit()
    case_id = _case(app, desk)
    sign_in_as(client, desk.head)
    page = client.get(f"{BASE}/{case_id}").get_data(as_text=True)
    assert "The register is empty." in page and "/desk/institutions/new" in page
    sign_in_as(client, desk.helper)
    page = client.get(f"{BASE}/{case_id}").get_data(as_text=True)
    assert "The register is empty." in page and "/desk/institutions/new" not in page


def test_assign_note_refer_reply_answer_and_close(app, client, desk):
    case_id = _case(app, desk, language="rom", wants_answer=True, channel="email",
                    consent=True, contact_email="ramiz@example.org")
    sign_in_as(client, desk.head)
    assert client.post(f"{BASE}/{case_id}/assign",
                       data={"assignee_id": desk.helper}).status_code == 302
    assert client.post(f"{BASE}/{case_id}/assign",
                       data={"assignee_id": desk.clerk}).status_code == 400
    assert client.post(f"{BASE}/{case_id}/notes", data={"text": "Called the school."}) \
        .status_code == 302
    response = client.post(f"{BASE}/{case_id}/referrals", data={
        "version": 1, "institution_id": desk.institution, "referred_on": _days_ago(0),
        "request": "Please enrol the boy."})
    assert response.status_code == 302
    case = _get(app, case_id)
    assert case.status == "referred" and case.assignee_id == desk.helper
    with app.app_context():
        referral_id = db.session.get(Case, case_id).referrals[0].id
    assert client.post(f"{BASE}/{case_id}/referrals/{referral_id}/reply", data={
        "reply": "He is enrolled.", "replied_on": _days_ago(0)}).status_code == 302
    response = client.post(f"{BASE}/{case_id}/answer",
                           data={"version": 2, "text": "O čhavo si ramome ki škola."})
    assert response.status_code == 302
    case = _get(app, case_id)
    assert case.status == "answered" and case.answered_at is not None
    [mail] = outbox(app, "ramiz@example.org")
    assert mail.language == "rom" and "O čhavo si ramome" in mail.body
    assert client.post(f"{BASE}/{case_id}/move", data={"version": 3, "move": "close"}) \
        .status_code == 302
    case = _get(app, case_id)
    assert case.status == "closed" and case.closed_at is not None
    page = text_of(client.get(f"{BASE}/{case_id}"))
    assert "Called the school." in page and "He is enrolled." in page
    assert "Reason (needed when not admissible)" not in page  # only reopening is left
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"desk.case_assign", "desk.case_note", "desk.case_refer", "desk.case_reply",
            "desk.case_answer", "desk.case_move"} <= actions


def test_notes_are_never_shown_to_the_person(app, client, desk):
    sign_in_as(client, desk.resident)
    client.post("/en/forums/bijeljina/desk/file", data={
        "kind": "inquiry", "description": "Where do I get an ID card?", "category": "documents",
        "language": "en"})
    link = None
    with app.app_context():
        case_id = db.session.scalar(select(Case.id))
    sign_in_as(client, desk.head)
    client.post(f"{BASE}/{case_id}/notes", data={"text": "Internal: he owes a fine."})
    sign_in_as(client, desk.resident)
    page = text_of(client.get(f"/en/forums/bijeljina/desk/mine/{case_id}"))
    assert "Where do I get an ID card?" in page and "owes a fine" not in page
    assert link is None


def test_two_staff_answering_at_once_the_second_is_refused_and_sees_the_first(app, desk):
    case_id = _case(app, desk)
    head, helper = app.test_client(), app.test_client()
    sign_in_as(head, desk.head)
    sign_in_as(helper, desk.helper)
    assert 'name="version" value="1"' in text_of(helper.get(f"{BASE}/{case_id}"))
    head.post(f"{BASE}/{case_id}/answer", data={"version": 1, "text": "First answer."})
    response = helper.post(f"{BASE}/{case_id}/answer",
                           data={"version": 1, "text": "Second answer."})
    assert response.status_code == 409
    page = text_of(response)
    assert "Someone else changed this case" in page
    assert "First answer." in page and "Second answer." in page  # kept in the form
    assert 'name="version" value="2"' in page  # sent again now, it adds to the first
    with app.app_context():
        assert [a.text for a in db.session.get(Case, case_id).answers] == ["First answer."]


def test_refused_moves_say_why(app, client, desk):
    case_id = _case(app, desk)
    sign_in_as(client, desk.head)
    response = client.post(f"{BASE}/{case_id}/move", data={"version": 1, "move": "reject"})
    assert response.status_code == 409
    assert "Say why the case is not admissible." in text_of(response)
    response = client.post(f"{BASE}/{case_id}/move", data={"version": 1, "move": "reopen"})
    assert "Only a closed or inadmissible case can be reopened." in text_of(response)
    response = client.post(f"{BASE}/{case_id}/move", data={
        "version": 1, "move": "reject", "reason": "It is not about the municipality."})
    assert response.status_code == 302
    assert _get(app, case_id).status == "not_admissible"
    assert client.post(f"{BASE}/{case_id}/move", data={"version": 2, "move": "reopen"}) \
        .status_code == 302
    case = _get(app, case_id)
    assert case.status == "in_progress" and case.closed_at is None
    assert client.post(f"{BASE}/{case_id}/move", data={"version": 9, "move": "bogus"}) \
        .status_code == 400


def test_the_queue_shows_age_due_date_and_overdue_and_filters(app, client, desk):
    late = _case(app, desk, days_ago=30, due_on=date.today() - timedelta(days=3))
    fresh = _case(app, desk, status="in_progress")
    sign_in_as(client, desk.head)
    page = text_of(client.get(BASE))
    assert "Overdue" in page and _get(app, late).number in page
    assert _get(app, fresh).number in page
    page = text_of(client.get(f"{BASE}?status=in_progress"))
    assert _get(app, late).number not in page and _get(app, fresh).number in page
    page = text_of(client.get(f"{BASE}?assignee=me"))
    assert "No case matches." in page
    assert client.get(f"{BASE}?status=%00&assignee=9999999999999999").status_code == 200
    for made_up in ("²", "99999999999999999999999", "1_0", "x"):
        assert client.get(f"{BASE}?assignee={made_up}").status_code == 200


def test_attachments_are_served_only_to_staff_as_downloads(app, client, desk):
    from forum.desk.models import Attachment

    case_id = _case(app, desk)
    with app.app_context():
        kept = Attachment(case_id=case_id, filename="a.pdf", content_type="application/pdf",
                          size=8, data=b"%PDF-1.4")
        db.session.add(kept)
        db.session.commit()
        kept_id = kept.id
    url = f"{BASE}/{case_id}/files/{kept_id}"
    assert client.get(url).status_code == 302  # sign in first
    sign_in_as(client, desk.resident)
    assert client.get(url).status_code == 403
    sign_in_as(client, desk.helper)
    response = client.get(url)
    assert response.status_code == 200 and response.data == b"%PDF-1.4"
    assert response.headers["Content-Disposition"] == "attachment"
    assert client.get(f"{BASE}/{case_id}/files/{kept_id + 1}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(CaseOpen.id))) == 0
