"""Two app servers and two workers on one PostgreSQL and Redis, one worker killed midway: each
ballot, e-mail, reminder and closing happens once (bench/cluster.py, at a smaller size)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url

pytestmark = pytest.mark.cluster


@pytest.fixture
def services():
    database, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    if not database or not database.startswith("postgresql") or not redis_url:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL")
    database = make_url(database.replace("postgresql://", "postgresql+psycopg://", 1))
    return (database.set(database="forum_cluster_test").render_as_string(hide_password=False),
            urlsplit(redis_url)._replace(path="/14").geturl())  # a database of its own


def test_every_ballot_mail_reminder_and_closing_happens_once(services):
    from bench.cluster import run

    database, redis_url = services
    figures = run(voters=160, emails=80, members=12, database=database, redis_url=redis_url,
                  wait=150)
    assert figures["answers"] == {("vote", 302): 160, ("reset", 302): 80}
    assert figures["voters_recorded"] == figures["participations"] == figures["ballots"] == 160
    assert figures["reminders"] == 12 and figures["outbox"] == 80 + 12
    assert figures["outbox_unsent"] == 0
    assert figures["mail_distinct"] == 92  # every e-mail arrived
    # SMTP cannot be undone: a message whose "250 OK" came in the instant before its worker was
    # killed is sent again, with the same Message-ID. At most one per killed worker thread.
    assert figures["mail_received"] - figures["mail_distinct"] <= 2
    assert figures["closings"] == 1 and figures["phase"] == "results"
    assert figures["result_rows"] == figures["distinct_result_rows"] == 20
    assert figures["photo_sizes"][0] == figures["photo_sizes"][1] > 0
