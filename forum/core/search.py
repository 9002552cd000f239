"""Text as the simple searches fold it: any case, Cyrillic or Latin, with or without accents.

People on cheap phones often type without diacritics ("vrtic", "kopeshti", "romskom jeziku"),
so stored text keeps an accent-free Latin spelling next to the original and a query is folded
the same way before it is compared.
"""

from __future__ import annotations

import unicodedata

from forum.i18n.serbian import to_latin

# Macedonian letters Serbian lacks, in the Latin spelling Macedonians type.
_MACEDONIAN = str.maketrans({"ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ѐ": "е", "ѝ": "и"})
# Letters that carry no combining mark to strip.
_PLAIN = str.maketrans({"đ": "dj", "ħ": "h", "ł": "l", "ø": "o", "ß": "ss", "ı": "i"})


def plain(text: str) -> str:
    """Lower case, Serbian and Macedonian Cyrillic in Latin letters, accents removed."""
    latin = to_latin(text.casefold().translate(_MACEDONIAN))
    decomposed = unicodedata.normalize("NFKD", latin)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.translate(_PLAIN)


def searchable(pieces: list[str]) -> str:
    """What a search looks in: the pieces case-folded, then once more in plain letters."""
    folded = "\n".join(pieces).casefold()
    simple = plain(folded)
    return folded if simple == folded else f"{folded}\n{simple}"


def query_words(text: str, limit: int = 8) -> list[str]:
    """The words of a query, each folded to plain letters."""
    return [plain(word) for word in text.split()[:limit]]
