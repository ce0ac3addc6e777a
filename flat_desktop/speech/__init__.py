"""Speech for the station: read each step aloud, repeat it, stop it, in the worker's voice and pace.

Use :func:`create_speaker` once at start-up and keep the :class:`Speaker`; nothing here
imports Qt except :mod:`flat_desktop.speech.qt`, which is loaded only for Qt engines.
"""

from flat_desktop.speech.base import (
    NORMAL_WPM,
    EngineUnavailable,
    SpeechEngine,
    SpeechJob,
    SpeechListener,
    SpeechSettings,
    Utterance,
    Voice,
    pick_voice,
)
from flat_desktop.speech.factory import create_speaker, make_engine
from flat_desktop.speech.null import NullEngine
from flat_desktop.speech.speaker import Speaker

__all__ = [
    "NORMAL_WPM",
    "EngineUnavailable",
    "NullEngine",
    "Speaker",
    "SpeechEngine",
    "SpeechJob",
    "SpeechListener",
    "SpeechSettings",
    "Utterance",
    "Voice",
    "create_speaker",
    "make_engine",
    "pick_voice",
]
