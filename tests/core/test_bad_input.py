"""Input that used to end in a 500 gets a 404 or a message next to the field; on PostgreSQL
too (NUL bytes, numbers past 64 bits)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from forum.extensions import db
from forum.meetings.models import Meeting
from forum.proposals.models import Proposal
from tests.budgeting.test_cycles_and_items import CYCLE
from tests.helpers import text_of

HUGE = "9" * 20  # past 2**63 - 1
PAST_INTEGER = str(2**31)  # past the ids' INTEGER columns: PostgreSQL would refuse to compare


def _client(app, world, role="secretariat"):
    client = app.test_client()
    world.sign_in(client, role)
    return client


def _base(world) -> str:
    return f"/en/forums/{world.forum_slug}"


def test_a_superscript_two_is_not_a_ballot_item(app, world):
    url = f"{_base(world)}/budgeting/{world.ids['cycle']}/vote"
    response = _client(app, world, "member").post(url, data={"item": "²"})
    assert response.status_code == 400 and "²" in text_of(response)


@pytest.mark.parametrize("path", [
    "/budgeting/{huge}/", "/budgeting/{huge}/vote", "/proposals/{huge}", "/meetings/{huge}"])
def test_ids_past_what_an_id_column_holds_are_not_found(app, world, path):
    for huge in (HUGE, PAST_INTEGER):
        url = _base(world) + path.format(huge=huge)
        assert _client(app, world).get(url).status_code == 404


def test_a_group_number_in_another_script_is_ignored(app, world):
    assert _client(app, world).get(_base(world) + "/proposals/?group=²").status_code == 200


def test_page_numbers_are_checked_in_one_place(app):
    from forum.core.urls import page_number

    for query, expected in (("", 1), ("?page=3", 3)):
        with app.test_request_context("/" + query):
            assert page_number() == expected
    for bad in ("0", "-1", "²", HUGE, "abc"):
        with app.test_request_context(f"/?page={bad}"), pytest.raises(Exception) as caught:
            page_number()
        assert getattr(caught.value, "code", None) == 404


@pytest.mark.parametrize("path", ["/proposals/?q=a%00b", "/minutes/?q=a%00b"])
def test_a_nul_byte_in_a_search_is_dropped(app, world, path):
    assert _client(app, world).get(_base(world) + path).status_code == 200


def test_a_nul_byte_in_a_slug_is_not_found(app, world):
    assert _client(app, world).get("/en/forums/this%00forum").status_code == 404


def test_nul_and_invisible_characters_are_dropped_from_titles_and_names(app, world):
    client = _client(app, world, "member")
    response = client.post(f"{_base(world)}/proposals/new", data={
        "title": "Ramp\x00 at the\u202e school\u200b", "description": "Steps\x00 only.",
        "language": "en", "related_meeting_id": "0"})
    assert response.status_code == 302, text_of(response)[:2000]
    with app.app_context():
        proposal = db.session.scalar(select(Proposal).order_by(Proposal.id.desc()))
        assert proposal.title == "Ramp at the school"
    named = app.test_client().post("/en/accounts/register", data={
        "display_name": "Ana\x00", "email": "ana@example.org", "password": "a long passphrase",
        "language": "en"})
    assert named.status_code in (200, 302, 400), named.status_code


def test_a_budget_too_large_to_keep_is_refused_on_the_field(app, world):
    client = _client(app, world)
    for budget in ("1e30", "NaN", "Infinity", HUGE):
        response = client.post(f"{_base(world)}/budgeting/new", data={**CYCLE, "budget": budget})
        assert response.status_code == 400, budget
        assert "Enter a number of at most 21000000." in text_of(response)


def _upload(app, world, payload: bytes, area: str | None = None):
    data = {"file": (io.BytesIO(payload), "ballots.csv")}
    if area is not None:
        data["area"] = area
    return _client(app, world).post(
        f"{_base(world)}/budgeting/{world.ids['cycle']}/paper/upload", data=data,
        content_type="multipart/form-data")


@pytest.mark.parametrize("area", ["abc", "999", HUGE])
def test_paper_upload_for_an_area_not_in_the_cycle_is_refused(app, world, area):
    response = _upload(app, world, f"1,{world.ids['ballot_item']}\n".encode(), area)
    assert response.status_code == 400 and "area" in text_of(response).lower()


def test_a_csv_field_longer_than_the_csv_module_reads_is_refused_with_a_message(app, world):
    """The file is read by a job: it stops, says why on its page, and enters nothing."""
    payload = ("1," + "x" * 140_000 + "\n").encode()
    response = _upload(app, world, payload)
    assert response.status_code == 303
    page = _client(app, world).get(response.location)
    assert "Line 1 of the file cannot be read" in text_of(page)
    assert "Stopped: nothing was saved" in text_of(page)


def test_a_line_break_in_a_session_title_is_refused_and_the_calendar_still_works(app, world):
    from tests.meetings.test_sessions import _form

    client = _client(app, world)
    response = client.post(f"{_base(world)}/meetings/new",
                           data=_form(title="Budget\r\nBEGIN:VEVENT"))
    assert response.status_code == 400 and "one line" in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Meeting).where(Meeting.title.like("Budget%"))) is None
    assert client.get(f"{_base(world)}/meetings.ics").status_code == 200


@pytest.mark.parametrize("target", ["/en/%0d%0aSet-Cookie:x=1", "/%0a/evil.example",
                                    "/%09/evil.example"])
def test_tabs_and_line_breaks_in_next_reach_no_header(app, target):
    response = app.test_client().post(f"/en/accounts/register?next={target}", data={
        "display_name": "Ana", "email": "ana@example.org", "password": "a long passphrase",
        "language": "en"})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\n" not in location and not location.startswith("//") and "evil" not in location
