"""`flat-desktop say TEXT`: this PC's voice says a sentence, the test of a station's sound.

It speaks with the engine the station uses (settings ``speech_engine``), waits until the
sentence was heard to its end, and says in plain words why not when no sound came out.
"""

from __future__ import annotations

import argparse
import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import ConfigError
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

WAIT_S = 120.0  # a guard against an engine that never answers, far longer than any sentence


def add_parsers(add: Callable[..., argparse.ArgumentParser], json_opt: argparse.ArgumentParser) -> None:
    sp = add("say", cmd_say, _("say a sentence with this PC's voice (a test of the station's sound)"))
    sp.add_argument("text", nargs="*", type=arg.text, metavar="TEXT",
                    help=_("what to say (default: a test sentence)"))
    sp.add_argument("--rate", type=float, default=1.0, help=_("speed: 0.5 slow, 1 normal, 1.5 fast"))


def cmd_say(ctx: Context) -> None:
    from flat_desktop.i18n import language
    from flat_desktop.speech import SpeechListener, Utterance, create_speaker
    from flat_desktop.speech.base import SpeechSettings

    a = ctx.args
    words = " ".join(a.text).strip() or _("This is a test of the station's voice.")
    # The rate as a worker's profile gives it (1 normal), onto the voice's scale (0 normal).
    rate = max(-1.0, min(1.0, math.log2(max(a.rate, 0.01))))
    speaker = create_speaker(ctx.settings.speech_engine, language(), SpeechSettings(rate=rate))
    heard = threading.Event()
    result: dict[str, object] = {"completed": False, "errors": []}

    class Ears(SpeechListener):
        def on_finished(self, utterance: Utterance, completed: bool) -> None:
            result["completed"] = completed
            heard.set()

        def on_error(self, message: str) -> None:
            errors = result["errors"]
            assert isinstance(errors, list)
            errors.append(message)

    try:
        if not speaker.available:
            raise ConfigError(_("This PC has no voice: no speech engine could start."),
                              _("Install espeak-ng or a Japanese voice, then try again."))
        speaker.add_listener(Ears())
        markup = None
        if speaker.kana_only:
            from flat_desktop.readings import ReadingsUnavailable, propose_reading

            try:
                markup = propose_reading(words)
            except ReadingsUnavailable:
                markup = None
        print(_("Saying with {engine}: {text}").format(engine=speaker.engine_name, text=words), flush=True)
        speaker.say(Utterance(words, markup))
        if not heard.wait(WAIT_S) or not result["completed"]:
            errors = result["errors"]
            assert isinstance(errors, list)
            raise ConfigError(errors[-1] if errors else _("No sound came out."),
                              _("Check the speaker, its cable and the PC's volume, then try again."))
    finally:
        speaker.shutdown()
    print(_("Said to the end. If nothing was heard, check the speaker and the PC's volume."))
