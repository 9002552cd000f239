"""The demo has proposals in several languages in every stage, with answers, and loading it
twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.extensions import db
from forum.meetings.models import AgendaItem
from forum.proposals.models import Proposal, ProposalEvent, Status, Support


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Proposal, ProposalEvent, Support, AgendaItem)]


def test_demo_proposals_cover_every_stage_and_load_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        proposals = list(db.session.scalars(select(Proposal)))
        assert {p.status for p in proposals} == {s.value for s in Status}
        assert any(p.is_hidden for p in proposals)
        assert {"rom", "mk", "sq", "sr"} <= {p.language for p in proposals}
        for proposal in proposals:
            if not proposal.is_open:
                assert proposal.events and proposal.events[-1].text
        accepted = [p for p in proposals if p.status == Status.ACCEPTED]
        items = db.session.scalars(select(AgendaItem).where(AgendaItem.proposal_id.in_(
            [p.id for p in accepted]))).all()
        assert {i.meeting_id for i in items} == {p.scheduled_meeting_id for p in accepted}
        before = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert _counts() == before
