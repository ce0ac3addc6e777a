"""The console's read-only lists: whole rows chosen (one, or several), nothing edited in place,
no row numbers. Each tab gives its name, the name a screen reader says, and its headings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QTableWidget


def row_table(name: str, accessible: str, headers: Sequence[str] = (), *, single: bool = True,
              stretch_last: bool = True) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    if name:
        table.setObjectName(name)
    if accessible:
        table.setAccessibleName(accessible)
    if headers:
        table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    if single:
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(stretch_last)
    return table
