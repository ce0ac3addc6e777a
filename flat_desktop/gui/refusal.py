"""A database found unusable after the early window was painted (a wrong password or database
name needs the full check): the error is shown in a dialog over that window, which then goes.
The window never just vanishes, and the error is said once, in words, with what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.i18n import _


def refusal_box(window: QWidget | None, exc: FlatError) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Critical, _("flat cannot start"), exc.message,
                      QMessageBox.StandardButton.Close, window)
    box.setInformativeText(exc.hint)
    box.setAccessibleName(_("flat cannot start"))
    box.setAccessibleDescription(str(exc))
    return box


def refuse_over(window: QWidget, exc: FlatError) -> None:
    """Say ``exc`` in a dialog over ``window`` (waits for Close), then close ``window``."""
    refusal_box(window, exc).exec()
    window.close()
    window.deleteLater()
