"""Search folding: any case, Cyrillic or Latin, with or without accents."""

from __future__ import annotations

import pytest

from forum.core.search import plain, query_words, searchable


@pytest.mark.parametrize(("text", "folded"), [
    ("Вртић", "vrtic"),
    ("ŠALTER", "salter"),
    ("Kopshti për fëmijët", "kopshti per femijet"),
    ("Ђурђевдан", "djurdjevdan"),  # đ typed as dj, as Serbian keyboards without it do
    ("Çka", "cka"),
    ("Ѓубре и ќерка, ѕвезда", "gjubre i kjerka, dzvezda"),  # Macedonian, as typed in Latin
])
def test_plain_letters(text, folded):
    assert plain(text) == folded


def test_stored_text_keeps_the_original_and_the_plain_spelling():
    stored = searchable(["Шалтер", "Fëmijët"])
    assert "шалтер" in stored and "fëmijët" in stored and "salter" in stored
    assert searchable(["plain words"]) == "plain words"


def test_a_query_is_split_into_at_most_eight_plain_words():
    assert query_words("  Šalter  ВРТИЋ ") == ["salter", "vrtic"]
    assert len(query_words("a " * 20)) == 8
