"""Choosing a worker for one or more jobs: only workers with the job type's skill are offered;
"show all" also lists the others and then needs a reason (the service checks it again)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.i18n import _
from flat_desktop.services.board import Workload
from flat_desktop.services.views import WorkerView


def has_skill(w: WorkerView, job_type: str) -> bool:
    return any(sk.job_type == job_type for sk in w.skills)


class AssignDialog(QDialog):
    def __init__(self, workers: list[WorkerView], job_type: str, type_name: str, jobs: list[str],
                 parent: QWidget | None = None, *, loads: dict[str, Workload] | None = None) -> None:
        super().__init__(parent)
        self.loads = loads or {}
        self.workers = [w for w in workers if w.role == "worker"]
        self.job_type = job_type
        self.setWindowTitle(_("Assign"))
        self.setMinimumSize(560, 640)
        head = QLabel(_("Assign {jobs} ({type}) to:").format(jobs=", ".join(jobs), type=type_name))
        head.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("workers")
        self.show_all = QCheckBox(_("Show all workers (needs a reason)"))
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Why a worker without the skill?"))
        self.message = QLabel("")
        self.message.setProperty("tone", "error")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = button_box(ok=_("Assign"))
        lay = QVBoxLayout(self)
        for w in (head, self.list, self.show_all, self.reason, self.message, self.buttons):
            lay.addWidget(w)
        self.show_all.toggled.connect(self.fill)
        self.list.itemActivated.connect(lambda _item: self.try_accept())
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        self.fill()

    def fill(self) -> None:
        self.reason.setVisible(self.show_all.isChecked())
        self.list.clear()
        # Present and skilled first: the likely choice is at the top.
        shown = [w for w in self.workers if self.show_all.isChecked() or has_skill(w, self.job_type)]
        shown.sort(key=lambda w: (not has_skill(w, self.job_type), not w.present, w.code))
        for w in shown:
            marks = [_("present") if w.present else _("away")]
            if not has_skill(w, self.job_type):
                marks.append(_("no skill"))
            load = self.loads.get(w.code)
            marks.append(_("{n} jobs in hand, about {m} min").format(n=load.jobs, m=load.minutes) if load
                         else _("no jobs in hand"))
            item = QListWidgetItem(f"{w.name}  ({w.code})  — {' / '.join(marks)}")
            item.setData(Qt.ItemDataRole.UserRole, w.code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.setFocus()

    def tell(self, text: str) -> None:
        """Why the dialog is asked again (a colleague changed the job first)."""
        self.message.setText(text)
        self.message.show()

    def offered(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def choose(self, worker_code: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == worker_code:
                self.list.setCurrentRow(i)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def override_reason(self) -> str | None:
        text = self.reason.text().strip()
        return text or None

    def try_accept(self) -> bool:
        code = self.chosen()
        if code is None:
            return False
        w = next(w for w in self.workers if w.code == code)
        if not has_skill(w, self.job_type) and not self.override_reason():
            self.message.setText(_("{who} has no skill for this job type. Write a reason to assign anyway.")
                                 .format(who=w.name))
            self.message.show()
            self.reason.setFocus()
            return False
        self.accept()
        return True
