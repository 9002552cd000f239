"""Serbian Cyrillic → Latin: capitals, protected placeholders and tags, and content."""

from __future__ import annotations

import pytest

from forum.i18n.serbian import to_latin
from tests.fixtures.forums import create_forum
from tests.helpers import text_of


@pytest.mark.parametrize(("cyrillic", "latin"), [
    ("Љубљана", "Ljubljana"),
    ("ЉУБЉАНА", "LJUBLJANA"),
    ("Његош и ЊЕГОШ", "Njegoš i NJEGOŠ"),
    ("Џеп, ЏЕП", "Džep, DŽEP"),
    ("ђак ћуфта чаша жаба шума", "đak ćufta čaša žaba šuma"),
    ("Џ", "Dž"),
    ("ЏЏ", "DŽDŽ"),
])
def test_letters_and_capitals(cyrillic, latin):
    assert to_latin(cyrillic) == latin


def test_placeholders_tags_entities_and_urls_are_left_alone():
    text = ('%(count)d гласова за <a href="/sr/предлог">предлог</a> &amp; {name} '
            "на https://пример.срб/пут и %s")
    assert to_latin(text) == ('%(count)d glasova za <a href="/sr/предлог">predlog</a> &amp; '
                              "{name} na https://пример.срб/пут i %s")


def test_latin_text_passes_through_unchanged():
    assert to_latin("Forum za socijalni dijalog — nadživeti") == \
        "Forum za socijalni dijalog — nadživeti"


def test_cyrillic_content_is_shown_in_latin_to_latin_readers(app, client):
    with app.app_context():
        create_forum(slug="sr-forum", name="Форум Бијељина", language="sr",
                     description="Џеп ЉУДИ")
    latin = text_of(client.get("/sr-Latn/forums/sr-forum/"))
    assert '<h1 lang="sr-Latn">Forum Bijeljina</h1>' in latin
    assert "Džep LJUDI" in latin
    cyrillic = text_of(client.get("/sr/forums/sr-forum/"))
    assert '<h1 lang="sr">Форум Бијељина</h1>' in cyrillic


def test_latin_content_is_not_converted_for_cyrillic_readers(app, client):
    with app.app_context():
        create_forum(slug="lat", name="Forum Trebinje", language="sr_Latn")
    page = text_of(client.get("/sr/forums/lat/"))
    assert '<h1 lang="sr-Latn">Forum Trebinje</h1>' in page
    assert 'class="lang-note"' not in page
