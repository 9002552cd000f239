"""The tally's C library: compiled from its sources, named by them, and honest when it cannot be."""

from __future__ import annotations

import ctypes

import pytest

from forum.budgeting.tally import native


def test_the_library_compiles_and_has_both_functions(tmp_path):
    target = tmp_path / native.library_name()

    native.build(target)
    library = ctypes.CDLL(str(target))

    assert library.add1_scan and library.count_votes
    assert [p.name for p in tmp_path.iterdir()] == [target.name]    # no partial file left


def test_an_edited_source_gets_a_library_of_its_own(tmp_path, monkeypatch):
    before = native.library_name()
    edited = []
    for source in native.SOURCES:
        copy = tmp_path / source.name
        copy.write_text(source.read_text() + "\n/* edited */\n")
        edited.append(copy)
    monkeypatch.setattr(native, "SOURCES", tuple(edited))

    assert native.library_name() != before


def test_without_a_compiler_the_library_is_said_to_be_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("CC", "false")

    with pytest.raises(native.KernelUnavailable, match="compiling"):
        native.build(tmp_path / "tally.so")
    assert list(tmp_path.iterdir()) == []
