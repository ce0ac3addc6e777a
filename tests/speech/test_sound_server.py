"""Speech heard through a real sound server: a PulseAudio of the test's own with a null sink,
recorded from its monitor. The worker's rate is heard in the length of the sound, a new step
cuts the old one off, and a server that dies or a muted speaker is reported in plain words
until the sound comes back."""

from __future__ import annotations

import shutil
import time
import wave
from collections.abc import Iterator
from dataclasses import replace

import pytest

from flat_desktop.profile import Profile
from flat_desktop.speech import Speaker, SpeechListener, Utterance
from flat_desktop.speech import sound_server as pc_sound
from flat_desktop.speech.openjtalk_engine import OpenJTalkEngine
from flat_desktop.speech.player import AudioPlayer, find_player
from flat_desktop.station.voice import speech_settings
from tests.helpers.sound import SoundServer, heard, missing, sound_server, stretches

from .helpers import WAIT, Recorder

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")

STEP = Utterance("ふうとうを にひゃくまい ようい します。")
LONG = Utterance("つぎの さぎょうを はじめる まえに、 つくえの うえを かたづけて、 ひつような どうぐを "
                 "すべて ならべて ください。 かみの まいすうを かぞえて、 まちがいが ないか たしかめます。")
SHORT = Utterance("できました。")


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SoundServer]:
    with sound_server() as srv:
        monkeypatch.setenv("PULSE_SERVER", srv.address)
        yield srv


def _speaker() -> tuple[Speaker, Recorder]:
    speaker = Speaker(OpenJTalkEngine(player=AudioPlayer()), "ja", speech_settings(Profile()))
    rec = Recorder()
    speaker.add_listener(rec)
    return speaker, rec


def _until_finished(rec: Recorder, text: str) -> tuple[bool, list[str]]:
    errors: list[str] = []
    while True:
        event = rec.next()
        if event[0] == "error":
            errors.append(str(event[1]))
        if event[0] == "finished" and event[1] == text:
            return bool(event[2]), errors


def test_the_player_goes_through_the_sound_server(server: SoundServer) -> None:
    assert find_player()[0] == "paplay"  # aplay would go around the server, to a card that may not exist


def test_a_step_is_heard_as_long_as_the_worker_s_rate_makes_it(server: SoundServer) -> None:
    """Rate 0.7 (a slow listener's profile) plays about 1/0.7 times as long as rate 1.0."""
    lengths = {}
    speaker, rec = _speaker()
    try:
        for rate in (1.0, 0.7):
            speaker.settings = speech_settings(replace(Profile(), rate=rate))  # the next worker signs in
            recording = server.record(f"rate{rate}")
            speaker.say(STEP)
            completed, errors = _until_finished(rec, STEP.text)
            time.sleep(0.3)  # the monitor's last buffer
            lengths[rate] = heard(recording.stop())
            assert completed and errors == []
    finally:
        speaker.shutdown()
    assert lengths[1.0] > 1.5
    assert lengths[0.7] / lengths[1.0] == pytest.approx(1 / 0.7, rel=0.15)


def test_a_new_step_cuts_the_old_one_off(server: SoundServer) -> None:
    """Done pressed while a long step is read: its sound stops and the next step's starts, instead
    of the next waiting behind the rest of the old one."""
    speaker, rec = _speaker()
    try:
        with wave.open(str(speaker.save_to_file(LONG, server.home / "long.wav").result(timeout=WAIT)), "rb") as wav:
            whole = wav.getnframes() / wav.getframerate()  # the long step read to its end
        assert whole > 5.0

        recording = server.record("cut")
        speaker.say(LONG)
        assert rec.next()[0] == "started"
        time.sleep(1.5)  # a second and a half of the long step is heard
        speaker.say(SHORT)  # Done: the next step
        assert _until_finished(rec, LONG.text)[0] is False  # cut off, not heard to the end
        completed, _errors = _until_finished(rec, SHORT.text)
        time.sleep(0.3)
        samples = recording.stop()
    finally:
        speaker.shutdown()
    assert completed
    parts = stretches(samples, gap_s=0.05)
    span = parts[-1][1] - parts[0][0]
    assert span < whole - 2.0  # the rest of the long step was never played


class Errors(SpeechListener):
    def __init__(self) -> None:
        self.errors: list[str] = []

    def on_error(self, message: str) -> None:
        self.errors.append(message)


def test_a_dead_server_and_a_muted_speaker_are_told_in_plain_words_until_sound_is_back(server: SoundServer) -> None:
    speaker, rec = _speaker()
    try:
        server.stop()  # the sound server dies
        speaker.say(SHORT)
        completed, errors = _until_finished(rec, SHORT.text)
        assert not completed and errors == [pc_sound.describe("Connection failure: Connection refused")]
        assert errors[0] == "音が出ません: PCのサウンドサービスが動いていません。"

        server.start()  # back: the next utterance is heard, by itself
        speaker.say(SHORT)
        assert _until_finished(rec, SHORT.text) == (True, [])

        server.mute(True)
        speaker.say(SHORT)
        completed, errors = _until_finished(rec, SHORT.text)
        assert not completed and errors == ["音が出ません: PCのスピーカーが消音（ミュート）になっています。"]
        server.mute(False)
        speaker.say(SHORT)
        assert _until_finished(rec, SHORT.text) == (True, [])
    finally:
        speaker.shutdown()


def test_the_worker_s_volume_is_set_on_the_pc_s_speaker(server: SoundServer) -> None:
    server.mute(True)
    assert pc_sound.set_volume(0.6)
    assert server.volume() == 60 and pc_sound.muted() is False
    assert pc_sound.set_volume(1.0) and server.volume() == 100


def test_without_a_server_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/flat-no-server")
    assert not pc_sound.running() and pc_sound.muted() is None and not pc_sound.set_volume(0.5)
    if shutil.which("aplay"):
        assert find_player()[0] == "aplay"  # straight to the sound card, as before


def test_say_from_the_command_line_is_heard_or_says_why_not(server: SoundServer,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """`flat-desktop say TEXT`, the station PC's voice test: heard through the sound server; with the
    speaker muted it fails and says so in plain words."""
    from flat_desktop.cli import main

    recording = server.record("say")
    assert main(["say", "作業を始めます"]) == 0
    time.sleep(0.3)
    assert heard(recording.stop()) > 0.5
    assert "最後まで" in capsys.readouterr().out
    server.mute(True)
    assert main(["say", "作業を始めます"]) != 0
    assert "ミュート" in capsys.readouterr().err
