"""Long work as jobs: claimed once, progress seen while it runs (htmx, or a page that refreshes
itself), a failure told in the reader's language with nothing kept, a form sent twice giving
one job, a killed worker's job given back once, and the minutes PDF laid out by a job."""

from __future__ import annotations

import io
import secrets
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from flask_login import login_user
from sqlalchemy import func, select

from forum.accounts.models import User
from forum.budgeting.models import Cycle, ResidentRecord
from forum.core import jobs, once
from forum.core.db import utcnow
from forum.core.models import Job
from forum.extensions import db
from forum.forums.models import Forum
from tests.conftest import make_app
from tests.fixtures.accounts import create_user, sign_in_as
from tests.fixtures.forums import add_member, create_forum
from tests.fixtures.jobs import create_job
from tests.helpers import text_of

PB = Path(__file__).resolve().parents[1] / "data" / "pabulib" / "Netherlands_Assen_2024.pb"
LIST = "name,birth_year\nAna Petrova,1980\nBesim Rexhepi,1970\n"
# The second project costs a tenth of a cent: loading stops after the cycle was written.
BAD_PB = ("META\nkey;value\ndescription;Bad\nnum_projects;2\nnum_votes;2\nbudget;100\n"
          "vote_type;approval\ncurrency;EUR\nPROJECTS\nproject_id;cost;name\n1;20;A\n"
          "2;10.123;B\nVOTES\nvoter_id;vote\n1;1,2\n2;1\n")


@pytest.fixture
def town(app):
    """A forum with its secretariat, a member, and the secretariat of another forum."""
    with app.app_context():
        forum = create_forum(slug="f", languages=["en", "sq"])
        other = create_forum(slug="g")
        people = {name: create_user(display_name=name) for name in
                  ("secretariat", "member", "other", "starter")}
        add_member(forum, people["secretariat"], role="secretariat")
        add_member(forum, people["member"])
        add_member(forum, people["starter"])
        add_member(other, people["other"], role="secretariat")
        return forum.id, {name: user.id for name, user in people.items()}


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _job(app, job_id) -> Job:
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.input  # noqa: B018 - loaded (it is deferred) before the session closes
        db.session.expunge(job)
        return job


def _make(app, town, **fields) -> int:
    forum_id, people = town
    with app.app_context():
        return create_job(db.session.get(Forum, forum_id),
                          db.session.get(User, people["starter"]), **fields).id


def test_who_sees_a_job_the_one_who_started_it_and_the_secretariat(app, client, town):
    _forum, people = town
    job_id = _make(app, town)
    url = f"/en/forums/f/jobs/{job_id}"
    assert client.get(url).status_code == 302  # to the sign-in page
    for name, status in (("starter", 200), ("secretariat", 200), ("member", 403),
                         ("other", 403)):
        sign_in_as(client, people[name])
        assert client.get(url).status_code == status, name
    assert client.get(f"/en/forums/g/jobs/{job_id}").status_code == 404  # not that forum's
    assert client.get("/en/forums/f/jobs/99999").status_code == 404


def test_while_it_runs_htmx_polls_the_partial_and_without_javascript_the_page_refreshes(
        app, client, town):
    _forum, people = town
    job_id = _make(app, town, status="running", rows_total=20_000, rows_done=5_000,
                   errors=[{"line": 7, "text": "there is no name", "args": {}}],
                   error_count=1)
    sign_in_as(client, people["starter"])
    url = f"/en/forums/f/jobs/{job_id}"
    page = client.get(url)
    html = page.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in html
    assert f'<a href="{url}">Refresh</a>' in html
    assert "5,000 of 20,000 lines done" in text_of(page)
    assert "Line 7: there is no name" in text_of(page)
    assert page.headers["Cache-Control"] == "no-store" and "HX-Request" in page.headers["Vary"]
    partial = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in partial
    assert 'hx-trigger="every 2s"' in partial and f'hx-get="{url}"' in partial
    with app.app_context():
        job = db.session.get(Job, job_id)
        job.status, job.report, job.rows_done = "done", {"added": 1, "rejected": [],
                                                         "duplicates": []}, 20_000
        db.session.commit()
    done = client.get(url, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "hx-trigger" not in done and "1 resident added." in done  # polling stops
    assert '<meta http-equiv="refresh"' not in client.get(url).get_data(as_text=True)


def test_a_form_starts_a_job_and_leads_to_its_page_with_the_report(app, client, town):
    _forum, people = town
    sign_in_as(client, people["secretariat"])
    response = client.post("/en/forums/f/budgeting/residents/import",
                           data={"file": (io.BytesIO(LIST.encode()), "list.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 303 and "/en/forums/f/jobs/" in response.location
    page = text_of(client.get(response.location))
    assert "Done" in page and "2 residents added." in page
    job = _job(app, int(response.location.rsplit("/", 1)[1]))
    assert (job.status, job.rows_total, job.rows_done, job.attempts) == ("done", 2, 2, 1)
    assert job.input is None  # the uploaded file is not kept once the job ends
    register = client.get("/en/forums/f/budgeting/residents").get_data(as_text=True)
    assert f'href="{response.location}"' in register  # found again after leaving its page


def test_the_same_form_sent_twice_starts_one_job(app, client, town):
    _forum, people = town
    sign_in_as(client, people["secretariat"])
    token = secrets.token_urlsafe(16)

    def send():
        return client.post("/en/forums/f/budgeting/residents/import",
                           data={"file": (io.BytesIO(LIST.encode()), "list.csv"),
                                 once.FIELD: token}, content_type="multipart/form-data")

    first, second = send(), send()
    assert first.status_code == 303 and second.status_code == 303
    assert second.location.endswith(first.location)
    assert _count(app, Job) == 1 and _count(app, ResidentRecord) == 2


def test_a_failed_job_says_why_in_the_readers_language_and_keeps_nothing(app, client, town):
    _forum, people = town
    sign_in_as(client, people["secretariat"])
    response = client.post("/en/forums/f/budgeting/import",
                           data={"file": (io.BytesIO(BAD_PB.encode()), "bad.pb")},
                           content_type="multipart/form-data")
    job = _job(app, int(response.location.rsplit("/", 1)[1]))
    assert job.status == "failed" and job.finished_at is not None and job.input is None
    assert "more decimals than the currency" in text_of(client.get(response.location))
    assert _count(app, Cycle) == 0  # the cycle written before the bad amount is gone
    app.config["UPLOAD_MAX_BYTES"] = 10  # the job checks again what the form checked
    with app.test_request_context("/en/"):
        login_user(db.session.get(User, people["secretariat"]))
        job_id = jobs.start("budget.residents", forum=db.session.get(Forum, town[0]),
                            input=LIST.encode()).id
    assert _job(app, job_id).failure == {"text": "The file is larger than %(size)s.",
                                         "args": {"size": "1 kB"}}
    english = text_of(client.get(f"/en/forums/f/jobs/{job_id}"))
    albanian = text_of(client.get(f"/sq/forums/f/jobs/{job_id}"))
    assert "The file is larger than 1 kB." in english
    assert "Skedari është më i madh se 1 kB." in albanian
    assert _count(app, ResidentRecord) == 0


def test_a_web_pb_file_is_loaded_like_the_command_does(app, client, town):
    _forum, people = town
    sign_in_as(client, people["secretariat"])
    assert client.get("/en/forums/f/budgeting/import").status_code == 200
    page = client.post("/en/forums/f/budgeting/import",
                       data={"file": (io.BytesIO(PB.read_bytes()), PB.name)},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "The file is loaded as a closed budget: Assen Top Idee · 2024." in text_of(page)
    assert "9 items are funded." in text_of(page)
    sign_in_as(client, people["member"])
    assert client.post("/en/forums/f/budgeting/import",
                       data={"file": (io.BytesIO(PB.read_bytes()), PB.name)},
                       content_type="multipart/form-data").status_code == 403
    assert _count(app, Cycle) == 1


def test_a_job_is_claimed_once(app, town):
    job_id = _make(app, town, status="queued", report=None, input=LIST.encode(),
                   rows_done=0)
    with app.app_context():
        assert jobs.run(job_id) == "done"
        assert jobs.run(job_id) is None  # a second delivery of the task finds it taken
    assert _count(app, ResidentRecord) == 2 and _job(app, job_id).attempts == 1


def test_a_killed_workers_job_is_given_back_once_and_then_done(app, town):
    late = utcnow() - jobs.STUCK_AFTER - timedelta(minutes=1)
    job_id = _make(app, town, status="running", report=None, input=LIST.encode(),
                   rows_done=0, attempts=1, started_at=late, heartbeat_at=late)
    fresh = _make(app, town, status="running", report=None, input=LIST.encode(),
                  rows_done=0, attempts=1, heartbeat_at=utcnow())
    with app.app_context():
        assert jobs.requeue_stuck() == 1  # given back, and run at once in tests
        assert jobs.requeue_stuck() == 0
    job = _job(app, job_id)
    assert (job.status, job.attempts) == ("done", 2)
    assert _job(app, fresh).status == "running"  # its worker is alive: left alone
    assert _count(app, ResidentRecord) == 2


def test_a_job_that_keeps_killing_its_worker_stops_with_a_reason(app, town):
    late = utcnow() - jobs.STUCK_AFTER - timedelta(minutes=1)
    job_id = _make(app, town, status="running", report=None, input=LIST.encode(),
                   rows_done=0, attempts=jobs.MAX_ATTEMPTS, heartbeat_at=late)
    with app.app_context():
        jobs.requeue_stuck()
    job = _job(app, job_id)
    assert job.status == "failed" and job.failure["args"] == {"num": jobs.MAX_ATTEMPTS}
    assert _count(app, ResidentRecord) == 0


def test_a_lost_task_is_queued_again(app, town):
    job_id = _make(app, town, status="queued", report=None, input=LIST.encode(), rows_done=0,
                   created_at=utcnow() - jobs.LOST_AFTER - timedelta(minutes=1))
    with app.app_context():
        assert jobs.requeue_stuck() == 1
    assert _job(app, job_id).status == "done"


def test_progress_and_errors_are_seen_while_the_work_goes_on(app, town, monkeypatch):
    monkeypatch.setattr(jobs, "EVERY_SECONDS", 0)  # every 500 rows, however fast
    seen = []

    def work(job, progress):
        progress.set_total(1_200)
        for row in range(1, 1_201):
            if row % 20 == 0:
                progress.error(row, jobs.CRASHED)
            progress.step(row)
            if row in (600, 1_100):
                with db.engine.connect() as other:
                    seen.append(other.execute(select(Job.rows_done, Job.error_count).where(
                        Job.id == job.id)).one())
        return {}

    jobs.register(jobs.Kind("test.count", work, "Counting", "budgeting/_recount_report.html",
                            lambda job: ("/", "Back")))
    job_id = _make(app, town, kind="test.count", status="queued", report=None, rows_done=0)
    with app.app_context():
        assert jobs.run(job_id) == "done"
    assert seen == [(500, 25), (1_000, 50)]
    job = _job(app, job_id)
    assert job.error_count == 60 and len(job.errors) == jobs.MAX_ERRORS
    assert job.rows_done == job.rows_total == 1_200


def test_old_finished_jobs_are_forgotten(app, town):
    old = _make(app, town, finished_at=utcnow() - jobs.KEEP - timedelta(days=1))
    recent = _make(app, town)
    with app.app_context():
        assert jobs.forget_old() == 1
        assert db.session.get(Job, old) is None and db.session.get(Job, recent) is not None


def test_counting_again_is_a_job_for_the_secretariat(app, client, town):
    from tests.fixtures.budgeting import add_budget_item, create_cycle

    _forum, people = town
    with app.app_context():
        cycle = create_cycle(db.session.get(Forum, town[0]), closes_in=timedelta(seconds=-1))
        add_budget_item(cycle, "A", 1000)
        from forum.budgeting.results import close_due

        close_due()
        cycle_id = cycle.id
    sign_in_as(client, people["secretariat"])
    results = client.get(f"/en/forums/f/budgeting/{cycle_id}/results")
    assert "Count again from the stored ballots" in text_of(results)
    response = client.post(f"/en/forums/f/budgeting/{cycle_id}/results/recount")
    assert response.status_code == 303
    assert "The results are counted again" in text_of(client.get(response.location))
    # counting again later, after a correction, from the same page: a new count, not a repeat
    url = f"/en/forums/f/budgeting/{cycle_id}/results"
    sent = {"once": "one-page-one-token-1234"}
    for _ in range(2):
        after = client.get(url).text.split('name="after" value="')[1].split('"')[0]
        assert client.post(f"{url}/recount", data={**sent, "after": after}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Job).where(
            Job.kind == "budget.recount")) == 3


def test_a_minutes_pdf_not_laid_out_yet_shows_its_progress_until_it_is(app, client,
                                                                        monkeypatch):
    from tests.fixtures.minutes import (
        create_held_meeting,
        create_minutes,
        decision,
        publish_minutes,
    )

    with app.app_context():
        forum = create_forum(slug="m")
        secretariat = create_user()
        add_member(forum, secretariat, role="secretariat")
        minutes = create_minutes(create_held_meeting(forum), decisions=[decision("A desk")])
        publish_minutes(minutes, secretariat)
        minutes_id = minutes.id
    monkeypatch.setattr(jobs, "queue", lambda job_id: None)  # no worker has taken it yet
    url = f"/en/forums/m/minutes/{minutes_id}/versions/1.pdf"
    waiting = client.get(url)
    html = waiting.get_data(as_text=True)
    assert waiting.status_code == 202 and waiting.mimetype == "text/html"
    assert '<meta http-equiv="refresh" content="3">' in html and f'href="{url}"' in html
    assert 'hx-trigger="every 3s"' in html
    assert client.get(url).status_code == 202 and _count(app, Job) == 1  # still one job
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 202 and "<html" not in polled.get_data(as_text=True)
    with app.app_context():
        assert jobs.run(db.session.scalar(select(Job.id))) == "done"
    after = client.get(url, headers={"HX-Request": "true"})
    assert after.status_code == 204 and after.headers["HX-Redirect"] == url
    assert client.get(url).data.startswith(b"%PDF")


def test_two_workers_asking_at_once_run_a_job_once(app, town):
    job_id = _make(app, town, status="queued", report=None, input=LIST.encode(), rows_done=0)
    answers, start = [], threading.Barrier(2)

    def worker():
        with app.app_context():
            start.wait()
            answers.append(jobs.run(job_id))
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(answers, key=str) == [None, "done"]
    assert _count(app, ResidentRecord) == 2


def _wait_for(app, job_id, ready, seconds=90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = _job(app, job_id)
        if ready(job):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} is still {job.status} ({job.rows_done} rows)")


def test_a_worker_killed_mid_job_leaves_nothing_and_the_job_is_done_once_later(
        database_url, tmp_path):
    from tests.conftest import empty_all_tables
    from tests.core.test_queue import ROOT, _worker_environment

    queue_file, lines = tmp_path / "queue.sqlite", 40_000
    app = make_app(database_url, QUEUE_IMMEDIATE=False, QUEUE_URL=f"sqlite:///{queue_file}",
                   UPLOAD_MAX_BYTES=10_000_000)
    people = "name,birth_year\n" + "".join(f"Person {n},{1930 + n % 80}\n" for n in range(lines))
    with app.test_request_context("/en/"):
        forum = create_forum(slug="w")
        login_user(create_user())
        job_id = jobs.start("budget.residents", forum=forum, input=people.encode()).id
    environment = {**_worker_environment(database_url, queue_file, 1),
                   "FORUM_UPLOAD_MAX_BYTES": "10000000"}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "-w", "1"]

    def worker():
        return subprocess.Popen(command, cwd=ROOT, env=environment,  # noqa: S603
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    try:
        first = worker()
        try:
            _wait_for(app, job_id, lambda job: job.status == "running" and job.rows_done > 0)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(20)
        killed = _job(app, job_id)
        assert killed.status == "running" and _count(app, ResidentRecord) == 0
        with app.app_context():
            later = utcnow() + jobs.STUCK_AFTER + timedelta(minutes=1)
            assert jobs.requeue_stuck(later) == 1
            assert jobs.requeue_stuck(later) == 0  # given back once
        second = worker()
        try:
            done = _wait_for(app, job_id, lambda job: job.status != "queued"
                             and job.status != "running")
        finally:
            second.terminate()
            second.wait(20)
        assert (done.status, done.attempts, done.rows_done) == ("done", 2, lines)
        assert _count(app, ResidentRecord) == lines
    finally:
        with app.app_context():
            empty_all_tables()
        make_app(database_url)  # back to running tasks at once for the tests that follow


def test_an_unexpected_error_keeps_nothing_and_says_so_in_plain_words(app, client, town,
                                                                       caplog):
    def work(job, progress):
        db.session.add(ResidentRecord(forum_id=job.forum_id, full_name="Half written",
                                      method="import"))
        db.session.flush()
        raise RuntimeError("a bug")

    jobs.register(jobs.Kind("test.bug", work, "Bug", "budgeting/_recount_report.html",
                            lambda job: ("/", "Back")))
    job_id = _make(app, town, kind="test.bug", status="queued", report=None, rows_done=0)
    with app.app_context():
        assert jobs.run(job_id) == "failed"
    assert f"job {job_id} (test.bug) failed" in caplog.text
    assert _count(app, ResidentRecord) == 0
    sign_in_as(client, town[1]["starter"])
    page = text_of(client.get(f"/en/forums/f/jobs/{job_id}"))
    assert "Something went wrong on our side. Nothing was saved" in page and "a bug" not in page
