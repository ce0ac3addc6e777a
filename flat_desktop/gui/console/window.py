"""The console's main window: the help alert bar, a message strip and the tabs. It only
composes the tabs; each tab talks to the services itself."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.gui.console.board import BoardTab
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.helpcalls import HelpCalls
from flat_desktop.gui.console.job_page import desk_comment_notice
from flat_desktop.gui.console.machines import MachinesTab
from flat_desktop.gui.console.orders import OrdersTab
from flat_desktop.gui.console.reports import ReportsTab
from flat_desktop.gui.console.requesters import RequestersTab
from flat_desktop.gui.console.routes import RoutesTab
from flat_desktop.gui.console.stations import StationsTab
from flat_desktop.gui.console.templates import TemplatesTab
from flat_desktop.gui.console.workers import WorkersTab
from flat_desktop.gui.tasks import stop_tasks
from flat_desktop.i18n import _
from flat_desktop.services.views import EventView


class ConsoleWindow(QMainWindow):
    def __init__(self, ctx: ConsoleContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._polished_views = False
        self.setWindowTitle(_("flat console — {name}").format(name=ctx.actor.name))
        self.help = HelpCalls(ctx)
        self.board = BoardTab(ctx)
        self.orders = OrdersTab(ctx)
        self.machines = MachinesTab(ctx)
        self.templates = TemplatesTab(ctx)
        self.routes = RoutesTab(ctx)
        self.workers = WorkersTab(ctx)
        self.stations = StationsTab(ctx)
        self.reports = ReportsTab(ctx)
        self.requesters = RequestersTab(ctx)
        self.tabs = QTabWidget()
        for widget, title in ((self.board, _("Board")), (self.orders, _("Orders")),
                              (self.help, _("Help calls")), (self.machines, _("Machines")),
                              (self.templates, _("Step templates")), (self.routes, _("Routes")),
                              (self.workers, _("Workers")), (self.stations, _("Station PCs")),
                              (self.reports, _("Reports")), (self.requesters, _("Desk accounts"))):
            self.tabs.addTab(widget, title)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(40)  # room for the frame drawn by the tone style
        self.message.hide()
        # The strip keeps its place while empty and scrolls a long notice, so nothing below it
        # moves when a notice appears (a supervisor's eyes stay on the card they were reading).
        self.message_strip = QScrollArea()
        self.message_strip.setObjectName("message-strip")
        self.message_strip.setWidgetResizable(True)
        self.message_strip.setFrameShape(QFrame.Shape.NoFrame)
        self.message_strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.message_strip.setWidget(self.message)
        self.message_strip.setFixedHeight(self.message.fontMetrics().lineSpacing() * 2 + 28)
        self.online = QLabel("")
        self.online.setProperty("tone", "error")
        self.online.hide()
        # The help bar, the offline line and the notice share one row of a fixed height: a call
        # or a cut appearing narrows the notice beside it instead of pushing the board down.
        signals = QWidget()
        signals.setObjectName("signals")
        row = QHBoxLayout(signals)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.help.bar, 5)
        row.addWidget(self.online, 2)
        row.addWidget(self.message_strip, 3)
        two_lines = self.help.bar_text.fontMetrics().lineSpacing() * 2 + 28  # the bar's name and step
        signals.setFixedHeight(max(self.message_strip.height(), two_lines))
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.addWidget(signals)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        ctx.notice.connect(self.show_notice)
        ctx.feed.online.connect(self.show_online)
        ctx.feed.events.connect(self.tell_desk_comments)
        for i in range(self.tabs.count()):  # Alt+1..9 and Alt+0 switch tabs without the mouse
            QShortcut(QKeySequence(f"Alt+{(i + 1) % 10}"), self, lambda i=i: self.tabs.setCurrentIndex(i))
        QShortcut(QKeySequence("F2"), self, lambda: self.tabs.setCurrentWidget(self.help))
        # Finding a job works from anywhere in the window (right after sign-in the focus is on no
        # column yet): it shows the board and puts the cursor in its search.
        QShortcut(QKeySequence("Ctrl+F"), self, self.find_job)
        self.statusBar().showMessage(_("Signed in: {name}").format(name=ctx.actor.name))

    def find_job(self) -> None:
        self.tabs.setCurrentWidget(self.board)
        self.board.finder.focus()

    def show_notice(self, text: str, is_error: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", "error" if is_error else "success")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.show()

    def tell_desk_comments(self, events: list[EventView]) -> None:
        """A requester's comment at the ordering desk is said in the strip, whichever tab is open."""
        said = desk_comment_notice(events)
        if said:
            self.ctx.tell(said)

    def show_online(self, online: bool) -> None:
        self.online.setText(_("The database does not answer. Changes are not shown until it is back."))
        self.online.setVisible(not online)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._polished_views:
            # Lists filled before the window was first polished keep the item heights of the
            # unstyled font (rows overlap): polish them once more with the console's sheet.
            self._polished_views = True
            for view in self.findChildren(QAbstractItemView):
                view.style().unpolish(view)
                view.style().polish(view)
                view.doItemsLayout()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Reads still under way report to nobody once the window is closing.
        stop_tasks(self)
        super().closeEvent(event)
