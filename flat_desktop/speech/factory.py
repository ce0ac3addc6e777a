"""Choosing a speech engine from the station's configuration string."""

from __future__ import annotations

import logging
import sys

from flat_desktop.speech.base import SpeechEngine, SpeechSettings
from flat_desktop.speech.null import NullEngine
from flat_desktop.speech.openjtalk_engine import OpenJTalkEngine
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine
from flat_desktop.speech.speaker import Speaker

log = logging.getLogger(__name__)

# Tried in this order when nothing (or something unusable) is configured.
DEFAULT_ORDER = ("pyttsx3", "qt")


def default_order(language: str, platform: str = sys.platform) -> tuple[str, ...]:
    """The engines to try, best first. Japanese on Linux: Open JTalk, a natural voice that reads
    kanji (espeak-ng reads kana only, and robotically). Windows' SAPI voices read kanji themselves."""
    if language.lower().startswith("ja") and platform.startswith("linux"):
        return ("openjtalk", *DEFAULT_ORDER)
    return DEFAULT_ORDER


def make_engine(spec: str) -> SpeechEngine:
    """``"openjtalk"``, ``"pyttsx3"``, ``"pyttsx3:espeak"``, ``"qt"``, ``"qt:winrt"``, ``"none"``.

    Raises ``ValueError`` for an unknown kind, ``ImportError`` if Qt speech is missing.
    """
    kind, _, variant = spec.strip().lower().partition(":")
    if kind in ("none", "off", ""):
        return NullEngine()
    if kind == "pyttsx3":
        return Pyttsx3Engine(variant or None)
    if kind == "openjtalk":
        return OpenJTalkEngine()
    if kind == "qt":
        from flat_desktop.speech.qt import QtSpeechEngine  # Qt only when asked for

        return QtSpeechEngine(variant or None)
    raise ValueError(f"unknown speech engine {spec!r}")


def create_speaker(preferred: str | None, language: str, settings: SpeechSettings | None = None) -> Speaker:
    """A :class:`Speaker` on the first engine that starts: ``preferred``, then the defaults.

    An engine that fails later (in its own thread) makes the speaker fall back to
    silence by itself; it always returns a working service, silent at worst.
    For a Qt engine, call this on the GUI thread after the QApplication exists.
    """
    if preferred and preferred.strip().lower() in ("none", "off"):
        return Speaker(NullEngine(), language, settings)
    specs = [preferred] if preferred else []
    specs += [s for s in default_order(language) if s != preferred]
    for spec in specs:
        try:
            engine = make_engine(spec)
        except (ValueError, ImportError) as exc:
            log.warning("speech engine %s not usable: %s", spec, exc)
            continue
        speaker = Speaker(engine, language, settings)
        if speaker.available:
            return speaker
        speaker.shutdown()
    return Speaker(NullEngine(), language, settings)
