"""The console's Reports tab: chosen with the keyboard, computed off the GUI thread, shown as a
table and a chart, exported to CSV and printed as a PDF with the same chart."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from flat_desktop.gui import print_preview
from flat_desktop.gui.console import deliverables
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


def test_weeks_by_number_bars_across_and_the_pdf_through_the_preview(
        console: ConsoleWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Throughput by week: the table names weeks 2026-W49 (11-30); job types lie across the chart
    (their long names have room), the most done on top; Print PDF saves the PDF in the print
    folder and opens the preview on it: the same report's name, weeks and job types."""
    tab = console.reports
    tab.kind.setCurrentIndex(tab.kind.findData(ReportKind.THROUGHPUT.value))
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.kind is ReportKind.THROUGHPUT)
    rep = tab.report
    assert re.fullmatch(r"\d{4}-W\d{2} \(\d{2}-\d{2}\)", tab.table.item(0, 0).text())
    series = tab.chart.series()[0]
    assert isinstance(series, QHorizontalBarSeries)
    shown = reports.chart(rep)
    bars = series.barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == list(reversed(shown.values))  # Qt's first is lowest

    seen: list[Path] = []
    monkeypatch.setattr(deliverables, "printer_names", lambda: ["office-printer"])
    monkeypatch.setattr(print_preview, "preview_and_print", lambda path, *a, **k: seen.append(path) or True)
    console.ctx.ticket_dir = tmp_path
    tab.print_button.setFocus()
    qtbot.keyClick(tab.print_button, Qt.Key.Key_Space)
    assert len(seen) == 1 and seen[0].parent == tmp_path
    doc = pdfium.PdfDocument(seen[0].read_bytes())
    try:
        text = "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
    assert reports.report_names()[ReportKind.THROUGHPUT] in text
    assert tab.table.item(0, 0).text() in text and shown.names[0] in text.replace("\r\n", "")


def test_help_calls_by_day_stand_upright_in_time_order(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = console.reports
    tab.kind.setCurrentIndex(tab.kind.findData(ReportKind.HELP.value))
    qtbot.waitUntil(lambda: tab.report is not None and tab.report.kind is ReportKind.HELP)
    assert isinstance(tab.chart.series()[0], QBarSeries)
    days = list(reports.chart(tab.report).names)
    assert days == sorted(days)
