"""``flat-desktop station``: the worker station's start-up and clean shutdown."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from flat_desktop.config import Paths, Settings
from flat_desktop.db.database import Database
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.gui.station import none_guard
from flat_desktop.gui.station.controller import Controller
from flat_desktop.gui.station.journal import Journal
from flat_desktop.gui.station.window import StationWindow
from flat_desktop.gui.style import apply_style
from flat_desktop.gui.tasks import run_task
from flat_desktop.i18n import _, language
from flat_desktop.services import stations
from flat_desktop.speech import create_speaker

HEARTBEAT_MS = 30_000


class Station:
    """Everything one running station owns, so tests and ``run`` build and close it the same way."""

    def __init__(self, db: Database, settings: Settings, paths: Paths, *, station: str | None = None,
                 speech: str | None = None, dwell_scale: float = 1.0, feed_ms: int = 250) -> None:
        self.db = db
        self.name = station or settings.station_name
        self.journal = Journal(paths.log / "station.jsonl")
        wanted = speech if speech is not None else settings.speech_engine
        self.speech_wanted = (wanted or "auto").strip().lower() not in ("none", "off")
        self.speaker = create_speaker(wanted, language())
        self.controller = Controller(db, self.speaker, self.journal, self.name, dwell_scale=dwell_scale)
        self.window = StationWindow(self.controller, scan_gap_ms=settings.scan_gap_ms,
                                    idle_sign_out_s=settings.idle_sign_out_s, dwell_scale=dwell_scale)
        self.feed = ChangeFeed(db, self.window, interval_ms=feed_ms)
        self.feed.events.connect(self.controller.on_events)
        self.feed.online.connect(self._online)
        none_guard.install(self.window)
        self._beat = QTimer(self.window)
        self._beat.setInterval(HEARTBEAT_MS)
        self._beat.timeout.connect(self.heartbeat)
        self.journal.write("start", station=self.name, speech=self.speaker.engine_name)

    def start(self) -> None:
        self.heartbeat()
        self._beat.start()
        self.feed.start()
        self.controller.begin()
        if self.speech_wanted and (not self.speaker.available or self.speaker.engine_name == "none"):
            # Said once, on screen, so nobody waits for a voice that will not come.
            self.journal.write("speech_unavailable")
            self.controller.error.emit(_("The station cannot speak now."), _("Please read the screen."))

    def heartbeat(self) -> None:
        # Off the GUI thread: a lost server must not freeze the worker's screen.
        run_task(lambda: stations.heartbeat(self.db, self.name), lambda _r: None, self._beat_failed,
                 parent=self.window)

    def _beat_failed(self, exc: Exception) -> None:
        self.journal.write("heartbeat_failed", error=str(exc))

    def _online(self, online: bool) -> None:
        self.journal.write("online" if online else "offline")

    def close(self) -> None:
        self._beat.stop()
        self.feed.stop()
        self.window.close()
        self.speaker.shutdown()
        self.journal.write("stop", station=self.name)
        self.journal.close()


def run(db: Database, settings: Settings, paths: Paths, args: argparse.Namespace) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("flat-station")
    apply_style(app)
    station = Station(db, settings, paths, station=getattr(args, "station", None))
    if getattr(args, "windowed", False):
        station.window.resize(1600, 1000)
        station.window.show()
    else:
        # Without a window manager (a kiosk session) full screen needs the geometry set too.
        screen = app.primaryScreen()
        if screen is not None:
            station.window.setGeometry(screen.geometry())
        station.window.showFullScreen()
    station.start()
    app.aboutToQuit.connect(station.close)
    return app.exec()
