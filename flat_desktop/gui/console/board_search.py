"""The board's search: find jobs of any age by code, title, department, requester, worker or
job type, all from the keyboard.

Ctrl+F (anywhere in the console window) puts the cursor in the field; the list beside it narrows the words
to one field (the same as typing a prefix: ``作業員:佐藤``, ``種類:コピー``, see
``services.job_search``). Enter searches (typing pauses search too); Down goes into the results,
Enter there brings the job onto the board, Esc goes back. The query runs off the GUI thread and
the answer to an older query that arrives late is dropped. The results float over the board, so
nothing below them moves when they appear.

Signals: ``chosen(code)`` a result was picked; ``searched(found)`` results arrived; ``left()``
Esc in the empty field: the board takes the focus back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.tasks import run_task
from flat_desktop.i18n import _
from flat_desktop.services import board
from flat_desktop.services.board import FoundJob
from flat_desktop.services.job_search import with_filter

CODE_ROLE = Qt.ItemDataRole.UserRole
TYPING_PAUSE_MS = 400


STATUS_WORDS = {"received": "Received", "assigned": "Assigned", "in_progress": "In progress", "paused": "Paused",
                "done": "Finished", "delivered": "Delivered", "cancelled": "Cancelled"}


def status_name(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def filters() -> list[tuple[str | None, str]]:
    """(field, label) of the filter list, in the order a supervisor reaches for them."""
    return [(None, _("Everything")), ("code", _("Job code")), ("title", _("Title")),
            ("department", _("Department")), ("requester", _("Requester")), ("worker", _("Worker")),
            ("type", _("Job type"))]


class BoardSearch(QWidget):
    chosen = Signal(str)
    searched = Signal(list)
    left = Signal()

    def __init__(self, ctx: ConsoleContext, overlay_on: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.found: list[FoundJob] = []
        self.asked = 0  # the number of the latest query: older answers are dropped
        self.answered = 0
        self.filter = QComboBox()
        self.filter.setObjectName("board-search-filter")
        self.filter.setAccessibleName(_("Search in"))
        for key, label in filters():
            self.filter.addItem(label, key or "")
        self.field = QLineEdit()
        self.field.setObjectName("board-search")
        self.field.setPlaceholderText(_("Find jobs (Ctrl+F): code, title, department, requester, worker, job type"))
        self.field.setToolTip(_("Narrow a word with a prefix: 作業員:佐藤 種類:コピー 所属:人事 発注者: 件名: 番号:"))
        self.field.setClearButtonEnabled(True)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.filter)
        lay.addWidget(self.field, 1)
        # The results float over the board (a child of it, raised), so the columns never move.
        self.results = QListWidget(overlay_on)
        self.results.setObjectName("board-results")
        self.results.setFrameShape(QFrame.Shape.Box)
        self.results.setLineWidth(2)
        self.results.hide()
        self._overlay_on = overlay_on
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(lambda: self.search_now(quietly=True))
        self.field.returnPressed.connect(lambda: self.search_now())
        self.field.textEdited.connect(lambda _t: self._pause.start())
        self.field.textChanged.connect(lambda text: self.clear() if not text.strip() else None)
        self.filter.currentIndexChanged.connect(lambda _i: self.search_now() if self.field.text().strip() else None)
        self.results.itemActivated.connect(lambda it: self.pick(it.data(CODE_ROLE)))
        self.field.installEventFilter(self)
        self.results.installEventFilter(self)

    # --- keys -----------------------------------------------------------------------------

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if watched is self.field:
            if key == Qt.Key.Key_Down and self.results.isVisible() and self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
                return True
            if key == Qt.Key.Key_Escape:
                if self.field.text():
                    self.field.clear()
                else:
                    self.left.emit()
                return True
        elif watched is self.results and key == Qt.Key.Key_Escape:
            self.field.setFocus()
            return True
        return False

    # --- searching ------------------------------------------------------------------------

    def query(self) -> str:
        key = self.filter.currentData() or None
        return with_filter(key, self.field.text().strip())

    def search_now(self, *, quietly: bool = False) -> int:
        """Ask for the field's query off the GUI thread; returns its number (``answered``
        reaches it when its results are shown). ``quietly`` (a pause in typing): no message
        when nothing matches a word still being typed."""
        self._pause.stop()
        text = self.query()
        self.asked += 1
        asked = self.asked
        if not text:
            self.clear()
            return asked
        db, actor = self.ctx.db, self.ctx.actor
        run_task(lambda: board.search(db, actor, text), lambda found: self._arrived(asked, text, found, quietly),
                 lambda exc: self._failed(asked, exc), parent=self)
        return asked

    def _arrived(self, asked: int, text: str, found: list[FoundJob], quietly: bool) -> None:
        if asked != self.asked:
            return  # a newer query is on its way
        self.answered = asked
        self.show_found(found)
        if not found and not quietly:
            self.ctx.notice.emit(_("No job matches '{text}'.").format(text=text), True)
        self.searched.emit(found)

    def _failed(self, asked: int, exc: Exception) -> None:
        if asked != self.asked:
            return
        self.answered = asked
        self.ctx.notice.emit(_("The search did not answer: {error}").format(error=exc), True)

    def clear(self) -> None:
        self.asked += 1  # whatever is still on its way is no longer wanted
        self.answered = self.asked
        self.found = []
        self.results.clear()
        self.results.hide()

    def show_found(self, found: list[FoundJob]) -> None:
        self.found = found
        self.results.clear()
        for f in found:
            j = f.job
            where = " · ".join(p for p in (f.department, f.requester) if p)
            parts = [j.code, status_name(j.status), j.type_name, j.title, where, f.worker]
            item = QListWidgetItem("  ".join(p for p in parts if p))
            item.setData(CODE_ROLE, j.code)
            self.results.addItem(item)
        self.place_results()
        self.results.setVisible(bool(found))
        if found:
            self.results.raise_()

    def place_results(self) -> None:
        """Under the search row, across the board, at most half its height."""
        host = self._overlay_on
        below = self.mapTo(host, QPoint(0, self.height()))
        rows = max(1, min(self.results.count(), 12))
        row_h = self.results.sizeHintForRow(0) if self.results.count() else 32
        height = min(host.height() // 2, rows * (row_h + 2) + 8)
        self.results.setGeometry(8, below.y() + 4, max(200, host.width() - 16), max(48, height))

    def pick(self, code: str) -> None:
        self.results.hide()
        self.chosen.emit(code)
