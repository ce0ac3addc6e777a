"""`flat-desktop say TEXT [-o FILE.wav]`: this PC's voice says a sentence, the test of a station's
sound (or renders it to a file: a build's smoke test).

It speaks with the engine the station uses (settings ``speech_engine``, or ``--engine``), waits
until the sentence was heard to its end, and says in plain words why not when no sound came out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import ConfigError, quoted
from flat_desktop.i18n import _
from flat_desktop.speech.base import EngineUnavailable

if TYPE_CHECKING:
    from flat_desktop.cli import Context


def add_parsers(add: Callable[..., argparse.ArgumentParser], json_opt: argparse.ArgumentParser) -> None:
    sp = add("say", cmd_say, _("say a sentence with this PC's voice (a test of the station's sound)"))
    sp.add_argument("text", nargs="*", type=arg.text, metavar="TEXT",
                    help=_("what to say (default: a test sentence)"))
    sp.add_argument("--rate", type=float, default=1.0, help=_("speed: 0.5 slow, 1 normal, 1.5 fast"))
    sp.add_argument("-o", "--output", metavar="FILE.wav", type=arg.output_file, help=_("write a WAV file instead"))
    sp.add_argument("--engine", metavar="ENGINE", type=arg.typed,
                    help=_("openjtalk, pyttsx3, qt, qt:winrt (default: the settings' speech_engine)"))


def cmd_say(ctx: Context) -> None:
    from flat_desktop.i18n import language
    from flat_desktop.speech.voice_test import render_to_file, say_and_wait

    a = ctx.args
    words = " ".join(a.text).strip() or _("This is a test of the station's voice.")
    engine = a.engine or ctx.settings.speech_engine
    if a.output:
        out = Path(a.output)
        try:
            made = render_to_file(words, out, engine=engine, language=language(), rate=a.rate)
        except EngineUnavailable:
            raise ConfigError(_("This PC has no voice: no speech engine could start."),
                              _("Install espeak-ng or a Japanese voice, then try again.")) from None
        except Exception as exc:
            raise ConfigError(_("The speech cannot be saved to {path}: {error}").format(
                path=quoted(str(out), 4096), error=exc),
                _("Check the folder, or try another engine with --engine.")) from None
        print(_("Saved: {path} ({engine})").format(path=quoted(str(out), 4096), engine=made))
        return
    print(_("Saying: {text}").format(text=words), flush=True)
    heard = say_and_wait(words, engine=engine, language=language(), rate=a.rate)
    if not heard.available:
        raise ConfigError(_("This PC has no voice: no speech engine could start."),
                          _("Install espeak-ng or a Japanese voice, then try again."))
    if not heard.completed:
        raise ConfigError(heard.errors[-1] if heard.errors else _("No sound came out."),
                          _("Check the speaker, its cable and the PC's volume, then try again."))
    print(_("Said to the end with {engine}. If nothing was heard, check the speaker and the PC's volume.")
          .format(engine=heard.engine))
