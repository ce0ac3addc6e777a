"""`flat-desktop say TEXT`: this PC's voice says a sentence, the test of a station's sound.

It speaks with the engine the station uses (settings ``speech_engine``), waits until the
sentence was heard to its end, and says in plain words why not when no sound came out.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import ConfigError
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

def add_parsers(add: Callable[..., argparse.ArgumentParser], json_opt: argparse.ArgumentParser) -> None:
    sp = add("say", cmd_say, _("say a sentence with this PC's voice (a test of the station's sound)"))
    sp.add_argument("text", nargs="*", type=arg.text, metavar="TEXT",
                    help=_("what to say (default: a test sentence)"))
    sp.add_argument("--rate", type=float, default=1.0, help=_("speed: 0.5 slow, 1 normal, 1.5 fast"))


def cmd_say(ctx: Context) -> None:
    from flat_desktop.i18n import language
    from flat_desktop.speech.voice_test import say_and_wait

    a = ctx.args
    words = " ".join(a.text).strip() or _("This is a test of the station's voice.")
    print(_("Saying: {text}").format(text=words), flush=True)
    heard = say_and_wait(words, engine=ctx.settings.speech_engine, language=language(), rate=a.rate)
    if not heard.available:
        raise ConfigError(_("This PC has no voice: no speech engine could start."),
                          _("Install espeak-ng or a Japanese voice, then try again."))
    if not heard.completed:
        raise ConfigError(heard.errors[-1] if heard.errors else _("No sound came out."),
                          _("Check the speaker, its cable and the PC's volume, then try again."))
    print(_("Said to the end with {engine}. If nothing was heard, check the speaker and the PC's volume.")
          .format(engine=heard.engine))
