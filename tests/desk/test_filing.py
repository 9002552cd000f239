"""Filing a case: anonymously with a contact, from an account, written down by staff; the case
number and private link; bad input refused with a message and nothing stored."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select

from forum.core.models import AuditEntry
from forum.core.timezones import to_local
from forum.desk.filing import token_hash
from forum.desk.models import Case
from forum.desk.workdays import add_working_days
from forum.extensions import db
from tests.fixtures.accounts import sign_in_as
from tests.helpers import outbox, text_of

URL = "/en/forums/bijeljina/desk/file"  # messages are checked in English
PDF = b"%PDF-1.4\n" + b"0" * 100


def _form(**changes) -> dict:
    data = {"kind": "complaint", "description": "Mom sinu su odbili upis u školu.",
            "category": "education", "language": "sr_Latn", "place": "Bijeljina",
            "wants_answer": "y", "channel": "email", "contact_name": "Ramiz",
            "contact_email": "Ramiz@Example.org", "consent": "y"}
    return {**data, **changes}


def _cases(app) -> list[Case]:
    with app.app_context():
        return list(db.session.scalars(select(Case).order_by(Case.id)))


def _link(page: str) -> str:
    match = re.search(r'href="http://localhost(/en/forums/bijeljina/desk/follow/[^"]+)"',
                      page)
    assert match, page
    return match.group(1)


def test_anyone_files_without_an_account_and_follows_by_private_link(app, client, desk):
    response = client.post(URL, data=_form())
    assert response.status_code == 302 and "/desk/follow/" in response.headers["Location"]
    [case] = _cases(app)
    assert re.fullmatch(r"TF-\d{4}-0001", case.number)
    assert (case.kind, case.category, case.language, case.filed_by_id) == (
        "complaint", "education", "sr_Latn", None)
    assert case.contact_email == "ramiz@example.org" and not case.sensitive
    # 15 working days from the forum's calendar day (its zone, not UTC: near midnight they differ)
    filed = to_local(case.created_at, "Europe/Skopje").date()
    assert case.due_on == add_working_days(filed, 15)
    page = text_of(client.get(response.headers["Location"]))
    assert f"Its number is {case.number}." in page
    link = _link(page)
    token = link.rsplit("/", 1)[1]
    assert case.token_hash == token_hash(token) and token not in repr(case.__dict__)
    other = app.test_client()  # anyone with the link, no account
    followed = other.get(link)
    assert followed.status_code == 200
    assert "Mom sinu su odbili upis" in text_of(followed)
    assert followed.headers["Cache-Control"] == "no-store"
    [mail] = outbox(app, "ramiz@example.org")
    assert mail.language == "sr_Latn" and token in mail.body


def test_a_wrong_or_expired_link_is_not_found_and_says_nothing(app, client, desk):
    link = client.post(URL, data=_form()).headers["Location"]
    stranger = app.test_client()
    for token in ("wrong", "x" * 500, link.rsplit("/", 1)[1][:-1]):
        response = stranger.get(f"/en/forums/bijeljina/desk/follow/{token}")
        assert response.status_code == 404
        assert "odbili" not in text_of(response) and "TF-" not in text_of(response)
    assert stranger.get(link).status_code == 200
    with app.app_context():  # once the contact details are deleted, the link is gone too
        db.session.scalar(select(Case)).token_hash = None
        db.session.commit()
    assert stranger.get(link).status_code == 404


def test_a_resident_files_from_their_account_and_sees_it_in_my_cases(app, client, desk):
    sign_in_as(client, desk.resident)
    form = text_of(client.get(URL))
    assert 'value="res@desk.example.org"' in form  # their address is offered
    client.post(URL, data=_form(contact_email="res@desk.example.org"))
    [case] = _cases(app)
    assert case.filed_by_id == desk.resident
    mine = text_of(client.get("/en/desk/mine"))
    assert case.number in mine and "Bijeljina" in mine  # which forum's desk has it
    own = client.get(f"/en/forums/bijeljina/desk/mine/{case.id}")
    assert own.status_code == 200 and "odbili" in text_of(own)


def test_staff_write_down_a_case_for_someone_who_called(app, client, desk):
    sign_in_as(client, desk.helper)
    response = client.post(URL, data=_form(assisted="y", category="violence"))
    assert response.status_code == 302
    [case] = _cases(app)
    assert case.assisted and case.filed_by_id is None and case.sensitive
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "desk.case_assisted"))
        assert entry.actor_id == desk.helper and entry.target_id == case.id


def test_empty_or_enormous_descriptions_are_refused_and_nothing_is_stored(app, client, desk):
    for description in ("", "   ", "x" * 8001):
        response = client.post(URL, data=_form(description=description))
        assert response.status_code == 400
    page = text_of(response)
    assert "Use at most 8000 characters." in page
    assert 'value="Bijeljina"' in page  # what was typed is kept
    assert _cases(app) == []


def test_a_date_in_the_future_or_impossible_is_refused_and_the_text_kept(app, client, desk):
    for day in ("2999-05-05", "2026-02-31"):
        response = client.post(URL, data=_form(happened_on=day))
        assert response.status_code == 400
    assert "This date cannot be in the future." in text_of(
        client.post(URL, data=_form(happened_on="2999-05-05")))
    assert "Mom sinu su odbili" in text_of(response)
    assert _cases(app) == []
    assert client.post(URL, data=_form(happened_on="1990-01-01")).status_code == 302


def test_an_answer_wanted_needs_a_channel_an_address_and_consent(app, client, desk):
    page = text_of(client.post(URL, data=_form(channel="", consent="")))
    assert "Choose how the desk should answer you." in page
    page = text_of(client.post(URL, data=_form(contact_email="")))
    assert "Enter the e-mail address for the answer." in page
    page = text_of(client.post(URL, data=_form(channel="phone", contact_phone="", consent="")))
    assert "Enter the phone number for the answer." in page
    assert "so the desk may contact you" in page
    assert client.post(URL, data=_form(contact_email="not an address")).status_code == 400
    assert _cases(app) == []


def test_attachments_are_checked_by_content_not_by_name(app, client, desk):
    fake = (io.BytesIO(b"MZ\x90\x00 this is a program"), "letter.png")
    response = client.post(URL, data={**_form(), "files": [fake]},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "is not a photo (JPEG, PNG, WebP) or a PDF" in text_of(response)
    assert _cases(app) == []
    fake = (io.BytesIO(b"MZ\x90\x00 this is a program"), "letter.png")
    page = text_of(client.post(URL, data={**_form(category=""), "files": [fake]},
                               content_type="multipart/form-data"))
    assert "is not a photo" in page and "Choose one." in page  # both said in one go
    good = (io.BytesIO(PDF), "letter.pdf")
    page = text_of(client.post(URL, data={**_form(category=""), "files": [good]},
                               content_type="multipart/form-data"))
    assert "Choose your files again" in page  # the form comes back without them
    app.config["DESK_ATTACHMENT_MAX_BYTES"] = 50
    big = (io.BytesIO(PDF), "letter.pdf")
    response = client.post(URL, data={**_form(), "files": [big]},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "is larger than" in text_of(response)
    app.config["DESK_ATTACHMENT_MAX_BYTES"] = 5 * 1024 * 1024
    four = [(io.BytesIO(PDF), f"{n}.pdf") for n in range(4)]
    response = client.post(URL, data={**_form(), "files": four},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "at most 3 files" in text_of(response)
    good = (io.BytesIO(PDF), "../../etc/Pismo škole.PDF")
    response = client.post(URL, data={**_form(), "files": [good]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    [case] = _cases(app)
    with app.app_context():
        case = db.session.get(Case, case.id)
        [kept] = case.attachments
        assert (kept.filename, kept.content_type, kept.data) == ("Pismo škole.PDF",
                                                                 "application/pdf", PDF)


def test_a_form_sent_twice_files_one_case(app, client, desk):
    data = _form(once="A" * 24)
    first = client.post(URL, data=data)
    second = client.post(URL, data=data)
    assert (first.status_code, second.status_code) == (302, 303)
    assert second.headers["Location"] == first.headers["Location"]  # the same private link
    assert len(_cases(app)) == 1


def test_numbers_count_up_per_forum_and_year(app, client, desk):
    for _n in range(3):
        client.post(URL, data=_form())
    numbers = [c.number for c in _cases(app)]
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]


def test_a_forum_without_a_desk_has_no_desk_pages(app, client, desk):
    from forum.desk.models import DeskSettings

    with app.app_context():
        db.session.get(DeskSettings, desk.forum_id).enabled = False
        db.session.commit()
    assert client.get("/en/forums/bijeljina/desk/").status_code == 404
    assert client.post(URL, data=_form()).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Case.id))) == 0


def _photo_with_gps() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (44.0, 45.0, 30.0)}  # GPSInfo: where the photo was taken
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photos_are_kept_without_what_the_phone_wrote_into_them(app, client, desk):
    from PIL import Image

    photo = _photo_with_gps()
    assert Image.open(io.BytesIO(photo)).getexif().get(0x8825)
    broken = (io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10), "letter.png")
    response = client.post(URL, data={**_form(), "files": [broken]},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and "is not a photo we can read" in text_of(response)
    response = client.post(URL, data={**_form(), "files": [(io.BytesIO(photo), "s.jpg")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    with app.app_context():
        [kept] = db.session.scalar(select(Case)).attachments
        assert kept.content_type == "image/jpeg"
        stored = Image.open(io.BytesIO(kept.data))
        assert stored.size == (40, 30) and not stored.getexif().get(0x8825)


def test_made_up_values_are_refused_with_messages_not_errors(app, client, desk):
    for bad in ({"institution_id": "abc"}, {"institution_id": "99999999999999999999"},
                {"groups": ["x"]}, {"groups": ["999"]}, {"happened_on": "31.02.2026"},
                {"category": "made-up"}, {"channel": "pigeon"}, {"language": "xx"},
                {"kind": "threat"}, {"contact_phone": "065\n123"}, {"place": "a" * 201}):
        response = client.post(URL, data=_form(**bad))
        assert response.status_code == 400, bad
        assert "field-error" in text_of(response), bad
    assert _cases(app) == []
