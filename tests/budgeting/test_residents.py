"""The resident register: verifying in person, duplicates found and decided on (never added
silently), importing a list with a report of bad lines, searching and paging."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from forum.budgeting.models import ResidentRecord
from forum.extensions import db
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.budgeting import add_resident
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import text_of

URL = "/en/forums/f/budgeting/residents"


@pytest.fixture
def secretariat(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        person = create_user()
        add_member(forum, person, role="secretariat")
        create_user(email="has.account@example.org")
    sign_in_as(client, person)
    return person


def _records(app):
    with app.app_context():
        return db.session.scalars(select(ResidentRecord).order_by(ResidentRecord.id)).all()


def _import(client, csv: str):
    """Sent as a form; the import runs as a job, whose page (with the report) follows."""
    return client.post(f"{URL}/import", data={"file": (io.BytesIO(csv.encode()), "list.csv")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_verifying_in_person_never_links_an_account_by_e_mail(app, client, secretariat):
    missing = client.post(URL, data={"full_name": "", "seen": "y"})
    assert missing.status_code == 400
    response = client.post(URL, data={"full_name": "Ana Account", "birth_year": 1990,
                                      "email": "Has.Account@example.org", "seen": "y"})
    assert response.status_code == 302
    [record] = _records(app)
    assert record.user_id is None and record.verified_by_id == secretariat.id
    assert "Resident verified" in text_of(client.get("/en/forums/f/audit"))


def test_a_person_typed_in_twice_is_shown_for_a_decision(app, client, secretariat):
    person = {"full_name": "Fatime Osmani", "birth_year": 1990, "seen": "y"}
    assert client.post(URL, data=person).status_code == 302
    again = client.post(URL, data={**person, "full_name": "  fatime   OSMANÍ "})
    page = text_of(again)
    assert again.status_code == 400 and "may already be in the register" in page
    assert "born 1990" in page and "add anyway" in page
    assert len(_records(app)) == 1
    no_reason = client.post(URL, data={**person, "decision": "add"})
    assert no_reason.status_code == 400 and "Say why this is a different person" in \
        text_of(no_reason)
    assert client.post(URL, data={**person, "decision": "skip"}).status_code == 302
    assert len(_records(app)) == 1
    first = _records(app)[0]
    merged = client.post(URL, data={**person, "neighbourhood": "Çair", "decision": "merge",
                                    "merge_into": first.id})
    assert merged.status_code == 302
    assert [(r.full_name, r.neighbourhood) for r in _records(app)] == [("Fatime Osmani",
                                                                        "Çair")]
    added = client.post(URL, data={**person, "decision": "add",
                                   "reason": "Her aunt, lives in Teke"})
    assert added.status_code == 302
    assert [r.duplicate_reason for r in _records(app)] == ["", "Her aunt, lives in Teke"]
    assert "Her aunt, lives in Teke" in text_of(client.get(URL))
    without_year = client.post(URL, data={"full_name": "Fatime Osmani", "seen": "y"})
    assert without_year.status_code == 400 and len(_records(app)) == 2


def test_an_imported_list_never_adds_a_duplicate_silently(app, client, secretariat):
    with app.app_context():
        from forum.forums.models import Forum

        add_resident(db.session.scalar(select(Forum)), name="Besim Rexhepi", birth_year=1970)
    csv = ("name,birth_year,neighbourhood\n"
           "Fatime Osmani,1990,Çair\n"
           "Fatime Osmani,1990,Çair\n"
           "BESIM REXHEPI,1970,\n"
           "Fatime Osmani,1962,Teke\n")
    page = text_of(_import(client, csv))
    assert "2 residents added." in page
    assert "2 lines may be people already in the register." in page
    assert "Line 3:" in page and "Line 4:" in page
    assert sorted((r.full_name, r.birth_year) for r in _records(app)) == [
        ("Besim Rexhepi", 1970), ("Fatime Osmani", 1962), ("Fatime Osmani", 1990)]
    decided = client.post(URL, data={"method": "import", "full_name": "BESIM REXHEPI",
                                     "birth_year": "1970", "decision": "add",
                                     "reason": "Father and son, same name"})
    assert decided.status_code == 302 and len(_records(app)) == 4


def test_importing_a_list_reports_every_bad_line(app, client, secretariat):
    csv = ("email,name,birth_year\n"
           "a@example.org,Ana,1980\n"
           "not-an-email,Bad,1990\n"
           "b@example.org,Bo,1850\n"
           "c@example.org,,1990\n"
           ",Only Name,\n")
    page = text_of(_import(client, csv))
    assert "2 residents added." in page and "3 lines rejected." in page
    for line in ("Line 3:", "Line 4:", "Line 5:"):
        assert line in page
    assert {r.full_name for r in _records(app)} == {"Ana", "Only Name"}


def test_a_file_without_the_column_line_is_refused(app, client, secretariat):
    response = _import(client, "a@example.org,Ana\n")
    assert response.status_code == 400 and "must name the columns" in text_of(response)
    assert _records(app) == []


def test_the_register_is_searched_and_paged(app, client, secretariat):
    with app.app_context():
        from forum.forums.models import Forum

        forum = db.session.scalar(select(Forum))
        for number in range(55):
            add_resident(forum, name=f"Person {number:02d}", birth_year=1950 + number)
        add_resident(forum, name="Šaban Ćerimi", birth_year=1981)
    first = text_of(client.get(URL))
    assert "56 residents in the register" in first and "Person 00" in first
    assert "Šaban" not in first and "Page 1 of 2" in first
    assert "Šaban Ćerimi" in text_of(client.get(f"{URL}?page=2"))
    found = text_of(client.get(f"{URL}?q=saban+cerimi"))
    assert "1 resident found" in found and "Šaban Ćerimi" in found
    assert "Person 31" in text_of(client.get(f"{URL}?q=1981"))


def test_erasing_a_person_leaves_nothing_of_their_name_in_the_register(app, secretariat):
    from forum.budgeting.services import erase_person

    with app.app_context():
        from forum.forums.models import Forum

        person = create_user(email="leaving@example.org")
        record = add_resident(db.session.scalar(select(Forum)), user=person,
                              name="Ljiljana Đorđević", birth_year=1975)
        record.neighbourhood, record.document_tail = "Teke", "4711"
        db.session.commit()
        erase_person(person)
        db.session.commit()
        kept = db.session.get(ResidentRecord, record.id)
        assert (kept.full_name, kept.name_key, kept.neighbourhood, kept.document_tail,
                kept.user_id) == ("", "", "", None, None)


def test_a_refused_decision_keeps_the_choice_made(app, client, secretariat):
    """Choosing "a different person" without a reason must not fall back to "add nothing":
    filling in the reason and saving again then adds the person."""
    person = {"full_name": "Fatime Osmani", "birth_year": 1990, "seen": "y"}
    assert client.post(URL, data=person).status_code == 302
    no_reason = client.post(URL, data={**person, "decision": "add"})
    assert no_reason.status_code == 400
    html = no_reason.get_data(as_text=True)
    assert 'value="add" id="entry-add" checked' in html
    assert 'value="skip" id="entry-skip" checked' not in html


def test_a_decision_on_an_imported_line_tapped_twice_adds_the_person_once(app, client,
                                                                         secretariat):
    with app.app_context():
        from forum.forums.models import Forum

        add_resident(db.session.scalar(select(Forum)), name="Besim Rexhepi", birth_year=1970)
    page = _import(client, "name,birth_year\nBesim Rexhepi,1970\n").get_data(as_text=True)
    form = page.split("Line 2:")[0].rsplit("<form", 1)[1]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    assert "once" in fields
    decision = {**fields, "decision": "add", "reason": "Father and son, same name"}
    assert client.post(URL, data=decision).status_code == 302
    assert client.post(URL, data=decision).status_code == 303
    assert len(_records(app)) == 2


def test_an_imported_list_comes_back_at_its_report(app, client, secretariat):
    """The form leads to the job's page with the report, which leads back to the import."""
    page = _import(client, "name,birth_year\nAna,1980\n")
    assert "1 resident added." in text_of(page) and "/jobs/" in page.request.path
    assert 'residents/import#import-title"' not in page.get_data(as_text=True)
    assert 'budgeting/residents#import-title"' in page.get_data(as_text=True)


def _people_file(copies: int, who: str = "Person") -> str:
    """Per copy: a new person, the same again, one already in the register, a bad address, a
    bad year, no name, and a person told apart by the year."""
    lines = ["name,birth_year,email,document"]
    for n in range(copies):
        lines += [f"{who} {n},1990,{who}{n}@example.org,", f"{who.upper()} {n},1990,,",
                  "Besim Rexhepi,1970,,", f"Bad {n},1990,not-an-email,",
                  f"Old {n},1850,,", f",1990,x{n}@example.org,", f"{who} {n},1962,,AB12"]
    return "\n".join(lines) + "\n"


def test_a_long_list_is_imported_with_as_many_queries_as_a_short_one(app, client,
                                                                      secretariat):
    from tests.helpers import count_queries

    with app.app_context():
        from forum.forums.models import Forum

        add_resident(db.session.scalar(select(Forum)), name="Besim Rexhepi", birth_year=1970)
    with count_queries(app) as short:
        response = _import(client, _people_file(2))
    page = text_of(response)
    assert "4 residents added." in page and "6 lines rejected." in page
    assert "4 lines may be people already in the register." in page
    for line in ("Line 3:", "Line 4:", "Line 5:", "Line 6:", "Line 7:", "Line 10:"):
        assert line in page
    assert "Line 2:" not in page and "Line 8:" not in page
    first = next(r for r in _records(app) if (r.full_name, r.birth_year) == ("Person 0", 1990))
    assert f'name="merge_into" value="{first.id}"' in response.get_data(as_text=True)
    app.config["UPLOAD_MAX_BYTES"] = 1_000_000
    with count_queries(app) as long:
        page = text_of(_import(client, _people_file(200, "Other")))
    assert "400 residents added." in page and "600 lines rejected." in page
    assert long["n"] <= short["n"] + 4  # the inserts may go in a few batches
    assert sorted((r.full_name, r.birth_year) for r in _records(app)
                  if r.full_name.startswith("Person")) == [
        ("Person 0", 1962), ("Person 0", 1990), ("Person 1", 1962), ("Person 1", 1990)]
