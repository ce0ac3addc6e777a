"""One field of a console form: its caption, the input (with a unit or a button beside it) and,
right under it, the line that says what is wrong with it and what to do.

Every console form (workers, machines, orders, templates, routes) uses this one widget, so a
problem looks, reads and is announced the same everywhere: the message sits under the field,
the field gets a dashed border (colour is not the only sign), and the message is the field's
accessible description, so a screen reader says it with the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui.style import current_theme
from flat_desktop.i18n import _


def problem_text(problem: FlatError | str | None) -> str:
    """The words shown under a field: a refusal's message and hint, or a message as given."""
    if problem is None:
        return ""
    if isinstance(problem, FlatError):
        return f"⚠ {problem.message} {problem.hint}".strip()
    return problem


class FieldRow(QWidget):
    """``editor`` with ``unit`` and ``trailing`` beside it and its error line underneath.

    ``label`` names the field: the caption (:attr:`caption`, its buddy the editor), the
    editor's accessible name (unless it has one) and the error line's accessible name."""

    def __init__(self, editor: QWidget, unit: str = "", *, label: str = "",
                 trailing: QWidget | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.label = label
        self.caption = QLabel(label)
        self.caption.setBuddy(editor)
        if label and not editor.accessibleName():
            editor.setAccessibleName(label)
        self.error = QLabel("")
        self.error.setProperty("tone", "error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName(_("Problem with {field}").format(field=label) if label else _("Problem"))
        self.error.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(editor, 1)
        if unit:
            line.addWidget(QLabel(unit))
        if trailing is not None:
            line.addWidget(trailing)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(line)
        lay.addWidget(self.error)

    @property
    def widget(self) -> QWidget:
        """The input itself (the name the worker editor knew it by)."""
        return self.editor

    def add_to(self, form: QFormLayout) -> None:
        """Put the caption and this row into ``form`` as one row."""
        form.addRow(self.caption, self)

    def mark(self, problem: FlatError | str | None) -> None:
        """Show ``problem`` under the field, or clear it (None or empty)."""
        text = problem_text(problem)
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self.editor.setProperty("invalid", bool(text))
        self.editor.setAccessibleDescription(text)
        if text:
            # The field's own border only: a field made of several inputs (a picture with its
            # buttons) is framed as one, its buttons keep their look.
            if not self.editor.objectName():
                self.editor.setObjectName("markedField")
            self.editor.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
            self.editor.setStyleSheet(f"#{self.editor.objectName()} {{ border: 3px dashed "
                                      f"{current_theme().error_text}; }}")
        else:
            self.editor.setStyleSheet("")

    @property
    def marked(self) -> bool:
        return not self.error.isHidden()
