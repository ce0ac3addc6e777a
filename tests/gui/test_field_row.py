"""The one field-with-error widget of the console forms: caption, input, error line under it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFormLayout, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from flat_desktop.errors import InvalidInput
from flat_desktop.gui.console import machines, orders, routes, templates, workers
from flat_desktop.gui.console.look import style_console
from flat_desktop.gui.widgets.field_row import FieldRow


def test_a_problem_is_shown_under_the_field_and_read_with_it(qtbot: QtBot, qapp: QApplication) -> None:
    """The caption names the field and focuses it; a refusal's message and hint appear under it
    and become the field's accessible description; clearing takes both away."""
    style_console(qapp)  # the console's look, whatever an earlier test left on the application
    page = QWidget()
    qtbot.addWidget(page)
    edit = QLineEdit()
    button = QPushButton("…")
    row = FieldRow(edit, "枚", label="数量", trailing=button)
    form = QFormLayout(page)
    row.add_to(form)
    page.show()
    assert row.caption.buddy() is edit and edit.accessibleName() == "数量"
    assert row.error.accessibleName() and not row.marked
    row.mark(InvalidInput("数量が空です。", "数字を入れてください。", field="quantity"))
    assert row.marked and row.error.isVisible()
    assert "数量が空です。" in row.error.text() and "数字を入れてください。" in row.error.text()
    assert edit.accessibleDescription() == row.error.text() and edit.property("invalid")
    assert "dashed" in edit.styleSheet()  # not colour alone
    assert row.error.geometry().top() >= edit.geometry().bottom()  # the message is under the field
    row.mark("別の問題")
    assert row.error.text() == "別の問題"
    row.mark(None)
    assert not row.marked and edit.accessibleDescription() == "" and not edit.property("invalid")
    assert edit.styleSheet() == ""


def test_every_console_form_uses_the_one_widget() -> None:
    """Workers, machines, orders and routes build their fields from the shared widget (no copy
    of it lives in a form's own module)."""
    for module in (workers, machines, orders, routes, templates):
        assert getattr(module, "FieldRow", FieldRow) is FieldRow, module.__name__
    assert not hasattr(workers, "Field")
