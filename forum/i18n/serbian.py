"""Serbian Cyrillic → Latin conversion for catalogs and for content written in Cyrillic.

Written by hand because the conversion must leave placeholders (`%(count)d`, `{name}`), HTML
tags, entities and URLs untouched and get capitals right (Љубљана → Ljubljana, ЉУБЉАНА →
LJUBLJANA), which the transliterators on PyPI do not all do. Latin → Cyrillic is ambiguous
(nadživeti, injekcija) and is never done.
"""

from __future__ import annotations

import re

_LOWER = dict(zip(
    "абвгдђежзијклљмнњопрстћуфхцчџш",
    ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj",
     "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"],
    strict=True,
))
_UPPER = {cyr.upper(): lat.capitalize() for cyr, lat in _LOWER.items()}
_DIGRAPH_CAPITALS = {"Љ", "Њ", "Џ"}

# Spans that are code, not words: printf and format placeholders, tags, entities, URLs, emails.
_PROTECTED = re.compile(
    r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifreExXgGcou%]"
    r"|\{[^{}\s]*\}"
    r"|<[^<>]*>"
    r"|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);"
    r"|(?:https?|ftp|mailto):[^\s<>\"']+"
    r"|\b[\w.+-]+@[\w-]+\.[\w.-]+"
)


def _convert_word_run(text: str) -> str:
    out = []
    for i, char in enumerate(text):
        if char in _LOWER:
            out.append(_LOWER[char])
        elif char in _UPPER:
            latin = _UPPER[char]
            if char in _DIGRAPH_CAPITALS and _in_capitals(text, i):
                latin = latin.upper()
            out.append(latin)
        else:
            out.append(char)
    return "".join(out)


def _in_capitals(text: str, i: int) -> bool:
    """Whether the letter at i is in an all-capitals word (ЉУБЉАНА), judged by its neighbours."""
    after = text[i + 1] if i + 1 < len(text) else ""
    if after.isalpha():
        return after.isupper()
    before = text[i - 1] if i > 0 else ""
    return before.isalpha() and before.isupper()


def to_latin(text: str | None) -> str | None:
    """Serbian Cyrillic text in Latin script, protected spans left as they are."""
    if not text:
        return text
    pieces, last = [], 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_convert_word_run(text[last:match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_convert_word_run(text[last:]))
    return "".join(pieces)
