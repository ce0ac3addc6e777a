"""Developer gallery: every worker-screen widget in every theme, at 24 pt and 72 pt.

    python -m flat_desktop.gui.widgets.gallery                 # a window; Tab / scan to try it
    python -m flat_desktop.gui.widgets.gallery --shots out/gallery   # PNG per theme and size, no window

``--shots`` renders offscreen (``QT_QPA_PLATFORM=offscreen`` is set when there is no display).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from flat_desktop.gui.scanner import ScannerFilter, StationWindowMixin, raise_and_activate
from flat_desktop.gui.style import apply_style
from flat_desktop.gui.widgets import BigButton, ButtonRole, Counter, FuriganaLabel, StatusStrip
from flat_desktop.i18n import _, set_language
from flat_desktop.themes import THEMES

SAMPLE = "{封筒|ふうとう}を200{枚|まい}{数|かぞ}えて、{箱|はこ}に{入|い}れます。"


class GalleryWindow(StationWindowMixin, QWidget):
    """One screen's worth of widgets, laid out as a step runner would."""

    def __init__(self, wide: bool) -> None:
        super().__init__()
        self.setProperty("station", True)
        self.setWindowTitle("flat widget gallery")
        self.status = StatusStrip(self, note="山田 花子")
        self.step = FuriganaLabel(SAMPLE, self, scale=1.2)
        self.step.set_highlight(0, 2)
        card = QFrame(self)
        card.setProperty("card", True)
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(FuriganaLabel("{次|つぎ}は{封|ふう}かん{機|き}です。ABC-123", card))
        self.done = BigButton(_("Done"), "mdi6.check-bold", _("Space"), description=_("This step is done"))
        self.waiting = BigButton(_("Done"), "mdi6.check-bold", _("Space"))
        self.waiting.set_ready(False)
        self.repeat = BigButton(_("Repeat"), "mdi6.replay", "R", role=ButtonRole.SECONDARY)
        self.help = BigButton(_("Help"), "mdi6.bell-ring", "H", role=ButtonRole.HELP)
        self.counter = Counter(200, 120, self)
        buttons = QHBoxLayout() if wide else QVBoxLayout()
        for button in (self.done, self.waiting, self.repeat, self.help):
            buttons.addWidget(button)
        layout = self.column = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.step)
        layout.addWidget(card)
        layout.addLayout(buttons)
        layout.addWidget(self.counter)
        offline = StatusStrip(self, online=False)
        layout.addWidget(offline)
        layout.addStretch(1)
        hint = QLabel(_("Scan a code or press a key"), self)
        hint.setProperty("muted", True)
        layout.addWidget(hint, 0, Qt.AlignmentFlag.AlignRight)


def shoot(out: Path, width: int = 1280) -> list[Path]:
    """Save one PNG per theme and text size; returns the paths written."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in THEMES:
        for pt in (24, 72):
            apply_style(app, name, pt)
            window = GalleryWindow(wide=pt < 40)
            window.resize(width, 400)
            window.resize(width, max(400, window.column.totalHeightForWidth(width)))
            window.show()  # shown and active, so the focus ring on "Done" is in the picture
            raise_and_activate(window, window.done)
            app.processEvents()
            path = out / f"gallery-{name}-{pt}pt.png"
            window.grab().save(str(path))
            written.append(path)
            window.close()
            window.deleteLater()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shots", type=Path, help="write screenshots to this folder and exit")
    parser.add_argument("--theme", default="dark", choices=sorted(THEMES))
    parser.add_argument("--pt", type=int, default=32)
    parser.add_argument("--lang", default=None)
    args = parser.parse_args(argv)
    set_language(args.lang)
    if args.shots and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv[:1])
    if args.shots:
        for path in shoot(args.shots):
            print(path)
        return 0
    apply_style(app, args.theme, args.pt)
    window = GalleryWindow(wide=args.pt < 40)
    scanner = ScannerFilter(window)
    scanner.scanned.connect(lambda payload, typed: window.status.set_note(f"{payload} ({typed=})"))
    window.resize(1280, 900)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
