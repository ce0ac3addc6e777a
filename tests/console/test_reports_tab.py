"""The console's Reports tab: chosen with the keyboard, computed off the GUI thread, shown as a
table and a chart, exported to CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import reports
from flat_desktop.services.reports import Range, ReportKind


def test_a_report_chosen_by_keys_shows_rows_and_a_chart_and_exports(
        console: ConsoleWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Alt+9 opens Reports; arrow keys on the report list choose Machines: the table holds one row
    per machine the demo used, the chart one bar each; Export CSV writes the same rows."""
    console.show()
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    qtbot.keyClick(console.focusWidget() or console, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    tab = console.reports
    assert console.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.kind is ReportKind.HOURS)
    assert tab.table.rowCount() == len(tab.report.lines) > 0
    tab.kind.setFocus()
    qtbot.keyClick(tab.kind, Qt.Key.Key_Down)
    qtbot.keyClick(tab.kind, Qt.Key.Key_Down)
    assert tab.chosen_kind() is ReportKind.MACHINES and not tab.period.isEnabled()
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.kind is ReportKind.MACHINES)
    expected = reports.machines(console.ctx.db, tab.report.range)
    assert tab.table.rowCount() == len(expected.lines) > 0
    assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == [x.machine for x in expected.lines]
    assert tab.table.horizontalHeaderItem(0).text() == reports.column_titles()["machine"]
    series = tab.chart.series()
    assert len(series) == 1 and series[0].barSets()[0].count() == len(expected.lines)

    target = tmp_path / "machines.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    tab.export_button.setFocus()
    qtbot.keyClick(tab.export_button, Qt.Key.Key_Space)
    with target.open(encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows == [[str(c) for c in row] for row in expected.rows()]


def test_help_calls_show_the_steps_table(console: ConsoleWindow, qtbot: QtBot) -> None:
    """The help report shows, below the days, the steps with the most help calls first."""
    tab = console.reports
    tab.kind.setCurrentIndex(tab.kind.findData(ReportKind.HELP.value))
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.kind is ReportKind.HELP)
    assert isinstance(tab.report, reports.HelpReport)
    assert tab.steps_table.isVisibleTo(tab) and tab.steps_table.rowCount() == len(tab.report.steps)
    calls = [line.calls for line in tab.report.steps]
    assert calls == sorted(calls, reverse=True)


def test_a_backward_range_is_refused(console: ConsoleWindow, qtbot: QtBot) -> None:
    """A last day before the first day: the notice says so, nothing is computed."""
    tab = console.reports
    qtbot.waitUntil(lambda: tab.report is not None)
    shown = tab.report
    tab.end.setDate(tab.start.date().addDays(-2))
    tab.show_button.click()
    assert console.message.isVisibleTo(console) and tab.report is shown
    assert isinstance(shown.range, Range)
