"""Markup and script typed into any text of the proposals area is shown as text (or dropped by
the Markdown sanitiser), never run: on every page that shows it, in every role."""

from __future__ import annotations

from sqlalchemy import select

from forum.extensions import db
from forum.proposals.models import Proposal
from tests.fixtures.accounts import sign_in_as
from tests.helpers import text_of

PAYLOAD = ('<script>alert("x")</script><img src=x onerror=alert(1)>"><svg onload=alert(1)>'
           "[click](javascript:alert(1))")
ACTIVE = ("<script>alert", "<img src=x", "<svg", "onerror=alert(1)>", "onload=alert(1)>",
          'href="javascript')


def assert_inert(page: str) -> None:
    found = [piece for piece in ACTIVE if piece in page]
    assert not found, f"active markup {found} in the page"


def _proposal_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Proposal.id).order_by(Proposal.id)))


def test_every_text_field_renders_inert(app, client, town):
    sign_in_as(client, town.resident)
    form = {"title": PAYLOAD, "description": PAYLOAD, "language": "en", "related_meeting_id": 0}
    assert client.post("/en/forums/f/proposals/new", data=form).status_code == 302
    assert client.post("/en/forums/f/proposals/new", data=form).status_code == 302
    sign_in_as(client, town.secretariat)
    assert client.post("/en/forums/f/proposals/new",
                       data={**form, "on_behalf_of": PAYLOAD[:160]}).status_code == 302
    first, second, entered = _proposal_ids(app)
    base = "/en/forums/f/proposals"
    client.post(f"{base}/groups", data={"name": PAYLOAD[:80], "language": "en"})
    client.post(f"{base}/{first}/translations", data={"target": "sq", "title": PAYLOAD,
                                                      "description": PAYLOAD})
    client.post(f"{base}/{first}/answer", data={"decision": "review", "text": PAYLOAD,
                                                "language": "en"})
    assert client.post(f"{base}/{first}/answer", data={
        "decision": "accept", "meeting_id": town.meeting.id, "duration_minutes": 10,
        "text": PAYLOAD, "language": "en"}).status_code == 302
    assert client.post(f"{base}/{entered}/moderate", data={
        "reason": PAYLOAD, "language": "en"}).status_code == 302
    sign_in_as(client, town.resident)
    client.post(f"{base}/{entered}/report", data={"reason": "other", "note": PAYLOAD[:500]})
    client.post(f"{base}/{second}/withdraw", data={"text": PAYLOAD, "language": "en"})

    pages = {
        "resident": [f"{base}/{first}", f"/sq/forums/f/proposals/{first}", f"{base}/{second}",
                     f"{base}/", "/en/proposals/", "/en/proposals/mine", "/en/forums/f/"],
        "secretariat": [f"{base}/{entered}", f"{base}/{entered}/moderate", f"{base}/queue",
                        f"{base}/settings", f"{base}/{first}/translations", "/en/proposals/mine",
                        f"/en/forums/f/meetings/{town.meeting.id}",
                        f"/en/forums/f/meetings/{town.meeting.id}/agenda",
                        "/en/forums/f/audit", f"{base}/new"],
    }
    for person, urls in pages.items():
        sign_in_as(client, getattr(town, person))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            page = text_of(response)
            assert "&lt;script&gt;" in page or "alert" not in page, url
            assert_inert(page)
