"""The yearly monitoring report: assembled from the year's updates and indicator values,
reviewed, then published as a page, a PDF and open data; hidden from the public before."""

from __future__ import annotations

import json
from datetime import date

from forum.extensions import db
from forum.plans import measures
from forum.plans.models import Measure
from tests.helpers import text_of

BASE = "/en/forums/this-forum/plans"


def test_a_report_is_assembled_reviewed_and_published(app, world):
    with app.app_context():
        measure = db.session.get(Measure, world.ids["measure"])
        measures.add_update(measure, {"on": date(2027, 3, 1), "body": "Ten children enrolled.",
                                      "language": "en", "status": "on_track", "spent": 5000},
                            staff=False)
    staff = app.test_client()
    world.sign_in(staff, "secretariat")
    plan_url = f"{BASE}/{world.ids['plan']}"
    assert staff.post(f"{plan_url}/reports", data={"year": "2027"}).status_code == 302
    public = app.test_client()
    assert public.get(f"{plan_url}/reports/2027").status_code == 404
    page = text_of(staff.get(f"{plan_url}/reports/2027"))
    assert "Ten children enrolled." in page
    assert "March 1, 2027 · " in page and "2027-03-01" not in page  # dates read as elsewhere
    publish_early = staff.post(f"{plan_url}/reports/2027",
                               data={"summary": "A good year.", "language": "en",
                                     "move": "publish"})
    assert publish_early.status_code == 400 and "only after it is reviewed" in text_of(
        publish_early)
    for move in ("review", "publish"):
        assert staff.post(f"{plan_url}/reports/2027", data={
            "summary": "A good year.", "language": "en", "move": move}).status_code == 302
    page = text_of(public.get(f"{plan_url}/reports/2027"))
    assert "A good year." in page and "Ten children enrolled." in page
    data = json.loads(public.get(f"{plan_url}/reports/2027.json").data)
    assert data["summary"] == "A good year." and data["measures"][0]["updates"][0]["body"] == \
        "Ten children enrolled."
    pdf = public.get(f"{plan_url}/reports/2027.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "Monitoring report 2027" in text_of(public.get(plan_url))


def test_a_year_outside_the_plan_or_a_published_report_is_not_assembled(app, world):
    staff = app.test_client()
    world.sign_in(staff, "secretariat")
    plan_url = f"{BASE}/{world.ids['plan']}"
    outside = staff.post(f"{plan_url}/reports", data={"year": "2040"}, follow_redirects=True)
    assert "Choose a year of the plan (2026–2029)" in text_of(outside)
    again = staff.post(f"{plan_url}/reports", data={"year": "2026"}, follow_redirects=True)
    assert "stays as it was published" in text_of(again)


def test_a_year_that_is_no_year_is_marked_on_the_plans_page(app, world):
    staff = app.test_client()
    world.sign_in(staff, "secretariat")
    response = staff.post(f"{BASE}/{world.ids['plan']}/reports", data={"year": "1800"})
    assert response.status_code == 400 and "Location" not in response.headers
    page = text_of(response)
    assert "Assemble the report of this year" in page and "1990" in page


def test_a_report_of_a_draft_plan_is_not_published_where_no_one_could_read_it(app, world):
    from forum.plans.models import Plan

    with app.app_context():
        db.session.get(Plan, world.ids["plan"]).status = "draft"
        db.session.commit()
    staff = app.test_client()
    world.sign_in(staff, "secretariat")
    plan_url = f"{BASE}/{world.ids['plan']}"
    assert staff.post(f"{plan_url}/reports", data={"year": "2027"}).status_code == 302
    data = {"summary": "", "language": "en"}
    assert staff.post(f"{plan_url}/reports/2027", data={**data, "move": "review"}
                      ).status_code == 302
    response = staff.post(f"{plan_url}/reports/2027", data={**data, "move": "publish"})
    assert response.status_code == 400 and "adopt the plan first" in text_of(response)
