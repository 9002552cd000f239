"""People's text: its language, translations, the note for other readers, safe Markdown."""

from __future__ import annotations

from forum.core.content import render_markdown
from tests.fixtures.forums import create_forum


def test_reader_sees_their_language_or_the_original_with_a_note(ctx):
    forum = create_forum(name="Форум Тетово", language="mk")
    forum.set_translation("sq", name="Forumi Tetovë")
    assert forum.localized("name", "sq").text == "Forumi Tetovë"
    assert not forum.localized("name", "sq").other_language
    shown = forum.localized("name", "rom")
    assert (shown.text, shown.language, shown.other_language) == ("Форум Тетово", "mk", True)
    assert forum.localized("name", "mk").text == "Форум Тетово"


def test_an_empty_translation_removes_it(ctx):
    forum = create_forum(name="Forum", language="en")
    forum.set_translation("sq", name="Forumi")
    forum.set_translation("sq", name="  ")
    assert forum.translations == {}
    assert forum.localized("name", "sq").other_language


def test_markdown_is_rendered_and_dangerous_markup_removed():
    html = str(render_markdown(
        "**bold** [ok](https://example.org) [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script><img src=x onerror=alert(1)>"
        '<a href="#" onclick="alert(1)">x</a>'))
    assert "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html
    assert "javascript:" not in html
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "<img" not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_forum_page_marks_other_language_passages(app, client):
    with app.app_context():
        create_forum(slug="mkf", name="Форум", language="mk", description="Опис *важен*")
    page = client.get("/en/forums/mkf/").get_data(as_text=True)
    assert '<h1 lang="mk">Форум</h1>' in page
    assert "Written in Macedonian." in page
    assert "<em>важен</em>" in page
