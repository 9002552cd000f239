"""The groups a proposal can concern: every forum starts with the standard ones (named by the
catalogs in every language) and edits its own list; nothing a proposal names is ever lost."""

from __future__ import annotations

import re

from flask_babel import force_locale, gettext
from sqlalchemy import select

from forum.extensions import db
from forum.proposals.models import DEFAULT_GROUPS, TargetGroup
from tests.fixtures.accounts import sign_in_as
from tests.fixtures.forums import create_forum
from tests.fixtures.proposals import create_proposal, group_of
from tests.helpers import text_of


def _groups(app, forum_id: int) -> list[TargetGroup]:
    with app.app_context():
        return list(db.session.scalars(select(TargetGroup).where(
            TargetGroup.forum_id == forum_id).order_by(TargetGroup.position)))


def test_a_new_forum_has_the_standard_groups_in_every_language(app, client):
    with app.app_context():
        forum = create_forum(slug="new", languages=["mk", "sq"])
    assert [g.key for g in _groups(app, forum.id)] == list(DEFAULT_GROUPS)
    form = text_of(client.get("/sq/forums/new/proposals/?status=all"))
    with app.test_request_context(), force_locale("sq"):
        assert gettext("People with disabilities") in form
        assert gettext("Women and girls") != "Women and girls"


def test_the_secretariat_adds_renames_and_stops_offering_groups(app, client, town):
    with app.app_context():
        roma = group_of(town.forum, "roma")
        proposal = create_proposal(town.forum, town.resident, group_keys=("roma",))
    sign_in_as(client, town.secretariat)
    assert client.post("/en/forums/f/proposals/groups",
                       data={"name": "", "language": "en"}).status_code == 400
    client.post("/en/forums/f/proposals/groups",
                data={"name": "Seasonal workers", "language": "en"})
    assert _groups(app, town.forum.id)[-1].name == "Seasonal workers"

    url = f"/en/forums/f/proposals/groups/{roma.id}"
    client.post(url, data={"name": "Roma and Egyptians", "language": "en"})
    assert "Roma and Egyptians" in text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    client.post(url, data={"name": "", "language": "en"})  # back to the standard name
    page = text_of(client.get(f"/sq/forums/f/proposals/{proposal.id}"))
    with app.test_request_context(), force_locale("sq"):
        assert f'<span lang="sq">{gettext("Roma")}</span>' in page

    client.post(f"{url}/offer", data={"offered": "no"})
    offered = re.compile(rf'name="groups" id="groups-\d+" value="{roma.id}"')
    assert not offered.search(text_of(client.get("/en/forums/f/proposals/new")))
    assert "Roma" in text_of(client.get(f"/en/forums/f/proposals/{proposal.id}"))
    client.post(f"{url}/offer", data={"offered": "yes"})
    assert offered.search(text_of(client.get("/en/forums/f/proposals/new")))
    log = text_of(client.get("/en/forums/f/audit"))
    for action in ("Group added", "Group renamed", "Group no longer offered",
                   "Group offered again"):
        assert action in log


def test_a_groups_own_name_can_be_translated(app, client, town):
    with app.app_context():
        own = TargetGroup(forum_id=town.forum.id, name="Seasonal workers", language="en")
        db.session.add(own)
        db.session.commit()
        create_proposal(town.forum, town.resident, title="Harvest", groups=[])
    sign_in_as(client, town.secretariat)
    client.post(f"/en/forums/f/proposals/groups/{own.id}/translations",
                data={"target": "sq", "name": "Punëtorë sezonalë"})
    page = text_of(client.get("/sq/forums/f/proposals/"))
    assert f'<option value="{own.id}" lang="sq">Punëtorë sezonalë</option>' in page


def test_a_custom_group_needs_a_name_and_groups_of_other_forums_are_not_found(app, client,
                                                                            town):
    with app.app_context():
        own = TargetGroup(forum_id=town.forum.id, name="Seasonal workers", language="en")
        db.session.add(own)
        db.session.commit()
        foreign = group_of(create_forum(slug="else"), "roma")
    sign_in_as(client, town.secretariat)
    response = client.post(f"/en/forums/f/proposals/groups/{own.id}",
                           data={"name": "  ", "language": "en"})
    assert response.status_code == 400 and "Give the group a name." in text_of(response)
    assert client.get(f"/en/forums/f/proposals/groups/{foreign.id}").status_code == 404
