"""The files a requester attached to a job's order at the web desk, on the job's page: Alt+F goes
to the list, Enter opens the chosen one (an original to copy, a list, a recording) with the PC's
own program, from a copy saved in the console's print folder (the database keeps the file)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import attachments

NAME_ROLE = Qt.ItemDataRole.UserRole


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class AttachedFiles(QWidget):
    def __init__(self, ctx: ConsoleContext, job: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.job = job
        self.list = QListWidget()
        self.list.setObjectName("attached-files")
        self.list.setAccessibleName(_("Files attached at the ordering desk"))
        self.list.setMaximumHeight(120)
        label = QLabel(_("Files from the requester (&F): Enter opens one"))
        label.setBuddy(self.list)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(label)
        lay.addWidget(self.list)
        self.list.itemDoubleClicked.connect(lambda item: self.open(str(item.data(NAME_ROLE))))
        self.list.installEventFilter(self)
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter opens the file here and goes no further: the page's dialog would close on it.
        if (watched is self.list and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            item = self.list.currentItem()
            if item is not None:
                self.open(str(item.data(NAME_ROLE)))
            return True
        return super().eventFilter(watched, event)

    def reload(self) -> None:
        try:
            items = attachments.of_job(self.ctx.db, self.ctx.actor, self.job)
        except FlatError as exc:
            self.ctx.fail(exc)
            items = []
        self.list.clear()
        for a in items:
            row = QListWidgetItem(f"{a.original} ({_size(a.size)}, {a.by})")
            row.setData(NAME_ROLE, a.name)
            self.list.addItem(row)
        if items:
            self.list.setCurrentRow(0)
        self.setVisible(bool(items))

    def open(self, name: str) -> Path | None:
        """Save a copy of the file in the print folder and open it with the PC's program for it."""
        try:
            data, item = attachments.job_file(self.ctx.db, self.ctx.actor, self.job, name)
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        folder = self.ctx.ticket_dir / "attachments"
        safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", item.original).strip(". ") or item.name
        path = folder / f"{self.job}-{safe}"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            self.ctx.notice.emit(_("The file could not be saved: {error}").format(error=exc.strerror or exc), True)
            return None
        self.ctx.tell(_("Opened {name} (a copy is kept as {path}).").format(name=item.original, path=path))
        if self.ctx.open_unprinted:  # an interactive console: the PC's own program shows it
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path
