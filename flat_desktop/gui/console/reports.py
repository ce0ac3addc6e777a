"""Reports: pick a report, a date range and a grouping; see the table and a chart; export CSV or
print the PDF (the same chart and table, printing/report.py).

The figures come from services/reports.py, read off the GUI thread; a newer request replaces
an older one still under way (its result is dropped on arrival)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.deliverables import save_and_print
from flat_desktop.gui.tasks import run_task
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.printing.report import render_report
from flat_desktop.services import reports
from flat_desktop.services.reports import (
    DEFAULT_PERIOD,
    HelpReport,
    Period,
    Range,
    Report,
    ReportKind,
    period_names,
    report_names,
    shown_rows,
)


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def _table(name: str, accessible: str) -> QTableWidget:
    return row_table(name, accessible, single=False, stretch_last=False)


def _fill(table: QTableWidget, rows: list[list[object]]) -> None:
    titles = reports.column_titles()
    header, body = rows[0], rows[1:]
    table.setColumnCount(len(header))
    table.setHorizontalHeaderLabels([titles.get(str(h), str(h)) for h in header])
    table.setRowCount(len(body))
    for r, row in enumerate(body):
        for c, value in enumerate(row):
            text = (_("yes") if value else "") if isinstance(value, bool) else str(value)
            item = QTableWidgetItem(text)
            if isinstance(value, int | float) and not isinstance(value, bool):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


class ReportsTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: Report | None = None
        self._asked = 0  # the newest request; older answers are dropped
        self.kind = QComboBox()
        self.kind.setObjectName("report_kind")
        self.kind.setAccessibleName(_("Report"))
        for kind, name in report_names().items():
            self.kind.addItem(name, kind.value)
        self.period = QComboBox()
        self.period.setObjectName("report_period")
        self.period.setAccessibleName(_("Grouping"))
        for period, name in period_names().items():
            self.period.addItem(name, period.value)
        today = dt.date.today()
        self.start = QDateEdit(_qdate(today - dt.timedelta(days=90)))
        self.end = QDateEdit(_qdate(today))
        for edit, name, accessible in ((self.start, "report_from", _("First day")),
                                       (self.end, "report_to", _("Last day"))):
            edit.setObjectName(name)
            edit.setAccessibleName(accessible)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.show_button = QPushButton(_("Show"))
        self.show_button.setProperty("role", "primary")
        self.export_button = QPushButton(_("Export CSV"))
        self.export_button.setAccessibleName(_("Export the table as a CSV file"))
        self.export_button.setEnabled(False)
        self.print_button = QPushButton(_("Print PDF"))
        self.print_button.setObjectName("report_print")
        self.print_button.setAccessibleName(_("Print the report with its chart"))
        self.print_button.setEnabled(False)
        self.status = QLabel("")
        self.status.setObjectName("report_status")

        bar = QHBoxLayout()
        for text, widget in ((_("&Report"), self.kind), (_("&From"), self.start), (_("&To"), self.end),
                             (_("&Grouping"), self.period)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.show_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        bar.addStretch(1)

        self.table = _table("report_table", _("Report rows"))
        self.steps_table = _table("report_steps", _("Steps with the most help calls"))
        self.steps_label = QLabel(_("Steps with the most help calls (improve their instructions first)"))
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("report_chart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(420)
        tables = QWidget()
        tl = QVBoxLayout(tables)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.table, 2)
        tl.addWidget(self.steps_label)
        tl.addWidget(self.steps_table, 1)
        # The chart beside the table, as tall as the tab: each bar has room for its name.
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(tables)
        split.addWidget(self.chart_view)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([1000, 1000])  # half each: the table's rows are short, the chart's names long
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.status)
        lay.addWidget(split, 1)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_report)
        self._kind_changed()

    # --- asking ---------------------------------------------------------------------------

    def chosen_kind(self) -> ReportKind:
        return ReportKind(self.kind.currentData())

    def _kind_changed(self) -> None:
        kind = self.chosen_kind()
        grouped = kind in DEFAULT_PERIOD
        self.period.setEnabled(grouped)
        if grouped:
            self.period.blockSignals(True)  # one reload for the change of report, not two
            self.period.setCurrentIndex(self.period.findData(DEFAULT_PERIOD[kind].value))
            self.period.blockSignals(False)
        self.steps_label.setVisible(kind is ReportKind.HELP)
        self.steps_table.setVisible(kind is ReportKind.HELP)
        self.reload()

    def reload(self) -> None:
        """Ask for the chosen report (the last day shown is included)."""
        try:
            rng = Range.of(_date(self.start.date()), _date(self.end.date()) + dt.timedelta(days=1))
        except FlatError as exc:
            self.ctx.fail(exc)
            return
        kind = self.chosen_kind()
        period = Period(self.period.currentData()) if kind in DEFAULT_PERIOD else None
        self._asked += 1
        asked = self._asked
        self.status.setText(_("Computing…"))
        db = self.ctx.db
        run_task(lambda: reports.report(db, kind, rng, period), lambda rep: self._arrived(asked, rep),
                 lambda exc: self._failed(asked, exc), parent=self)

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked != self._asked:
            return
        self.status.setText("")
        if isinstance(exc, FlatError):
            self.ctx.fail(exc)
        else:
            self.ctx.notice.emit(_("The report could not be computed: {error}").format(error=exc), True)

    def _arrived(self, asked: int, rep: Report) -> None:
        if asked != self._asked:
            return
        self.show_report(rep)

    # --- showing --------------------------------------------------------------------------

    def show_report(self, rep: Report) -> None:
        self.report = rep
        _fill(self.table, shown_rows(rep))
        if isinstance(rep, HelpReport):
            _fill(self.steps_table, rep.step_rows())
        self.status.setText(_("{n} rows, {start} to {end}.").format(
            n=len(rep.lines), start=rep.range.start.isoformat(),
            end=(rep.range.end - dt.timedelta(days=1)).isoformat()))
        self.export_button.setEnabled(True)
        self.print_button.setEnabled(True)
        self._draw(rep)

    def _draw(self, rep: Report) -> None:
        c = reports.chart(rep)
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        self.chart.setTitle(c.title)
        bars = QBarSet(c.title)
        # Periods stand upright in time order; departments, job types and machines lie across,
        # where their long names have room, the largest on top (Qt draws the first at the bottom).
        names, values = (list(c.names), list(c.values)) if c.over_time else (
            list(reversed(c.names)), list(reversed(c.values)))
        for v in values:
            bars.append(v)
        series: QAbstractBarSeries = QBarSeries() if c.over_time else QHorizontalBarSeries()
        series.append(bars)
        self.chart.addSeries(series)
        names_axis = QBarCategoryAxis()
        names_axis.append(names)
        if c.over_time and len(names) > 8:
            names_axis.setLabelsAngle(-45)
        values_axis = QValueAxis()
        values_axis.setRange(0, max(values, default=0) * 1.1 or 1)
        values_axis.applyNiceNumbers()  # 0, 50, 100 ... rather than 0, 51, 102
        values_axis.setLabelFormat("%.0f")
        if c.over_time:
            self.chart.addAxis(names_axis, Qt.AlignmentFlag.AlignBottom)
            self.chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        else:
            self.chart.addAxis(names_axis, Qt.AlignmentFlag.AlignLeft)
            self.chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(names_axis)
        series.attachAxis(values_axis)

    def print_report(self) -> Path | None:
        """Save the shown report as a PDF in the print folder, then open the print preview."""
        rep = self.report
        if rep is None:
            return None
        name = report_names()[rep.kind]
        return save_and_print(
            self.ctx, render_report(rep), f"report-{rep.kind.value}-{rep.range.start}-{rep.range.end}", self,
            unprinted=_("No printer is set up on this PC. The report \"{name}\" was saved as {path}.").format(
                name=name, path="{path}"),
            printed=_("The report \"{name}\" was sent to the printer.").format(name=name),
            not_printed=_("The report \"{name}\" was not printed; the PDF was saved as {path}.").format(
                name=name, path="{path}"), kind="reports")

    def export(self) -> Path | None:
        """Write the shown report to a CSV file the supervisor chooses."""
        rep = self.report
        if rep is None:
            return None
        suggested = f"{rep.kind.value}_{rep.range.start.isoformat()}_{rep.range.end.isoformat()}.csv"
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Export CSV"), suggested, _("CSV files (*.csv)"))
        if not chosen:
            return None
        path = Path(chosen)
        text = rep.as_csv()
        if isinstance(rep, HelpReport):
            text += "\n" + rep.steps_csv()  # the steps' table below the days'
        try:
            path.write_text(text, encoding="utf-8-sig")  # with a BOM: Excel reads it as UTF-8
        except OSError as exc:
            self.ctx.notice.emit(_("The file was not written: {error}").format(error=exc.strerror or exc), True)
            return None
        self.ctx.tell(_("The report was written to {path}.").format(path=path))
        return path
