"""The person in the worker editor: code, name, kana, badge number, role and active flag; and
the console PIN box beside it (supervisors only)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.db.models import Role
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import _
from flat_desktop.services.people import WorkerDetails
from flat_desktop.services.views import WorkerView


def role_name(role: str) -> str:
    return _("Supervisor") if role == Role.SUPERVISOR else _("Worker")


class PersonBox(QGroupBox):
    """Signals: ``changed`` when any field is edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Person"), parent)
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. W031"))
        self.name = QLineEdit()
        self.kana = QLineEdit()
        self.kana.setPlaceholderText(_("e.g. やまだ はなこ"))
        self.badge = QLineEdit()
        self.badge.setMaxLength(5)
        self.badge.setPlaceholderText(_("5 digits"))
        self.new_badge = QPushButton(_("New badge number"))
        self.new_badge.setAccessibleName(_("New badge number"))
        self.new_badge.setToolTip(_("A lost badge is reissued with a new number; the old badge stops working."))
        self.role = QComboBox()
        for r in (Role.WORKER, Role.SUPERVISOR):
            self.role.addItem(role_name(r), str(r))
        self.active = QCheckBox(_("Works at the station (untick when the person leaves)"))
        self.fields: dict[str, FieldRow] = {
            "code": FieldRow(self.code, label=_("Worker code")),
            "name": FieldRow(self.name, label=_("Name")),
            "kana": FieldRow(self.kana, label=_("Reading of the name (kana)")),
            "badge": FieldRow(self.badge, label=_("Badge number"), trailing=self.new_badge),
            "role": FieldRow(self.role, label=_("Role")),
            "active": FieldRow(self.active, label=_("Active")),
        }
        form = QFormLayout(self)
        for f in self.fields.values():
            f.add_to(form)
        for edit in (self.code, self.name, self.kana, self.badge):
            edit.textChanged.connect(self.changed)
        self.role.currentIndexChanged.connect(self.changed)
        self.active.toggled.connect(self.changed)

    def fill(self, w: WorkerView | None, *, new_code: str = "", new_badge: str = "") -> None:
        self.code.setText(w.code if w is not None else new_code)
        self.code.setReadOnly(w is not None)
        self.name.setText(w.name if w is not None else "")
        self.kana.setText(w.kana if w is not None else "")
        self.badge.setText(w.badge if w is not None else new_badge)
        self.role.setCurrentIndex(max(0, self.role.findData(w.role if w is not None else str(Role.WORKER))))
        self.active.setChecked(w.active if w is not None else True)

    def details(self) -> WorkerDetails:
        return WorkerDetails(self.name.text(), self.kana.text(), self.badge.text(), str(self.role.currentData()),
                             self.active.isChecked())

    def set_editable(self, editable: bool) -> None:
        for f in self.fields.values():
            f.editor.setEnabled(editable)
        self.new_badge.setEnabled(editable)


class PinBox(QGroupBox):
    """A supervisor's console PIN: typed, then set with its own button (not with Save)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Console PIN (supervisors only)"), parent)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.pin.setPlaceholderText(_("4 to 8 digits"))
        self.set_pin_button = QPushButton(_("Set PIN"))
        self.set_pin_button.setAccessibleName(_("Set PIN"))
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.field = FieldRow(self.pin, label=_("Console PIN"), trailing=self.set_pin_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.field)
        lay.addWidget(self.state)

    def show_for(self, w: WorkerView | None, is_new: bool) -> None:
        supervisor = w is not None and w.role == Role.SUPERVISOR and not is_new
        self.pin.setEnabled(supervisor)
        self.set_pin_button.setEnabled(supervisor)
        if w is None or is_new:
            self.state.setText(_("Save the person first."))
        elif not supervisor:
            self.state.setText(_("Only a supervisor's badge has a PIN. A worker signs in with the badge alone."))
        else:
            self.state.setText(_("A PIN is set.") if w.has_pin else _("No PIN yet: this supervisor cannot "
                                                                      "open the console."))
