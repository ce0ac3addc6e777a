"""Answering a help call: how it ended (solved, later, handed over) and a short note.

Keys: 1, 2, 3 choose the outcome (Ctrl+1, 2, 3 while typing the note, whose digits are its
own), Tab goes to the note, Enter records, Esc goes back.
The dialog only asks; the help calls tab records through ``services.help.answer``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.i18n import _
from flat_desktop.services.help import NOTE_MAX, OUTCOMES


def outcome_name(outcome: str) -> str:
    return {"solved": _("Solved"), "later": _("Later"), "handover": _("Handed over")}.get(outcome, outcome)


class AnswerDialog(QDialog):
    """Accepted with ``outcome()`` and ``note()`` set."""

    def __init__(self, about: str, call_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call_id = call_id
        self.setWindowTitle(_("Answer the help call"))
        self.setMinimumWidth(560)
        said = QLabel(about)
        said.setObjectName("answer-about")
        said.setWordWrap(True)
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        self.choices: dict[str, QRadioButton] = {}
        for i, outcome in enumerate(OUTCOMES, 1):
            b = QRadioButton(f"{i}  {outcome_name(outcome)}")
            b.setObjectName(f"outcome-{outcome}")
            self.group.addButton(b, i)
            self.choices[outcome] = b
            row.addWidget(b)
        self.choices["solved"].setChecked(True)
        self.note_field = QLineEdit()
        self.note_field.setObjectName("answer-note")
        self.note_field.setMaxLength(NOTE_MAX)
        self.note_field.setPlaceholderText(_("Note: what was it, what was done (optional)"))
        buttons = button_box()
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Record the answer (Enter)"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Back (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(said)
        lay.addWidget(QLabel(_("How did it end? Keys 1, 2, 3 (in the note: Ctrl+1, 2, 3)")))
        lay.addLayout(row)
        lay.addWidget(self.note_field)
        lay.addWidget(buttons)
        self.note_field.returnPressed.connect(self.accept)
        self.choices["solved"].setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._choose_by_key(event)
        if not event.isAccepted():
            super().keyPressEvent(event)

    def _choose_by_key(self, event: QKeyEvent) -> None:
        digit = {Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3}.get(Qt.Key(event.key()))
        button = self.group.button(digit) if digit else None
        if button is None:
            event.ignore()
            return
        button.setChecked(True)
        event.accept()

    def outcome(self) -> str:
        return OUTCOMES[max(0, self.group.checkedId() - 1)]

    def note(self) -> str:
        return self.note_field.text().strip()
