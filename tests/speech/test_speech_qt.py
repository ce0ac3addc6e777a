"""QTextToSpeech's headless mock engine through the service and the Qt bridge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from flat_desktop.speech import Speaker, Utterance, create_speaker
from flat_desktop.speech.qt import SpeakerBridge


@pytest.fixture
def mock_speaker(qapp: QCoreApplication) -> Iterator[Speaker]:
    speaker = create_speaker("qt:mock", "en")
    yield speaker
    speaker.shutdown()


def test_mock_engine_reports_each_word_on_the_gui_thread(qtbot, mock_speaker: Speaker) -> None:  # type: ignore[no-untyped-def]
    """sayingWord reaches the bridge's word signal as spans of the display text, on the GUI thread."""
    assert mock_speaker.engine_name == "qt:mock"
    bridge = SpeakerBridge(mock_speaker)
    words: list[str] = []
    threads: list[bool] = []

    def on_word(utterance: Utterance, start: int, length: int) -> None:
        words.append(utterance.text[start : start + length])
        threads.append(QThread.currentThread() is QCoreApplication.instance().thread())

    bridge.word.connect(on_word)
    with qtbot.waitSignal(bridge.finished, timeout=30_000) as finished:
        mock_speaker.say("put the paper in the tray")
    assert finished.args[1] is True
    assert words == ["put", "the", "paper", "in", "the", "tray"]
    assert all(threads)
    bridge.detach()


def test_new_say_interrupts_the_mock_engine(qtbot, mock_speaker: Speaker) -> None:  # type: ignore[no-untyped-def]
    """A second say() ends the first utterance as not completed; only the second completes."""
    bridge = SpeakerBridge(mock_speaker)
    finished: list[tuple[str, bool]] = []
    bridge.finished.connect(lambda u, ok: finished.append((u.text, ok)))
    with qtbot.waitSignal(bridge.word, timeout=30_000):
        mock_speaker.say("one two three four five six")
    with qtbot.waitSignal(bridge.finished, timeout=30_000, check_params_cb=lambda u, ok: ok):
        mock_speaker.say("seven eight")
    assert finished == [("one two three four five six", False), ("seven eight", True)]
    bridge.detach()


def test_qt_engine_cannot_save_to_file(mock_speaker: Speaker, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """save_to_file on Qt fails cleanly through the future instead of hanging."""
    future = mock_speaker.save_to_file("test", tmp_path / "x.wav")
    assert future.exception() is not None
