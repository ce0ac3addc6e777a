"""Sign-in: scan (or type) a supervisor's badge, then the PIN. Workers' badges are refused
by the service, with its message."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.i18n import _

if TYPE_CHECKING:  # the dialog paints before the database and the services load
    from flat_desktop.db.database import Database
    from flat_desktop.services.context import Actor
    from flat_desktop.services.views import WorkerView


class SignInDialog(QDialog):
    """``db`` may come later (the early dialog of ``gui.console.early``), before it runs."""

    def __init__(self, db: Database | None, station: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.station = station
        self.actor: Actor | None = None
        self.who: WorkerView | None = None
        self.setWindowTitle(_("flat console — sign in"))
        self.setMinimumWidth(640)
        title = QLabel(_("Scan your badge, then enter your PIN."))
        title.setWordWrap(True)
        self.badge = QLineEdit()
        self.badge.setObjectName("badge")
        self.badge.setPlaceholderText(_("Badge scan or badge number"))
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText(_("PIN (4 to 8 digits)"))
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setProperty("tone", "error")
        self.message.hide()
        self.button = QPushButton(_("Sign in"))
        self.button.setProperty("role", "primary")
        # No default button: a scanner's Enter in the badge field must not press "Sign in" with an
        # empty PIN (five badge scans would lock a supervisor out). Enter in the PIN field signs in.
        self.button.setDefault(False)
        self.button.setAutoDefault(False)
        form = QFormLayout()
        form.addRow(_("Badge"), self.badge)
        form.addRow(_("PIN"), self.pin)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(form)
        lay.addWidget(self.message)
        lay.addWidget(self.button)
        # The scanner types the payload and Enter: Enter in the badge field moves on to the PIN.
        self.badge.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self.try_sign_in)
        self.button.clicked.connect(self.try_sign_in)
        self.badge.setFocus()

    def try_sign_in(self) -> bool:
        if not self.badge.text().strip() or self.db is None:
            self.badge.setFocus()
            return False
        if not self.pin.text().strip():
            # Not an attempt: the PIN is still to be typed (nothing is recorded).
            self.message.setText(_("Enter your PIN, then press Enter."))
            self.message.show()
            self.pin.setFocus()
            return False
        from flat_desktop.services import people

        try:
            self.actor, self.who = people.console_sign_in(self.db, self.badge.text(), self.pin.text(), self.station)
        except FlatError as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.pin.clear()
            if exc.reason in ("wrong_pin", "bad_pin", "no_pin"):
                self.pin.setFocus()
            else:
                self.badge.selectAll()
                self.badge.setFocus()
            return False
        self.accept()
        return True
