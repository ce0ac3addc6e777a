"""Choosing a speech engine from the station's configuration string."""

from __future__ import annotations

import logging

from flat_desktop.speech.base import SpeechEngine, SpeechSettings
from flat_desktop.speech.null import NullEngine
from flat_desktop.speech.pyttsx3_engine import Pyttsx3Engine
from flat_desktop.speech.speaker import Speaker

log = logging.getLogger(__name__)

# Tried in this order when nothing (or something unusable) is configured.
DEFAULT_ORDER = ("pyttsx3", "qt")


def make_engine(spec: str) -> SpeechEngine:
    """``"pyttsx3"``, ``"pyttsx3:espeak"``, ``"qt"``, ``"qt:winrt"``, ``"none"``.

    Raises ``ValueError`` for an unknown kind, ``ImportError`` if Qt speech is missing.
    """
    kind, _, variant = spec.strip().lower().partition(":")
    if kind in ("none", "off", ""):
        return NullEngine()
    if kind == "pyttsx3":
        return Pyttsx3Engine(variant or None)
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
    specs += [s for s in DEFAULT_ORDER if s != preferred]
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
