"""The order's list in the order form: the people on business cards or name tags, or the texts
of file labels, typed into a table or imported from a CSV or Excel file.

The table only collects; the order service checks every row when the order is placed
(services.holders) and a refusal is shown under the table naming the row. An import that
fails changes nothing in the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.i18n import _
from flat_desktop.services import holders
from flat_desktop.services.holders import COLUMNS, Holder, ListKind

FILE_FILTER = "CSV / Excel (*.csv *.xlsx *.txt)"


class _Row(Protocol):
    editor: QWidget


class HoldersEditor(QWidget):
    """Emits ``changed()`` when rows are added, removed, typed or imported, and
    ``refused(message)`` when an import is refused (the form shows it under the table)."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, ctx: ConsoleContext, kind: ListKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("holders")
        self.table.verticalHeader().setVisible(True)  # row numbers: a refusal names the row
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(160)
        self.count = QLabel("")
        self.add_button = QPushButton(_("Add a row"))
        self.add_button.setObjectName("add_row")
        self.remove_button = QPushButton(_("Delete the row"))
        self.remove_button.setObjectName("remove_row")
        self.import_button = QPushButton(_("Import from a file…"))
        self.import_button.setObjectName("import_rows")
        self.import_button.setToolTip(_("A CSV or Excel (.xlsx) file whose first row names the columns."))
        buttons = QHBoxLayout()
        for b in (self.add_button, self.remove_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table)
        lay.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.import_button.clicked.connect(lambda: self.import_file())
        self.table.itemChanged.connect(lambda _i: self._changed())
        self.set_kind(kind)

    def columns(self) -> tuple[str, ...]:
        return COLUMNS[self.kind]

    def set_kind(self, kind: ListKind) -> None:
        """Show the columns of ``kind`` (cards and name tags); rows typed so far are kept."""
        kept = self.rows()
        self.kind = kind
        cols = self.columns()
        self.table.setColumnCount(len(cols))
        self.table.setHorizontalHeaderLabels([holders.heading(c) for c in cols])
        self.set_rows(kept)
        self.setAccessibleName(_("List: {columns}").format(columns="、".join(holders.heading(c) for c in cols)))

    def rows(self) -> tuple[Holder, ...]:
        """The rows as typed (blank rows left out); checked when the order is placed."""
        out = []
        for r in range(self.table.rowCount()):
            values = {}
            for c, key in enumerate(self.columns()):
                item = self.table.item(r, c)
                if item is not None and item.text().strip():
                    values[key] = item.text().strip()
            if values:
                out.append(Holder(**values))
        return tuple(out)

    def set_rows(self, rows: tuple[Holder, ...]) -> None:
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(rows))
            for r, holder in enumerate(rows):
                for c, key in enumerate(self.columns()):
                    self.table.setItem(r, c, QTableWidgetItem(getattr(holder, key)))
        finally:
            self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        self._changed()

    def add_row(self) -> None:
        self.table.setRowCount(self.table.rowCount() + 1)
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.setFocus()
        self._changed()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def import_file(self, path: Path | None = None) -> bool:
        """Replace the list with the file's; a bad file or row is refused and the list stays."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Import the list"), "", FILE_FILTER)
            if not chosen:
                return False
            path = Path(chosen)
        try:
            rows = holders.read_file(path, self.kind)
        except FlatError as exc:
            self.ctx.fail(exc)
            self.refused.emit(str(exc))
            return False
        self.set_rows(rows)
        self.ctx.tell(_("{n} rows imported from {name}.").format(n=len(rows), name=path.name))
        return True

    def _changed(self) -> None:
        n = len(self.rows())
        self.count.setText(_("{n} rows").format(n=n))
        self.changed.emit()


def list_editor(ctx: ConsoleContext, job_type: str, spec_rows: Mapping[str, _Row]) -> HoldersEditor | None:
    """The list editor for an order of ``job_type`` (None when it carries no list). It follows
    the spec's kind field: business cards or name tags."""
    kind_box = spec_rows.get("kind")
    box = kind_box.editor if kind_box is not None and isinstance(kind_box.editor, QComboBox) else None
    kind = holders.list_kind(job_type, {"kind": box.currentData() if box is not None else None})
    if kind is None:
        return None
    editor = HoldersEditor(ctx, kind)
    if box is not None:
        def follow(_index: int) -> None:
            new = holders.list_kind(job_type, {"kind": box.currentData()})
            if new is not None and new != editor.kind:
                editor.set_kind(new)

        box.currentIndexChanged.connect(follow)
    return editor
