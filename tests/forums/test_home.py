"""A forum's home page: what it is and who takes part, names only when people chose so."""

from __future__ import annotations

from tests.fixtures.accounts import create_user
from tests.fixtures.forums import add_member, create_forum
from tests.helpers import count_queries, text_of


def test_members_are_counted_by_sector_and_named_only_if_public(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        add_member(forum, create_user(display_name="Public Person"), sector="ngo",
                   organisation="Roma NGO", name_public=True)
        add_member(forum, create_user(display_name="Hidden Person"), sector="ngo")
        add_member(forum, create_user(display_name="Officer"), sector="police")
    page = text_of(client.get("/en/forums/f/"))
    assert "Public Person — Roma NGO" in page
    assert "Hidden Person" not in page and "Officer" not in page
    assert "@example.org" not in page
    ngo_row = page.split("Non-governmental organisation</th>")[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in ngo_row


def test_the_reader_sees_a_translation_when_there_is_one(app, client):
    with app.app_context():
        forum = create_forum(slug="f", name="Форум", language="mk", description="Опис")
        forum.set_translation("sq", name="Forumi", description="Përshkrim")
        from forum.extensions import db

        db.session.commit()
    page = text_of(client.get("/sq/forums/f/"))
    assert '<h1 lang="sq">Forumi</h1>' in page and "Përshkrim" in page
    assert 'class="lang-note"' not in page


def test_home_and_index_queries_do_not_grow_with_members_or_forums(app, client):
    with app.app_context():
        forum = create_forum(slug="f")
        for _ in range(3):
            add_member(forum, create_user(), name_public=True)
        create_forum()
    with count_queries(app) as small_home:
        client.get("/en/forums/f/")
    with count_queries(app) as small_index:
        client.get("/en/")
    with app.app_context():
        for _ in range(30):
            add_member(forum, create_user(), name_public=True, sector="school")
        for _ in range(10):
            create_forum()
    with count_queries(app) as large_home:
        client.get("/en/forums/f/")
    with count_queries(app) as large_index:
        client.get("/en/")
    assert large_home["n"] == small_home["n"]
    assert large_index["n"] == small_index["n"]
