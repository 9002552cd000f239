"""The way of minutes: review, approval (by a later session or under a rule), publication as a
frozen version, corrections as new versions, translations — and every refusal on the way."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core.models import AuditEntry
from forum.extensions import db
from forum.minutes.models import ActionItem, Minutes, MinutesVersion
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.minutes import action, create_held_meeting, create_minutes, decision
from tests.helpers import text_of


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", languages=["en", "sq", "rom"])
        secretariat = create_user(display_name="Sec")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        member = create_user(display_name="Nadia")
        add_member(forum, member, organisation="Roma NGO")
        meeting = create_held_meeting(forum, days_ago=40, title="Spring session")
        minutes = create_minutes(meeting)
        return forum, secretariat, member, meeting, minutes


def _base(minutes):
    return f"/en/forums/f/minutes/{minutes.id}"


def _reload(app, minutes) -> Minutes:
    with app.app_context():
        return db.session.get(Minutes, minutes.id)


def _write(app, minutes, **fields):
    with app.app_context():
        from tests.fixtures.minutes import write_section
        write_section(db.session.get(Minutes, minutes.id), 0, **fields)


def _approve(client, minutes, data: dict):
    """Approve, confirming the warnings (these sessions have no attendance recorded)."""
    return client.post(f"{_base(minutes)}/approve", data={"confirm": "y", **data})


def _flash_after(client, response) -> str:
    return text_of(client.get(response.headers["Location"]))


def test_an_empty_draft_can_be_neither_reviewed_nor_approved(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    sign_in_as(client, secretariat)
    response = client.post(f"{_base(minutes)}/review")
    assert "These minutes are empty" in _flash_after(client, response)
    refused = _approve(client, minutes, {"how": "rule", "rule": "Rule 9"})
    assert refused.status_code == 409 and "These minutes are empty" in text_of(refused)
    assert _reload(app, minutes).status == "draft"


def test_the_approval_page_says_at_once_that_empty_minutes_cannot_be_approved(
        app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    sign_in_as(client, secretariat)
    page = client.get(f"{_base(minutes)}/approve")
    text = text_of(page)
    assert "These minutes are empty" in text
    assert 'name="rule"' not in text  # no form to fill in that can only be refused


def test_publishing_needs_an_approval_first(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    _write(app, minutes, summary="We met.")
    sign_in_as(client, secretariat)
    response = client.post(f"{_base(minutes)}/publish")
    assert "published only after they are approved" in _flash_after(client, response)
    with app.app_context():
        assert db.session.scalar(select(MinutesVersion.id)) is None
    assert client.get(_base(minutes)).status_code == 404  # nothing public yet


def test_members_review_and_comment_and_the_public_never_sees_the_draft(
        app, client, setting):
    _forum, secretariat, member, _meeting, minutes = setting
    _write(app, minutes, summary="Lights in Poroj.")
    key = minutes.sections[0]["key"]
    sign_in_as(client, member)
    assert client.get(f"{_base(minutes)}/draft").status_code == 403  # not shared yet
    sign_in_as(client, secretariat)
    client.post(f"{_base(minutes)}/review")
    assert _reload(app, minutes).status == "review"
    sign_in_as(client, member)
    page = text_of(client.get(f"{_base(minutes)}/draft"))
    assert "Lights in Poroj." in page and "Send my comment" in page
    response = client.post(f"{_base(minutes)}/sections/{key}/comments",
                           data={f"comment-{key}-body": "Say which street.",
                                 f"comment-{key}-language": "en",
                                 f"comment-{key}-revision": "2"})
    assert response.status_code == 302
    sign_in_as(client, secretariat)
    assert "Say which street." in text_of(client.get(f"{_base(minutes)}/draft"))
    client.post("/en/accounts/sign-out")
    assert client.get(f"{_base(minutes)}/draft").status_code == 302  # to sign in
    assert "Lights in Poroj." not in text_of(client.get("/en/forums/f/minutes/"))


def test_approval_by_a_later_session_links_that_session(app, client, setting):
    forum, secretariat, _member, meeting, minutes = setting
    _write(app, minutes, summary="We met.")
    with app.app_context():
        later = create_held_meeting(forum, days_ago=5, title="Autumn session")
        earlier = create_held_meeting(forum, days_ago=80, title="Winter session")
    sign_in_as(client, secretariat)
    form = text_of(client.get(f"{_base(minutes)}/approve"))
    assert "Autumn session" in form and "Winter session" not in form
    wrong = _approve(client, minutes, {"how": "session",
                                                           "meeting_id": earlier.id})
    assert wrong.status_code == 400 and "Not a valid choice." in text_of(wrong)
    none = _approve(client, minutes, {"how": "session", "meeting_id": 0})
    assert none.status_code == 400 and "Choose the later session" in text_of(none)
    ok = _approve(client, minutes, {"how": "session",
                                                        "meeting_id": later.id})
    assert ok.status_code == 302
    saved = _reload(app, minutes)
    assert saved.status == "approved" and saved.approval_meeting_id == later.id
    assert client.post(f"{_base(minutes)}/publish").status_code == 302
    client.post("/en/accounts/sign-out")
    page = text_of(client.get(_base(minutes)))
    assert "By the forum at its session of" in page
    assert f'/en/forums/f/meetings/{later.id}"' in page and "Autumn session" in page
    del meeting


def test_approval_under_a_rule_needs_the_rule(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    _write(app, minutes, summary="We met.")
    sign_in_as(client, secretariat)
    response = _approve(client, minutes, {"how": "rule", "rule": ""})
    assert response.status_code == 400 and "under which rule" in text_of(response)
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    assert _reload(app, minutes).approval_rule == "Article 12"


def test_approved_and_published_minutes_are_frozen(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    _write(app, minutes, summary="Approved words.")
    key = minutes.sections[0]["key"]
    sign_in_as(client, secretariat)
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    data = {f"{key}-base_revision": "2", f"{key}-title": "Opening", f"{key}-language": "en",
            f"{key}-summary": "Changed after approval."}
    refused = client.post(f"{_base(minutes)}/sections/{key}", data=data)
    assert refused.status_code == 409 and "approved and cannot be changed" in text_of(refused)
    assert "Changed after approval." in text_of(refused)  # what was typed is kept
    client.post(f"{_base(minutes)}/publish")
    refused = client.post(f"{_base(minutes)}/sections/{key}", data=data)
    assert refused.status_code == 409 and "Published minutes cannot be changed" in text_of(refused)
    assert client.post(f"{_base(minutes)}/sections", data={
        "title": "More", "language": "en"}).status_code == 400
    with app.app_context():
        version = db.session.scalar(select(MinutesVersion))
        assert version.content["sections"][0]["summary"] == "Approved words."


def test_the_working_page_is_titled_by_the_stage_the_minutes_are_in(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    _write(app, minutes, summary="Words.")
    sign_in_as(client, secretariat)
    headings = [client.get(f"{_base(minutes)}/draft").get_data(as_text=True)]
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    headings.append(client.get(f"{_base(minutes)}/draft").get_data(as_text=True))
    client.post(f"{_base(minutes)}/publish")
    headings.append(client.get(f"{_base(minutes)}/draft").get_data(as_text=True))

    h1 = [page.split("<h1>", 1)[1].split(":", 1)[0] for page in headings]
    assert h1 == ["Draft minutes", "Approved minutes", "Minutes"]
    assert "<title>Minutes ·" in headings[2]


def test_taking_back_to_draft_withdraws_the_approval(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    _write(app, minutes, summary="Words.")
    sign_in_as(client, secretariat)
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    client.post(f"{_base(minutes)}/reopen")
    saved = _reload(app, minutes)
    assert saved.status == "draft" and saved.approved_how is None and saved.approval_rule == ""


def test_a_correction_is_a_new_version_with_its_reason_and_the_old_one_stays(
        app, client, setting):
    forum, secretariat, member, _meeting, minutes = setting
    with app.app_context():
        keep, change = decision("Keep this decision"), decision("Fix this decsion")
        task = action("Translate the form", owner=member, organisation="Roma NGO", forum=forum)
    _write(app, minutes, summary="First words.", decisions=[keep, change], actions=[task])
    sign_in_as(client, secretariat)
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    client.post(f"{_base(minutes)}/publish")
    with app.app_context():
        version = db.session.scalar(select(MinutesVersion))
        from forum.minutes import workflow
        workflow.save_translation(version, "sq", {f"{keep['key']}.text": "Mbaje këtë vendim",
                                                  f"{change['key']}.text": "Rregulloje"})
        item = db.session.scalar(select(ActionItem))
        item.done_on = item.minutes.meeting_day
        db.session.commit()
    refused = client.post(f"{_base(minutes)}/correct", data={"reason": "", "language": "en"})
    assert refused.status_code == 400
    client.post(f"{_base(minutes)}/correct", data={"reason": "A typo in a decision.",
                                                   "language": "en"})
    assert _reload(app, minutes).status == "draft"
    assert "First words." in text_of(client.get(_base(minutes)))  # v1 still public meanwhile
    fixed = {**change, "text": "Fix this decision"}
    _write(app, minutes, summary="First words.", decisions=[keep, fixed], actions=[task])
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    client.post(f"{_base(minutes)}/publish")
    client.post("/en/accounts/sign-out")
    current = text_of(client.get(_base(minutes)))
    assert "Fix this decision" in current and "A typo in a decision." in current
    old = text_of(client.get(f"{_base(minutes)}/versions/1"))
    assert "Fix this decsion" in old and "an earlier version" in old
    with app.app_context():
        latest = db.session.scalar(select(MinutesVersion).where(MinutesVersion.number == 2))
        assert latest.translations == {"sq": {f"{keep['key']}.text": "Mbaje këtë vendim"}}
        item = db.session.scalar(select(ActionItem))
        assert item.done_on is not None  # following an action item survives a correction
    assert client.get(f"{_base(minutes)}/versions/3").status_code == 404


def test_readers_see_their_translation_or_the_original_with_a_note(app, client, setting):
    _forum, secretariat, _member, _meeting, minutes = setting
    with app.app_context():
        words = decision("Open an enrolment desk")
    _write(app, minutes, summary="Words.", decisions=[words])
    sign_in_as(client, secretariat)
    _approve(client, minutes, {"how": "rule", "rule": "Article 12"})
    client.post(f"{_base(minutes)}/publish")
    form = text_of(client.get(f"{_base(minutes)}/translations?target=rom"))
    field = next(line for line in form.splitlines() if "Open an enrolment desk" in line)
    assert field
    saved = client.post(f"{_base(minutes)}/translations",
                        data={"target": "rom",
                              f"t_{words['key']}_text": "Te phravel jekh than vaš o upisi"})
    assert saved.status_code == 302
    client.post("/en/accounts/sign-out")
    romani = text_of(client.get(f"/rom{_base(minutes)[3:]}"))
    assert '<div lang="rom" class="prose"><p>Te phravel jekh than vaš o upisi' in romani
    albanian = text_of(client.get(f"/sq{_base(minutes)[3:]}"))
    assert "Open an enrolment desk" in albanian and 'class="lang-note"' in albanian
    with app.app_context():
        log = [e.action for e in db.session.scalars(select(AuditEntry))]
        assert "minutes.translate" in log and "minutes.publish" in log
