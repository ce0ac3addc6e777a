"""The frozen build leaves Sudachi's dictionary out: a kanji Open JTalk's dictionary lacks is still read."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from flat_desktop import japanese


def test_an_unknown_kanji_is_read_without_sudachis_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    pyopenjtalk = japanese.openjtalk()
    monkeypatch.setattr(pyopenjtalk, "read_unknown_kanji", pyopenjtalk.read_unknown_kanji)  # put back after
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "sudachidict_core" else real(name, *a))
    monkeypatch.setitem(sys.modules, "sudachidict_core", None)  # importing it fails, as in the frozen build
    japanese._engine.cache_clear()
    japanese._analysed.cache_clear()
    try:
        words = japanese.analyse("龘の字")
    finally:
        japanese._engine.cache_clear()
        japanese._analysed.cache_clear()
    assert words[0].surface == "龘" and words[0].spoken
