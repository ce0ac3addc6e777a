"""``flat-desktop station``: the worker station's start-up and clean shutdown."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from flat_desktop import japanese
from flat_desktop.config import Paths, Settings
from flat_desktop.db.database import Database
from flat_desktop.gui import collector
from flat_desktop.gui.feed import ChangeFeed
from flat_desktop.gui.station import boot
from flat_desktop.gui.station.relay import FlowRelay
from flat_desktop.gui.station.window import StationWindow
from flat_desktop.gui.style import apply_style
from flat_desktop.gui.tasks import run_task, stop_tasks, wait_for_running
from flat_desktop.i18n import _, language
from flat_desktop.services import stations
from flat_desktop.services.kiosk import UnlockCheck
from flat_desktop.speech import create_speaker
from flat_desktop.speech.sound_server import PcVolume
from flat_desktop.station.flow import StationFlow
from flat_desktop.station.journal import Journal
from flat_desktop.station.tally import Tally
from flat_desktop.sync import StationLink, SyncStatus
from flat_desktop.sync.qt import SyncRelay

HEARTBEAT_MS = 30_000
SEND_ON_CLOSE_S = 3.0


class Station:
    """Everything one running station owns, so tests and ``run`` build and close it the same way.

    With a ``link`` (a shared PostgreSQL server) the station works on the link's local cache and
    the sync engine talks to the server; without one it works on its own database.
    """

    def __init__(self, db: Database, settings: Settings, paths: Paths, *, station: str | None = None,
                 speech: str | None = None, dwell_scale: float = 1.0, feed_ms: int = 250,
                 link: StationLink | None = None, kiosk: bool | None = None) -> None:
        self.link = link
        self.db = link.db if link is not None else db
        db = self.db
        self.name = link.station if link is not None else (station or settings.station_name)
        self.journal = Journal(paths.log / "station.jsonl")
        wanted = speech if speech is not None else settings.speech_engine
        self.speech_wanted = (wanted or "auto").strip().lower() not in ("none", "off")
        self.speaker = create_speaker(wanted, language())
        self.flow_relay = FlowRelay()
        self.flow = StationFlow(db, self.speaker, self.journal, self.name, self.flow_relay, self.flow_relay,
                                dwell_scale=dwell_scale, tally=Tally(paths.data / "counts.json"),
                                pc_volume=PcVolume() if self.speech_wanted else None)
        # A kiosk (the settings' ``kiosk``, or ``--kiosk``) is closed only by a supervisor: by PIN where the
        # PINs are in this station's database, by the unlock code on a server's local cache (no PINs there).
        unlock = None
        if settings.kiosk if kiosk is None else kiosk:
            unlock = UnlockCheck(db, self.name, pins_here=link is None, unlock_code_hash=settings.unlock_code_hash,
                                 server=link.server if link is not None else None,
                                 online=(lambda: link.status().online) if link is not None else (lambda: True))
        self.window = StationWindow(self.flow, self.flow_relay, scan_gap_ms=settings.scan_gap_ms,
                                    idle_sign_out_s=settings.idle_sign_out_s, dwell_scale=dwell_scale,
                                    unlock=unlock)
        self.feed = ChangeFeed(db, self.window, interval_ms=feed_ms)
        self.feed.events.connect(self.flow.on_events)
        self.feed.online.connect(self._online)
        self.relay: SyncRelay | None = None
        self._closed = False
        if link is not None:
            # The feed reads the cache, which is always there: the strip tells the server's state.
            self.relay = SyncRelay(link, self.feed, self.window)
            self.relay.status.connect(self._sync_status)
        else:
            self.feed.online.connect(self.window.status.set_online)
        self.window.status.set_note(self.name)
        self._beat = QTimer(self.window)
        self._beat.setInterval(HEARTBEAT_MS)
        self._beat.timeout.connect(self.heartbeat)
        self.journal.write("start", station=self.name, speech=self.speaker.engine_name)

    def start(self) -> None:
        if self.link is not None:
            self.link.start()  # the sync engine also reports this PC to the server
            self._sync_status(self.link.status())
        else:
            self.heartbeat()
            self._beat.start()
        self.feed.start()
        self.flow.begin()
        if self.speech_wanted and (not self.speaker.available or self.speaker.engine_name == "none"):
            # Shown on the station and told to supervisors, so nobody waits for a voice that will not come.
            self.flow.speech_failed(_("No speech engine is available. Steps are shown on screen only."))

    def heartbeat(self) -> None:
        # Off the GUI thread: a lost server must not freeze the worker's screen.
        run_task(lambda: stations.heartbeat(self.db, self.name), lambda _r: None, self._beat_failed,
                 parent=self.window)

    def _beat_failed(self, exc: Exception) -> None:
        self.journal.write("heartbeat_failed", error=str(exc))

    def _online(self, online: bool) -> None:
        self.journal.write("online" if online else "offline")

    def _sync_status(self, status: SyncStatus) -> None:
        if self._closed:
            return  # a status queued by the sync thread just before the close
        self.window.status.set_state(status.online, status.text())
        self.journal.write("sync", online=status.online, waiting=status.waiting, error=status.error)

    def close(self) -> None:
        self._closed = True
        self._beat.stop()
        self.feed.stop()
        stop_tasks(self.flow_relay)
        wait_for_running()  # no read may still hold a connection when the database closes
        if self.relay is not None:
            self.relay.status.disconnect(self._sync_status)
        if self.link is not None:
            # A last chance to send; whatever stays waits in the outbox for the next start.
            self.link.wait_sent(SEND_ON_CLOSE_S)
            self.link.stop()
        self.window.closing_allowed = True  # the program is ending: a kiosk's window goes too
        self.window.close()
        self.speaker.shutdown()
        self.journal.write("stop", station=self.name)
        self.journal.close()


def style_station(app: QApplication) -> None:
    """The look the station program gives its whole application before it makes the station:
    the default theme and size, which the screens' widgets start from (the worker's profile then
    styles the window itself)."""
    apply_style(app)


def run(db: Database, settings: Settings, paths: Paths, args: argparse.Namespace,
        link: StationLink | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("flat-station")
    collector.take_over(app)
    style_station(app)
    station = Station(db, settings, paths, station=getattr(args, "station", None), link=link,
                      kiosk=getattr(args, "kiosk", None))
    station.window.close_requested.connect(app.quit)
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
    station.window.activateWindow()
    boot.hand_over(station.window)  # the early sign-in screen goes; keys typed meanwhile follow
    boot.trace("ready")
    # Open JTalk (phrases for line breaks) loads while the worker is still at the sign-in screen.
    run_task(lambda: japanese.morphemes("準備"), lambda _words: None, lambda _exc: None, parent=station.window)
    app.aboutToQuit.connect(station.close)
    return app.exec()
