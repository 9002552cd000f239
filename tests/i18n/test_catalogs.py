"""The catalogs are complete in every language, and the completeness check itself can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

from forum.i18n.catalogs import (
    CATALOG_DIR,
    PLURAL_FORMS,
    TRANSLATED,
    check_all,
    check_catalog,
    extract_to,
    generate_latin,
    po_path,
)

PLURAL_SAMPLES = (1, 2, 5, 11, 21, 22, 25, 101)
# The form index each language's grammar needs for PLURAL_SAMPLES.
EXPECTED_FORMS = {
    "sq": [0, 1, 1, 1, 1, 1, 1, 1],
    "mk": [0, 1, 1, 1, 0, 1, 1, 0],
    "sr": [0, 1, 2, 2, 0, 1, 2, 0],
    "sr_Latn": [0, 1, 2, 2, 0, 1, 2, 0],
    "rom": [0, 1, 1, 1, 1, 1, 1, 1],
}


def test_every_catalog_is_complete_without_fuzzy_or_broken_placeholders():
    problems = check_all()
    assert not problems, "\n".join(str(p) for p in problems[:40])


def test_catalogs_hold_every_message_the_code_uses(tmp_path):
    extract_to(tmp_path / "now.pot")
    with (tmp_path / "now.pot").open("rb") as handle:
        in_code = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for code in TRANSLATED:
        with po_path(code).open("rb") as handle:
            in_catalog = {m.id if isinstance(m.id, str) else m.id[0]
                          for m in read_po(handle, locale=code) if m.id}
        missing = sorted(in_code - in_catalog)
        assert not missing, f"{code} lacks {missing[:10]}: run `make translations`"


def test_latin_serbian_is_exactly_what_the_generator_makes(tmp_path, monkeypatch):
    committed = po_path("sr_Latn").read_text(encoding="utf-8")
    monkeypatch.setattr("forum.i18n.catalogs.po_path",
                        lambda code: (tmp_path / f"{code}.po") if code == "sr_Latn"
                        else CATALOG_DIR / code / "LC_MESSAGES" / "messages.po")
    generate_latin()
    regenerated = (tmp_path / "sr_Latn.po").read_text(encoding="utf-8")
    strip = lambda text: [line for line in text.splitlines()  # noqa: E731
                          if not line.startswith(('"POT-Creation', '"PO-Revision'))]
    assert strip(regenerated) == strip(committed), "run `make latin`"


@pytest.mark.parametrize("code", TRANSLATED)
def test_plural_forms_pick_the_right_form(code):
    translations = Translations.load(str(CATALOG_DIR), [code])
    with po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    message = catalog.get(("%(num)d member", "%(num)d members"))
    assert message is not None
    for n, form in zip(PLURAL_SAMPLES, EXPECTED_FORMS[code], strict=True):
        assert translations.ngettext(message.id[0], message.id[1], n) == message.string[form]


def test_the_plural_headers_are_the_grammatical_ones():
    for code in TRANSLATED:
        with po_path(code).open("rb") as handle:
            header = dict(read_po(handle, locale=code).mime_headers)["Plural-Forms"]
        assert header.replace(" ", "") == PLURAL_FORMS[code].replace(" ", "")


BROKEN = '''msgid ""
msgstr ""
"Language: mk\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Sign in"
msgstr ""

#, fuzzy
msgid "Save"
msgstr "Зачувај"

msgid "Welcome, %(name)s."
msgstr "Добредојде."

msgid "%(num)d member"
msgid_plural "%(num)d members"
msgstr[0] "еден член"
msgstr[1] "%(num)d члена"
'''


def test_the_check_finds_every_kind_of_problem(tmp_path):
    path = Path(tmp_path / "broken.po")
    path.write_text(BROKEN, encoding="utf-8")
    issues = {(p.message, p.issue.split(" [")[0]) for p in check_catalog("mk", path)}
    assert ("Sign in", "untranslated") in issues
    assert ("Save", "fuzzy") in issues
    assert ("Welcome, %(name)s.", "placeholders") in issues
    assert ("('%(num)d member', '%(num)d members')", "placeholders") in issues
    assert any(issue == "wrong Plural-Forms" for _m, issue in issues)


def test_a_macedonian_page_says_21_with_the_singular_form(app, client):
    from tests.fixtures.accounts import create_user
    from tests.fixtures.forums import add_member, create_forum

    with app.app_context():
        forum = create_forum(slug="big")
        for _ in range(21):
            add_member(forum, create_user())
    with po_path("mk").open("rb") as handle:
        singular = read_po(handle, locale="mk").get(("%(num)d member", "%(num)d members")).string[0]
    assert singular and singular != "%(num)d member"
    page = client.get("/mk/").get_data(as_text=True)
    assert singular.replace("%(num)d", "21") in page
