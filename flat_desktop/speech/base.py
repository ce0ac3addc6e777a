"""The speech core: what is said, how it is said, and what an engine must offer.

Nothing here imports Qt, so the core (services, CLI, tests) can speak without a GUI.
Engines live in their own modules: :mod:`.pyttsx3_engine` (default), :mod:`.qt` (Qt
TextToSpeech) and :mod:`.null`. The :class:`~flat_desktop.speech.speaker.Speaker`
service sits in front of one engine and is what the rest of the application uses.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from flat_desktop import japanese, ruby

NORMAL_WPM = 175
"""Words per minute that relative rate 0.0 stands for (espeak-ng's own default)."""

_MIN_WPM, _MAX_WPM = 60, 450


@dataclass(frozen=True)
class Utterance:
    """One thing to say: the text as displayed and, optionally, its ruby markup.

    ``markup`` holds the stored readings (a step's reading ``"{封筒|ふうとう}を..."``, a
    name with its kana); when given, ``ruby.to_plain(markup)`` should equal ``text``.
    Engines that cannot read kanji get kana only: the stored readings first, then the
    Japanese analyser for whatever is left (see :func:`flat_desktop.japanese.kana_markup`).
    """

    text: str
    markup: str | None = None

    @classmethod
    def sentence(cls, template: str, **names: str) -> Utterance:
        """A translated sentence with names put in, each given as ruby markup (plain text is
        markup too): ``Utterance.sentence(_("Hello, {name}."), name="{山田|やまだ} {花子|はなこ}")``
        shows the name as written and lets a kana-only voice say it by its stored reading."""
        text = template.format(**{key: ruby.to_plain(value) for key, value in names.items()})
        markup = template.format(**names)
        return cls(text, markup if markup != text else None)

    def _kana(self) -> str:
        return japanese.kana_markup(self.text, self.markup)

    def spoken(self, kana_only: bool) -> str:
        """The string handed to an engine."""
        if kana_only:
            return ruby.to_kana(self._kana())
        return self.text

    def display_span(self, kana_only: bool, start: int, length: int) -> tuple[int, int]:
        """Map a word span in the spoken string back to ``(start, length)`` in ``text``.

        When kana were spoken, a word inside a ruby run highlights the whole base
        word (``ふうとう`` -> ``封筒``), since kana and kanji do not align letter by letter.
        """
        if not kana_only:
            return start, length
        end = start + max(length, 1)
        disp_start = disp_end = None
        spoken_pos = shown_pos = 0
        for base, kana in ruby.parse(self._kana()):
            said = kana or base
            s_end = spoken_pos + len(said)
            if s_end > start and spoken_pos < end:  # this run overlaps the word
                if kana is None:
                    lo = shown_pos + max(start - spoken_pos, 0)
                    hi = shown_pos + min(end - spoken_pos, len(base))
                else:
                    lo, hi = shown_pos, shown_pos + len(base)
                disp_start = lo if disp_start is None else disp_start
                disp_end = hi
            spoken_pos, shown_pos = s_end, shown_pos + len(base)
        if disp_start is None or disp_end is None:
            return min(start, len(self.text)), 0
        return disp_start, disp_end - disp_start


@dataclass(frozen=True)
class SpeechSettings:
    """A worker's speech preferences, applied to every utterance.

    ``voice``: an engine voice id or name, ``None`` for the best voice for the UI language.
    ``rate``: relative speed from -1.0 (half) through 0.0 (normal) to 1.0 (double), or,
    when above 1, words per minute (e.g. 140). ``volume``: 0.0 to 1.0.
    Out-of-range values are clamped when used, so a bad profile never stops speech.
    """

    voice: str | None = None
    rate: float = 0.0
    volume: float = 1.0
    enabled: bool = True

    def words_per_minute(self, normal: int = NORMAL_WPM) -> int:
        wpm = self.rate if self.rate > 1.0 else normal * 2.0 ** max(-1.0, min(1.0, self.rate))
        return round(max(_MIN_WPM, min(_MAX_WPM, wpm)))

    def relative_rate(self, normal: int = NORMAL_WPM) -> float:
        """The rate on Qt's -1..1 scale."""
        if self.rate > 1.0:
            return max(-1.0, min(1.0, math.log2(self.rate / normal)))
        return max(-1.0, min(1.0, self.rate))

    def clamped_volume(self) -> float:
        return max(0.0, min(1.0, self.volume))


@dataclass(frozen=True)
class Voice:
    """A voice an engine offers; ``language`` is a code like ``"ja"`` or ``"en-GB"`` (may be empty)."""

    id: str
    name: str
    language: str = ""


@dataclass(frozen=True)
class SpeechJob:
    """An utterance as handed to an engine: ``serial`` identifies it in engine events."""

    serial: int
    text: str
    settings: SpeechSettings
    language: str


class EngineUnavailable(RuntimeError):
    """The engine cannot be used on this PC (library, voice or audio device missing)."""


class EngineEvents(Protocol):
    """What an engine reports back; may be called from any thread."""

    def started(self, serial: int) -> None: ...
    def word(self, serial: int, start: int, length: int) -> None: ...
    def finished(self, serial: int, completed: bool) -> None: ...
    def error(self, message: str) -> None: ...
    def failed(self, message: str) -> None:
        """The engine stopped working for good; the service switches to silence."""
        ...


class SpeechEngine(Protocol):
    """One speech back end. Every method returns at once; work happens elsewhere.

    ``speak`` interrupts whatever the engine is saying. Word spans are offsets into
    ``SpeechJob.text``. ``kana_only`` engines cannot read kanji and get kana text.
    """

    name: str
    kana_only: bool

    def start(self, events: EngineEvents) -> None:
        """Begin; raise :class:`EngineUnavailable` if the engine is known unusable now."""
        ...

    def voices(self) -> list[Voice]: ...
    def speak(self, job: SpeechJob) -> None: ...
    def stop(self) -> None: ...
    def save_to_file(self, job: SpeechJob, path: Path) -> Future[Path]: ...
    def shutdown(self) -> None: ...


class SpeechListener:
    """Receives the service's callbacks; override what you need.

    Callbacks: ``on_started(utterance)``, ``on_word(utterance, start, length)`` (span in
    ``utterance.text``), ``on_finished(utterance, completed)`` (``completed`` is False
    when cancelled, interrupted or failed), ``on_error(message)`` (translated, for
    showing and logging). They may arrive on any thread: a GUI must hop to its own
    thread (see :class:`flat_desktop.speech.qt.SpeakerBridge`).
    """

    def on_started(self, utterance: Utterance) -> None:
        pass

    def on_word(self, utterance: Utterance, start: int, length: int) -> None:
        pass

    def on_finished(self, utterance: Utterance, completed: bool) -> None:
        pass

    def on_error(self, message: str) -> None:
        pass


def pick_voice(voices: Sequence[Voice], wanted: str | None, language: str) -> Voice | None:
    """The profile's voice if the engine has it, else the first voice for ``language``.

    ``None`` means "leave the engine's default voice".
    """
    if wanted:
        for voice in voices:
            if wanted in (voice.id, voice.name):
                return voice
    lang = language.lower().split("_")[0].split("-")[0]
    for voice in voices:
        if voice.language.lower().replace("_", "-").split("-")[0] == lang:
            return voice
    # SAPI5 voices often give a numeric LCID, but say the language in their name.
    word = _LANGUAGE_NAMES.get(lang)
    for voice in voices:
        if word and word in voice.name.lower():
            return voice
    return None


_LANGUAGE_NAMES = {"ja": "japanese", "en": "english"}
