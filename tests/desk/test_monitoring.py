"""The public figures: counts by month, category, group, institution and outcome, small counts
masked, the same figures as CSV and JSON, the chart with its table, and a figure proposed for
the forum's agenda."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.core.db import utcnow
from forum.desk import monitoring
from forum.desk.models import Case, DeskSettings
from forum.extensions import db
from forum.forums.models import Forum
from forum.proposals.models import Proposal
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.desk import create_case
from tests.helpers import text_of

URL = "/en/forums/bijeljina/desk/monitoring"


def _fill(app, desk, housing: int = 6, health: int = 2, answered: int = 5) -> None:
    with app.app_context():
        forum = db.session.get(Forum, desk.forum_id)
        for n in range(housing):
            case = create_case(forum, category="housing", institution_id=desk.institution,
                               description=f"Secret housing story {n}", place="Ulica 7")
            if n < answered:
                case.status = "answered"
                case.answered_at = case.created_at + timedelta(days=n + 1)
        for n in range(health):
            create_case(forum, category="health", description=f"Secret health story {n}")
        db.session.commit()


def test_counts_under_five_are_masked_and_no_text_is_shown(app, client, desk):
    _fill(app, desk)
    page = text_of(client.get(URL))
    assert "Secret" not in page and "Ulica 7" not in page
    assert "<td class=\"num\">6</td>" in page  # housing
    assert "fewer than 5" in page  # health: 2
    assert ">2<" not in page
    assert "Centre for social work" in page  # an institution of the register, by name
    assert "3 days" in page  # median of 1..5 days
    assert '<svg viewBox' in page and 'role="img"' in page and "<table" in page


def test_csv_and_json_hold_the_same_figures(app, client, desk):
    _fill(app, desk)
    csv_text = client.get(URL + ".csv").get_data(as_text=True)
    assert "category,Housing,6" in csv_text and "category,Health,<5" in csv_text
    assert "Secret" not in csv_text
    data = json.loads(client.get(URL + ".json").get_data(as_text=True))
    by_key = {row["key"]: row for row in data["figures"]["category"]}
    assert by_key["housing"]["count"] == 6
    assert by_key["health"]["count"] is None and by_key["health"]["fewer_than"] == 5
    assert data["median_days_to_answer"] == 3.0 and data["total"] == 8


def test_no_median_under_five_answers(app, desk):
    _fill(app, desk, answered=4)
    with app.app_context():
        assert monitoring.median_days_to_answer(db.session.get(Forum, desk.forum_id)) is None


def test_the_secretariat_turns_a_figure_into_an_agenda_proposal(app, client, desk):
    _fill(app, desk)
    sign_in_as(client, desk.clerk)
    page = text_of(client.get(URL))
    assert 'value="category:housing"' in page and 'value="category:health"' not in page
    response = client.post(URL + "/propose", data={"figure": "category:housing",
                                                   "note": "Evictions keep coming."})
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
        assert "Housing" in proposal.title and "6" in proposal.title
        assert "/desk/monitoring" in proposal.description
        assert "/desk/cases" not in proposal.description and "Secret" not in proposal.description
    refused = client.post(URL + "/propose", data={"figure": "category:health"})
    assert refused.status_code == 400
    sign_in_as(client, desk.head)  # the head of the desk is not the forum's secretariat
    assert client.post(URL + "/propose", data={"figure": "category:housing"}).status_code == 403


def test_figures_of_a_desk_nobody_used(app, client, desk):
    page = text_of(client.get(URL))
    assert "not enough answered cases to say" in page
    with app.app_context():
        settings = db.session.get(DeskSettings, desk.forum_id)
        data = monitoring.figures(settings.forum, settings, utcnow().date())
        assert len(data["month"]) == 12 and all(r.count is None for r in data["category"])
        assert db.session.scalar(select(Case)) is None
