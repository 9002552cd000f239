"""The demo: Bijeljina runs a desk and no sessions, with a dozen cases in several languages and
every state and a register of institutions; Tetovo has a desk too; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from forum.desk.models import Case, DeskSettings, Institution
from forum.desk.states import Status
from forum.extensions import db
from forum.forums.models import Forum
from forum.meetings.models import Meeting
from tests.helpers import text_of


def _counts() -> list[int]:
    return [db.session.scalar(select(func.count()).select_from(model))
            for model in (Case, Institution, DeskSettings, Forum)]


def test_demo_desks_load_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "desk.bijeljina@example.org" in result.output
    with app.app_context():
        bijeljina = db.session.scalar(select(Forum).where(Forum.slug == "bijeljina"))
        assert (bijeljina.timezone, bijeljina.currency, bijeljina.country) == (
            "Europe/Sarajevo", "BAM", "BA")
        assert {"sr", "sr_Latn", "rom"} <= set(bijeljina.languages)
        assert db.session.scalar(select(func.count(Meeting.id))
                                 .where(Meeting.forum_id == bijeljina.id)) == 0
        cases = db.session.scalars(select(Case).where(Case.forum_id == bijeljina.id,
                                                      Case.description != "Arhivirani "
                                                      "predmet.")).all()
        assert len(cases) == 12
        assert {c.status for c in cases} == {s.value for s in Status}
        assert {"sr", "sr_Latn", "rom", "en"} <= {c.language for c in cases}
        assert any(c.sensitive for c in cases)
        years: dict[int, list[int]] = {}  # numbered as they were filed, from 1 each year
        for year, sequence in db.session.execute(select(Case.year, Case.sequence).where(
                Case.forum_id == bijeljina.id).order_by(Case.created_at)):
            years.setdefault(year, []).append(sequence)
        assert all(s == list(range(1, len(s) + 1)) for s in years.values())
        names = db.session.scalars(select(Institution.name)
                                   .where(Institution.forum_id == bijeljina.id)).all()
        assert len(names) >= 8 and any("Црвени крст" in n for n in names)
        tetovo = db.session.scalar(select(Forum).where(Forum.slug == "tetovo"))
        assert db.session.get(DeskSettings, tetovo.id).enabled
        referred = db.session.scalars(select(Case).where(Case.forum_id == tetovo.id,
                                                         Case.status == "referred")).all()
        assert referred and all(c.referrals for c in referred)  # to whom, when, what
        before = _counts()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert _counts() == before
    client = app.test_client()
    page = text_of(client.get("/sr-Latn/forums/bijeljina/desk/monitoring"))
    assert "Arhivirani" not in page and "<svg" in page
