"""The published record: the archive searched by words and filtered by year, the Atom feed,
the PDF, the session page's link, and a person's data in minutes."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import feedparser
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from forum.extensions import db
from forum.minutes.models import ActionItem, Minutes
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.minutes import (
    action,
    create_held_meeting,
    create_minutes,
    decision,
    publish_minutes,
)
from tests.helpers import count_queries, text_of

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def setting(app):
    with app.app_context():
        forum = create_forum(slug="f", language="sr", languages=["sr", "en"])
        secretariat = create_user(display_name="Sec")
        add_member(forum, secretariat, role="secretariat", sector="municipality")
        member = create_user(display_name="Milica")
        add_member(forum, member, organisation="Romski centar", name_public=True)
        meeting = create_held_meeting(forum, days_ago=30, title="Седница о вртићима",
                                      language="sr")
        minutes = create_minutes(
            meeting, summary="Родитељи траже упис у вртић.", language="sr",
            decisions=[decision("Општина отвара шалтер за упис", (9, 0, 1)),
                       decision("Obrasci i na romskom jeziku")],
            actions=[action("Превести образац", owner=member, organisation="Romski centar",
                            forum=forum)])
        publish_minutes(minutes, secretariat)
        draft = create_minutes(create_held_meeting(forum, days_ago=5, title="Нацрт седнице"),
                               summary="Тајна још.")
        return forum, secretariat, member, minutes, draft


def test_the_archive_finds_words_in_either_serbian_script(app, client, setting):
    _forum, _secretariat, _member, minutes, _draft = setting
    for query in ("шалтер", "ŠALTER", "šalter", "salter", "romskom", "РОМСКОМ", "prevesti obrazac"):
        page = text_of(client.get("/sr/forums/f/minutes/", query_string={"q": query}))
        assert f"/minutes/{minutes.id}\"" in page, query
    page = text_of(client.get("/sr/forums/f/minutes/", query_string={"q": "тајна"}))
    assert f"/minutes/{minutes.id}\"" not in page  # drafts are not searched
    page = text_of(client.get("/en/forums/f/minutes/", query_string={"q": "100%_"}))
    assert "No published minutes match" in page


def test_the_archive_filters_by_year(app, client, setting):
    _forum, _secretariat, _member, minutes, _draft = setting
    with app.app_context():
        year = db.session.get(Minutes, minutes.id).meeting_day.year
    page = text_of(client.get("/en/forums/f/minutes/", query_string={"year": year}))
    assert f"/minutes/{minutes.id}\"" in page and f'<option value="{year}" selected>' in page
    page = text_of(client.get("/en/forums/f/minutes/", query_string={"year": year - 3}))
    assert f"/minutes/{minutes.id}\"" not in page


def test_the_feed_is_valid_atom_with_the_minutes_and_their_decisions(app, client, setting):
    _forum, _secretariat, _member, minutes, _draft = setting
    response = client.get("/en/forums/f/minutes/feed.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)  # noqa: S314 - our own feed; well-formed
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 3  # the minutes and their two decisions
    for entry in entries:
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 3
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    contents = " ".join(e.get("content", [{}])[0].get("value", "") for e in parsed.entries)
    assert "Општина отвара шалтер за упис" in contents
    assert any(f"/minutes/{minutes.id}/versions/1" in e.link for e in parsed.entries)
    assert "Тајна још." not in response.get_data(as_text=True)


def test_the_pdf_contains_the_decisions(app, client, setting):
    _forum, _secretariat, _member, minutes, _draft = setting
    response = client.get(f"/sr-Latn/forums/f/minutes/{minutes.id}/versions/1.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    words = " ".join(text.split())
    assert "Opština otvara šalter za upis" in words  # Cyrillic shown in Latin to Latin readers
    assert "Obrasci i na romskom jeziku" in words
    assert "Romski centar" in words


def test_the_session_page_links_its_minutes(app, client, setting):
    _forum, secretariat, _member, minutes, draft = setting
    page = text_of(client.get(f"/en/forums/f/meetings/{minutes.meeting_id}"))
    assert f"/en/forums/f/minutes/{minutes.id}\"" in page
    assert f"/minutes/{minutes.id}/versions/1.pdf" in page
    assert f"/minutes/{draft.id}" not in text_of(
        client.get(f"/en/forums/f/meetings/{draft.meeting_id}"))
    sign_in_as(client, secretariat)
    assert f"/minutes/{draft.id}/draft" in text_of(
        client.get(f"/en/forums/f/meetings/{draft.meeting_id}"))


def test_the_archive_asks_the_same_number_of_queries_for_many_minutes(app, client, setting):
    forum, secretariat, _member, _minutes, _draft = setting
    client.get("/en/forums/f/minutes/")
    with count_queries(app) as few:
        client.get("/en/forums/f/minutes/")
    with app.app_context():
        for n in range(8):
            meeting = create_held_meeting(forum, days_ago=100 + n * 30, title=f"Old {n}",
                                          agenda=("A",))
            publish_minutes(create_minutes(meeting, summary="x"), secretariat)
    with count_queries(app) as many:
        page = text_of(client.get("/en/forums/f/minutes/"))
    assert "Old 7" in page
    assert many["n"] == few["n"]


def test_a_persons_minutes_data_is_downloaded_and_erased(app, client, setting):
    _forum, _secretariat, member, minutes, _draft = setting
    with app.app_context():
        from forum.minutes import privacy

        user = db.session.get(type(member), member.id)
        key, data = privacy.personal_data(user)
        assert key == "minutes" and data["action_items"][0]["what"] == "Превести образац"
        privacy.erase_person(user)
        db.session.commit()
        item = db.session.scalar(select(ActionItem))
        assert item.owner_user_id is None and item.owner_organisation == "Romski centar"
        saved = db.session.get(Minutes, minutes.id)
        assert "Milica" not in str(saved.content)
    assert "Milica" not in text_of(client.get(f"/en/forums/f/minutes/{minutes.id}"))


def test_unknown_versions_and_other_forums_minutes_are_not_found(app, client, setting):
    _forum, _secretariat, _member, minutes, _draft = setting
    with app.app_context():
        create_forum(slug="g")
    assert client.get(f"/en/forums/f/minutes/{minutes.id}/versions/9").status_code == 404
    assert client.get(f"/en/forums/g/minutes/{minutes.id}").status_code == 404
    assert client.get("/en/forums/f/minutes/99999").status_code == 404


@pytest.fixture
def layouts(monkeypatch):
    """Counts WeasyPrint layouts; the PDFs are still laid out for real."""
    from forum.minutes import archive

    calls, real = [], archive.render_pdf
    monkeypatch.setattr(archive, "render_pdf", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


def test_a_published_pdf_is_laid_out_once_and_then_served_as_kept(app, client, setting,
                                                                   layouts):
    _forum, _secretariat, _member, minutes, _draft = setting
    url = f"/en/forums/f/minutes/{minutes.id}/versions/1.pdf"
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.data == first.data and len(layouts) == 1
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    unchanged = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.data == b"" and len(layouts) == 1
    other = client.get(f"/sq/forums/f/minutes/{minutes.id}/versions/1.pdf")
    assert other.status_code == 200 and other.headers["ETag"] != first.headers["ETag"]
    assert len(layouts) == 2
    with app.app_context():
        from forum.minutes import workflow
        from forum.minutes.models import MinutesVersion

        version = db.session.scalar(select(MinutesVersion))
        key = version.content["sections"][0]["decisions"][0]["key"]
        workflow.save_translation(version, "en", {f"{key}.text": "A desk opens for enrolment"})
    translated = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert translated.status_code == 200 and len(layouts) == 3
    assert "A desk opens for enrolment" in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(translated.data)).pages)


def test_a_correction_has_its_own_pdf_and_its_draft_is_never_kept(app, client, setting,
                                                                  layouts):
    from forum.minutes import workflow
    from forum.minutes.models import MinutesPdf
    from tests.fixtures.minutes import publish_minutes

    _forum, secretariat, _member, minutes, _draft = setting
    base = f"/en/forums/f/minutes/{minutes.id}/versions"
    first = client.get(f"{base}/1.pdf")
    with app.app_context():
        workflow.start_correction(db.session.get(Minutes, minutes.id), "A typo.", "en")
    sign_in_as(client, secretariat)
    assert client.get(f"{base}/2.pdf").status_code == 404  # the correction is a draft
    with app.app_context():
        assert set(db.session.scalars(select(MinutesPdf.number))) == {1}
        publish_minutes(db.session.get(Minutes, minutes.id), secretariat)
    client.post("/en/accounts/sign-out")
    corrected = client.get(f"{base}/2.pdf")
    assert corrected.status_code == 200 and corrected.data != first.data
    assert corrected.headers["ETag"] != first.headers["ETag"]
    assert "A typo." in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(corrected.data)).pages)
    assert client.get(f"{base}/1.pdf").data == first.data and len(layouts) == 2
