"""The `flask translate` commands: extract, update, generate Latin Serbian, compile and check.

They run Babel's own `pybabel` front end in this process, after the Romani locale and the
correct Macedonian plural rule are registered, so `rom` and `mk` catalogs keep their headers.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import click
from babel.messages import plurals
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po
from flask.cli import AppGroup

from forum.i18n import LANGUAGES, SOURCE_LANGUAGE
from forum.i18n.serbian import to_latin

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = ROOT / "translations"
TEMPLATE = CATALOG_DIR / "messages.pot"
TRANSLATED = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
GENERATED = {"sr_Latn": "sr"}
KEYWORDS = ["_l", "lazy_ngettext:1,2", "_nl:1,2"]

PLURAL_FORMS = {
    "sq": "nplurals=2; plural=(n != 1);",
    "mk": "nplurals=2; plural=(n%10==1 && n%100!=11) ? 0 : 1;",
    "sr": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 "
          "&& (n%100<10 || n%100>=20) ? 1 : 2);",
    "rom": "nplurals=2; plural=(n != 1);",
}
PLURAL_FORMS["sr_Latn"] = PLURAL_FORMS["sr"]

# `pybabel init -l mk` would write (n != 1): Macedonian says "21 глас", singular after 21, 31, 101.
plurals.PLURALS["mk"] = (2, "(n%10==1 && n%100!=11) ? 0 : 1")
plurals.PLURALS["rom"] = (2, "(n != 1)")

_PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifreExXgGcou]|\{[^{}\s]*\}")

translate = AppGroup("translate", help="Interface translations (catalogs under translations/).")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", *args])


def po_path(code: str) -> Path:
    return CATALOG_DIR / code / "LC_MESSAGES" / "messages.po"


@translate.command("extract", with_appcontext=False)
def extract_command() -> None:
    """Collect the interface's messages into translations/messages.pot."""
    extract_to(TEMPLATE)


def extract_to(target: Path) -> None:
    keywords = [arg for kw in KEYWORDS for arg in ("-k", kw)]
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), *keywords, "--add-comments=Translators:",
            "--project=forum", "--no-location", "--sort-output",
            "-o", str(target), str(ROOT))


@translate.command("update", with_appcontext=False)
def update_command() -> None:
    """Extract, then merge new messages into every hand-translated catalog (new ones created)."""
    extract_command.callback()
    for code in TRANSLATED:
        if code in GENERATED:
            continue
        action = "update" if po_path(code).exists() else "init"
        pybabel(action, "-i", str(TEMPLATE), "-d", str(CATALOG_DIR), "-l", code,
                *(["--no-fuzzy-matching", "--ignore-obsolete"] if action == "update" else []))
    generate_latin()


@translate.command("latin", with_appcontext=False)
def latin_command() -> None:
    """Regenerate the Latin Serbian catalog from the Cyrillic one."""
    generate_latin()


def generate_latin() -> None:
    for target, source in GENERATED.items():
        with po_path(source).open("rb") as handle:
            catalog = read_po(handle, locale=source)
        catalog.locale = target
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.string, tuple | list):
                message.string = tuple(to_latin(s) for s in message.string)
            else:
                message.string = to_latin(message.string)
        catalog.header_comment = (
            "# Serbian (Latin script) translations for forum.\n"
            "# Generated from translations/sr by `make latin`: edit the Cyrillic catalog, "
            "never this one."
        )
        po_path(target).parent.mkdir(parents=True, exist_ok=True)
        with po_path(target).open("wb") as handle:
            write_po(handle, catalog, width=76, omit_header=False)


@translate.command("merge", with_appcontext=False)
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--language", "code", required=True, type=click.Choice(TRANSLATED))
def merge_command(source: str, code: str) -> None:
    """Take the translations of SOURCE (a .po file) into the catalog of LANGUAGE."""
    changed = merge_translations(Path(source), code)
    if code in GENERATED.values():
        generate_latin()
    click.echo(f"{changed} message(s) taken into {code}.")


def merge_translations(source: Path, code: str) -> int:
    """Copy non-empty translations (and translator comments) for msgids the catalog has."""
    with source.open("rb") as handle:
        incoming = read_po(handle, locale=code)
    with po_path(code).open("rb") as handle:
        catalog = read_po(handle, locale=code)
    changed = 0
    for message in catalog:
        if not message.id:
            continue
        other = incoming.get(message.id, context=message.context)
        strings = other.string if other is not None else None
        if not strings or not all(strings if isinstance(strings, tuple) else [strings]):
            continue
        if message.string != strings or message.fuzzy:
            message.string = strings
            message.user_comments = list(other.user_comments)
            message.flags.discard("fuzzy")
            changed += 1
    with po_path(code).open("wb") as handle:
        write_po(handle, catalog, width=76)
    return changed


@translate.command("compile", with_appcontext=False)
def compile_command() -> None:
    """Compile every catalog to the .mo files the app reads."""
    pybabel("compile", "-d", str(CATALOG_DIR))


@dataclass(frozen=True)
class Problem:
    language: str
    message: str
    issue: str

    def __str__(self) -> str:
        return f"{self.language}: {self.issue}: {self.message!r}"


def placeholders(text: str) -> list[str]:
    return _PLACEHOLDER.findall(text or "")


def check_catalog(code: str, path: Path) -> list[Problem]:
    """Every problem that would show a reader English, a wrong plural, or a broken placeholder."""
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    problems = []
    header = catalog.mime_headers
    plural_header = dict(header).get("Plural-Forms", "")
    if plural_header.replace(" ", "") != PLURAL_FORMS[code].replace(" ", ""):
        problems.append(Problem(code, plural_header, "wrong Plural-Forms"))
    for message in catalog:
        if not message.id:
            continue
        problems.extend(Problem(code, str(message.id), issue) for issue in _message_issues(message))
    return problems


def _message_issues(message) -> list[str]:
    issues = []
    if message.fuzzy:
        issues.append("fuzzy")
    strings = list(message.string) if message.pluralizable else [message.string]
    if not all(s and s.strip() for s in strings):
        return [*issues, "untranslated"]
    # Every plural form carries the number: Macedonian uses form 0 for 21, 31, 101 as well.
    source = message.id[-1] if message.pluralizable else message.id
    wanted = set(placeholders(source))
    for string in strings:
        got = set(placeholders(string))
        if got != wanted:
            issues.append(f"placeholders {sorted(got)} instead of {sorted(wanted)}")
    return issues


def check_all() -> list[Problem]:
    problems = []
    for code in TRANSLATED:
        path = po_path(code)
        if not path.exists():
            problems.append(Problem(code, str(path), "catalog missing"))
            continue
        problems.extend(check_catalog(code, path))
    return problems


@translate.command("check", with_appcontext=False)
def check_command() -> None:
    """Fail when any catalog is incomplete, fuzzy, or has mismatched placeholders."""
    problems = check_all()
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{len(TRANSLATED)} catalogs complete.")


if __name__ == "__main__":  # `python -m forum.i18n.catalogs compile`: no app, no configuration
    translate(prog_name="python -m forum.i18n.catalogs")
