"""Workers: who is present, and each worker's skills per job type (what the board offers when
assigning). Accessibility profiles are edited on the station's profile screen, not here yet."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.db.models import SkillLevel
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import catalog, people
from flat_desktop.services.views import EventView, WorkerView

HEADERS = ("Code", "Name", "Kana", "Badge", "Present", "Skills")
LEVELS = ((None, "No skill"), (SkillLevel.LEARNING, "Learning"), (SkillLevel.INDEPENDENT, "Independent"),
          (SkillLevel.CERTIFIED, "Certified"))


class WorkersTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.types = catalog.job_types(ctx.db)
        self.rows: list[WorkerView] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("workers")
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.who = QLabel("")
        self.levels: dict[str, QComboBox] = {}
        form = QFormLayout()
        for t in self.types:
            box = QComboBox()
            for level, label in LEVELS:
                # "" not None as item data: None in a QVariant upsets PySide's reference counts.
                box.addItem(_(label), "" if level is None else str(level))
            self.levels[t.key] = box
            form.addRow(t.name, box)
        self.save_button = QPushButton(_("Save skills"))
        self.save_button.setProperty("role", "primary")
        right = QVBoxLayout()
        right.addWidget(self.who)
        right.addLayout(form)
        right.addWidget(self.save_button)
        right.addStretch(1)
        lay = QHBoxLayout(self)
        lay.addWidget(self.table, 3)
        lay.addLayout(right, 2)
        self.table.currentCellChanged.connect(lambda *_a: self.show_worker())
        self.save_button.clicked.connect(self.save)
        ctx.feed.events.connect(self.on_events)
        self.reload()

    def on_events(self, events: list[EventView]) -> None:
        if any(e.type in ("signed_in", "signed_out", "master_changed") for e in events):
            self.reload()

    def reload(self) -> None:
        current = self.selected()
        names = {t.key: t.name for t in self.types}
        self.rows = [w for w in people.workers(self.ctx.db) if w.role == "worker"]
        self.table.setRowCount(len(self.rows))
        for i, w in enumerate(self.rows):
            skills = "、".join(names.get(sk.job_type, sk.job_type) for sk in w.skills)
            values = (w.code, w.name, w.kana, w.badge, _("present") if w.present else "", skills)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, w.code)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        if current:
            self.select(current)

    def selected(self) -> str | None:
        item = self.table.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def select(self, code: str) -> None:
        for i, w in enumerate(self.rows):
            if w.code == code:
                self.table.setCurrentCell(i, 0)
        self.show_worker()

    def show_worker(self) -> None:
        code = self.selected()
        w = next((w for w in self.rows if w.code == code), None)
        if w is None:
            return
        self.who.setText(_("Skills of {name} ({code})").format(name=w.name, code=w.code))
        have = {sk.job_type: sk.level for sk in w.skills}
        for key, box in self.levels.items():
            box.setCurrentIndex(max(0, box.findData(have.get(key) or "")))

    def _setter(self, worker: str, job_type: str, level: str | None) -> Callable[[], None]:
        return lambda: catalog.set_skill(self.ctx.db, self.ctx.actor, worker, job_type, level)

    def save(self) -> None:
        code = self.selected()
        w = next((w for w in self.rows if w.code == code), None)
        if w is None:
            self.ctx.notice.emit(_("Choose a worker first."), True)
            return
        have = {sk.job_type: sk.level for sk in w.skills}
        chosen = {key: str(box.currentData()) or None for key, box in self.levels.items()}
        changes = {key: level for key, level in chosen.items() if have.get(key) != level}
        for key, level in changes.items():
            if self.ctx.attempt(self._setter(w.code, key, level)) is None:
                return
        changed = len(changes)
        self.ctx.tell(_("Skills of {name} saved ({n} changed).").format(name=w.name, n=changed))
        self.reload()
