"""The live assignment board: a column per status, grouped into a lane per worker.

Keys on a selected card: A assign (several received jobs of one type at once), U withdraw,
C quality check, D deliver, P print tickets, Enter open the job (a confidential job shows its details only
here). The board follows the change feed, re-reads only the jobs that changed and moves or
rewrites only their cards; every other card stays as it is. H hold, R resume, E edit and X cancel
(also by buttons and the cards' context menu) are in corrections.py.

The Finished and Delivered columns are bounded (today's work, and at least the last few finished
jobs); the search above the board (Ctrl+F, ``board_search``) finds jobs of any age by code, title,
department, requester, worker or job type and pins the one chosen onto the board.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QByteArray, QItemSelectionModel, QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QFont, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.db.models import JobStatus
from flat_desktop.errors import Conflict, FlatError, NotFound
from flat_desktop.events import EventType
from flat_desktop.gui.console.assign import AssignDialog
from flat_desktop.gui.console.board_marks import mark_word, paint
from flat_desktop.gui.console.board_search import BoardSearch
from flat_desktop.gui.console.checking import ask_check, ask_deliver
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.corrections import BoardCorrections
from flat_desktop.gui.console.deliverables import job_print_button
from flat_desktop.gui.console.job_page import JobPageDialog
from flat_desktop.gui.print_preview import print_tickets
from flat_desktop.i18n import _
from flat_desktop.services import board, catalog, deadlines, documents, history, people, routes
from flat_desktop.services.board import FoundJob
from flat_desktop.services.views import EventView, JobView, WorkerView

COLUMNS = (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.IN_PROGRESS, JobStatus.PAUSED, JobStatus.ON_HOLD,
           JobStatus.DONE, JobStatus.DELIVERED)
COLUMN_TITLES: dict[str, str] = {
    JobStatus.RECEIVED: "Received", JobStatus.ASSIGNED: "Assigned", JobStatus.IN_PROGRESS: "In progress",
    JobStatus.PAUSED: "Paused", JobStatus.ON_HOLD: "On hold", JobStatus.DONE: "Finished",
    JobStatus.DELIVERED: "Delivered",
}
CODE_ROLE = Qt.ItemDataRole.UserRole
LANE_ROLE = Qt.ItemDataRole.UserRole + 1  # the worker whose lane an item is in
MIME = "application/x-flat-jobs"
WORKER_EVENTS = {EventType.SIGNED_IN, EventType.SIGNED_OUT, EventType.MASTER_CHANGED}
RUNNING = (JobStatus.IN_PROGRESS, JobStatus.PAUSED)  # their cards show elapsed minutes
# What a row of a column shows: a worker's lane head, or a job's card.
Key = tuple[str, str]


def _minutes(delta: dt.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


class JobColumn(QListWidget):
    """One status column; the board handles its keys."""

    key_pressed = Signal(str)
    dropped = Signal(list, str)  # job codes, worker code of the lane they were dropped on

    def __init__(self, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setObjectName(f"column-{status}")
        self.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.setSpacing(2)
        # Cards are several lines each: measure every item and never cut the text short.
        self.setUniformItemSizes(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Drag cards that can still be assigned; drop them on a worker's lane in Assigned.
        self.setDragEnabled(status in (JobStatus.RECEIVED, JobStatus.ASSIGNED, JobStatus.PAUSED))
        self.setAcceptDrops(status == JobStatus.ASSIGNED)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragDrop if status == JobStatus.ASSIGNED
                             else QListWidget.DragDropMode.DragOnly)

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        codes = [c for it in items if (c := it.data(CODE_ROLE))]
        data.setData(MIME, QByteArray("\n".join(codes).encode()))
        return data

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME) and self.lane_at(event.position().toPoint()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        # The board assigns through the services; the list itself never moves items.
        worker = self.lane_at(event.position().toPoint())
        codes = bytes(event.mimeData().data(MIME).data()).decode().split("\n")
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if worker and codes:
            self.dropped.emit([c for c in codes if c], worker)

    def lane_at(self, pos: QPoint) -> str | None:
        item = self.itemAt(pos)
        if item is None and self.count():
            item = self.item(self.count() - 1)  # below the last card: the last lane
        return (item.data(LANE_ROLE) or None) if item is not None else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        keys = {Qt.Key.Key_A: "assign", Qt.Key.Key_U: "unassign", Qt.Key.Key_C: "check",
                Qt.Key.Key_D: "deliver", Qt.Key.Key_P: "print", Qt.Key.Key_Return: "open", Qt.Key.Key_Enter: "open"}
        action = keys.get(Qt.Key(event.key()))
        if action:
            self.key_pressed.emit(action)
            return
        super().keyPressEvent(event)

    def selected_codes(self) -> list[str]:
        return [c for it in self.selectedItems() if (c := it.data(CODE_ROLE))]

    def top_item(self) -> QListWidgetItem | None:
        """The row at the top of the view, when the column is scrolled (None at the very top)."""
        if self.verticalScrollBar().value() == 0:
            return None
        x = self.viewport().width() // 2
        for y in (1, 4, 8, 16):  # past the spacing between rows
            if (item := self.itemAt(QPoint(x, y))) is not None:
                return item
        return None

    def keep_at_top(self, item: QListWidgetItem | None) -> None:
        """Scroll so that ``item`` (still in this column) is at the top of the view again."""
        if item is not None and item.listWidget() is self and self.top_item() is not item:
            self.scrollToItem(item, QListWidget.ScrollHint.PositionAtTop)


class BoardTab(QWidget):
    finished_at_least = board.FINISHED_AT_LEAST

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.jobs: dict[str, JobView] = {}
        self.lost: dict[str, str] = {}  # job code -> who changed it first, from the last assignment
        self.workers: dict[str, WorkerView] = {}
        self.types = {t.key: t for t in catalog.job_types(ctx.db, active_only=False)}
        self.stuck: set[str] = set()
        self.delivered_today: set[str] = set()
        self.pinned: set[str] = set()  # older jobs brought onto the board by search
        self.columns: dict[str, JobColumn] = {}
        self.clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)  # tests give their own time
        self.cards: dict[str, QListWidgetItem] = {}  # job code -> its card
        self.heads: dict[tuple[str, str], QListWidgetItem] = {}  # (column, worker code) -> lane head
        row = QHBoxLayout()
        for status in COLUMNS:
            box = QVBoxLayout()
            head = QLabel(_(COLUMN_TITLES[status]))
            head.setObjectName(f"head-{status}")
            f = head.font()
            f.setBold(True)
            head.setFont(f)
            col = JobColumn(status)
            col.key_pressed.connect(lambda action, c=col: self.act(action, c))
            col.dropped.connect(self.drop_on_lane)
            col.itemActivated.connect(lambda _it, c=col: self.act("open", c))
            box.addWidget(head)
            box.addWidget(col)
            row.addLayout(box, 1)
            self.columns[status] = col
        buttons = QHBoxLayout()
        for label, action in ((_("Assign (A)"), "assign"), (_("Withdraw (U)"), "unassign"),
                              (_("Check (C)"), "check"), (_("Deliver (D)"), "deliver"),
                              (_("Print tickets (P)"), "print"), (_("Open (Enter)"), "open")):
            b = QPushButton(label)
            b.setObjectName(f"btn-{action}")
            b.clicked.connect(lambda _=False, a=action: self.act(a, self.focused_column()))
            buttons.addWidget(b)
        self.corrections = BoardCorrections(self, buttons)  # hold, resume, edit, cancel: keys, buttons, menu
        buttons.addStretch(1)
        self.finder = BoardSearch(ctx, self)
        self.search_field, self.results = self.finder.field, self.finder.results
        self.finder.chosen.connect(self.show_job)
        self.finder.left.connect(lambda: self.focused_column().setFocus())
        buttons.addWidget(self.finder, 3)
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addLayout(row, 1)
        self._last_column: JobColumn = self.columns[JobStatus.RECEIVED]
        for col in self.columns.values():
            col.itemSelectionChanged.connect(lambda c=col: self._remember(c))
        ctx.feed.events.connect(self.on_events)
        # Elapsed minutes move on even when nobody acts.
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.tick)
        self._clock.start()
        self.reload()

    # --- data -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.workers = {w.code: w for w in people.workers(self.ctx.db)}
        midnight = dt.datetime.combine(dt.date.today(), dt.time(0)).astimezone()
        # Open work, today's finished (at least the last few) and today's deliveries: years of
        # finished jobs stay in the database, reached by search.
        self.jobs = {j.code: j for j in board.board_jobs(self.ctx.db, self.ctx.actor, since=midnight,
                                                                finished_at_least=self.finished_at_least)
                     if j.status in COLUMNS}
        self.jobs.update({c: j for c in self.pinned if (j := self._read(c)) is not None})
        self.delivered_today = {c for c, j in self.jobs.items() if j.status == JobStatus.DELIVERED}
        # Rounds finished while no console was open close now.
        if any(j.status == JobStatus.DONE and j.route for j in self.jobs.values()):
            self._reread(set(self.close_rounds()))
        self.redraw()

    def _read(self, code: str) -> JobView | None:
        try:
            return board.job(self.ctx.db, code)
        except NotFound:
            return None

    def refresh_jobs(self, codes: Iterable[str]) -> None:
        """Re-read these jobs and move or rewrite only their cards."""
        changed = set(codes)
        self._reread(changed)
        self.place(changed)

    def _reread(self, codes: set[str]) -> None:
        for code in codes:
            j = self._read(code)
            if j is None:
                self.jobs.pop(code, None)
            else:
                self.jobs[code] = j

    def close_rounds(self, codes: list[str] | None = None) -> list[str]:
        """Finished rounds close themselves (``routes.close_finished_rounds``): their stops were
        the delivery, so Finished keeps only work waiting for a check or a delivery."""
        try:
            closed = routes.close_finished_rounds(self.ctx.db, self.ctx.actor, codes)
        except FlatError as exc:
            self.ctx.fail(exc)
            return []
        self.delivered_today.update(closed)
        if closed:
            self.ctx.feed.poll()
        return closed

    def on_events(self, events: list[EventView]) -> None:
        finished = [e.job for e in events if e.type == EventType.JOB_FINISHED and e.job]
        if finished:
            self.close_rounds(finished)
        changed = {e.job for e in events if e.job}
        for e in events:
            if e.type == EventType.JOB_DELIVERED and e.job:
                self.delivered_today.add(e.job)
            if e.type == EventType.STUCK and e.job:
                self.stuck.add(e.job)  # quiet: marked on the card, no sound
            elif e.type in (EventType.STEP_DONE, EventType.JOB_FINISHED, EventType.HELP_ANSWERED) and e.job:
                self.stuck.discard(e.job)
        if any(e.type in WORKER_EVENTS for e in events):
            # Lanes follow who is present: every lane may move, but cards stay the same objects.
            self.workers = {w.code: w for w in people.workers(self.ctx.db)}
            self._reread(changed)
            self.place(changed, every_row=True)
        elif changed:
            self.refresh_jobs(changed)

    # --- search ---------------------------------------------------------------------------

    @property
    def found(self) -> list[FoundJob]:
        return self.finder.found

    def search(self, text: str) -> int:
        """Search for ``text`` off the GUI thread (as typed into the field with Enter); returns
        the query's number, reached by ``finder.answered`` when its results are listed."""
        self.search_field.setText(text)
        return self.finder.search_now()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.results.isVisible():
            self.finder.place_results()

    def show_job(self, code: str) -> None:
        """Bring a found job onto the board and select its card (a cancelled job, which has no
        column, opens instead)."""
        j = self._read(code)
        if j is None:
            return
        if j.status not in COLUMNS:
            self.open_job(code)
            return
        self.pinned.add(code)
        self.jobs[code] = j
        self.place({code})
        self.select([code])
        item = self.cards.get(code)
        if item is not None and item.listWidget() is not None:
            item.listWidget().scrollToItem(item)
            item.listWidget().setFocus()  # the card's keys (C, D, A, Enter...) act on it at once

    # --- showing --------------------------------------------------------------------------

    def worker_name(self, code: str | None) -> str:
        if code is None:
            return _("Not assigned")
        w = self.workers.get(code)
        return w.name if w else code

    def risk_of(self, j: JobView) -> str | None:
        """Overdue, at risk or None (``services.deadlines``), by the board's clock."""
        jt = self.types.get(j.type)
        return deadlines.risk(j, jt.standard_minutes(j.quantity) if jt else 0.0, self.clock())

    def card_text(self, j: JobView) -> str:
        # Short lines: a narrow column wraps less, so no card is cut short.
        mark = mark_word(self.risk_of(j))
        lines = [j.code + (f"  {mark}" if mark else ""), j.type_name]
        if j.from_web:
            lines[0] += "  " + _("[web]")  # ordered by the department at the web ordering desk
        if j.confidential:
            # Only code and type until the job is opened (Enter).
            lines[0] += "  " + _("[confidential]")
            return "\n".join(lines)
        lines.append(j.title)
        if j.status in (JobStatus.IN_PROGRESS, JobStatus.PAUSED):
            parts = [self.worker_name(j.assignee)]
            if j.current_step:
                parts.append(_("step {n}/{m}").format(n=j.current_step, m=j.steps_total))
            jt = self.types.get(j.type)
            if j.started_at and jt:
                elapsed = _minutes(self.clock() - j.started_at)
                parts.append(_("{elapsed}/{standard} min").format(elapsed=elapsed,
                                                                  standard=round(jt.standard_minutes(j.quantity))))
            if j.machine_in_use:
                parts.append(_("machine {code}").format(code=j.machine_in_use))
            lines.append(" · ".join(parts))
        else:
            due = j.due.astimezone().strftime("%m/%d %H:%M") if j.due else "-"
            lines.append(_("{n} {unit} · due {due}").format(n=j.quantity, unit=j.unit, due=due))
        if j.status == JobStatus.DONE:
            jt = self.types.get(j.type)
            lines.append(_("checked: deliver (D)") if j.checked else _("no check needed: deliver (D)")
                         if jt is not None and jt.check_waived else _("to check (C)"))
        if j.priority == 1:
            lines[0] += "  " + _("[urgent]")
        if j.code in self.stuck:
            lines.append(_("* taking longer than usual"))
        return "\n".join(lines)

    def on_board(self, j: JobView) -> bool:
        """Delivered jobs stay on the board on the day they were delivered (or when found by
        search), then leave it."""
        return j.status in COLUMNS and (
            j.status != JobStatus.DELIVERED or j.code in self.delivered_today or j.code in self.pinned)

    def rows_of(self, status: str) -> list[Key]:
        """What column ``status`` shows, top to bottom: ("lane", worker) heads and ("card", code)."""
        jobs = [j for j in self.jobs.values() if j.status == status and self.on_board(j)]
        jobs.sort(key=lambda j: (j.priority, j.due or dt.datetime.max.replace(tzinfo=dt.UTC), j.code))
        if status == JobStatus.RECEIVED:
            return [("card", j.code) for j in jobs]
        # One lane per worker: in Assigned every present worker has one (a drop target, and an
        # empty lane shows who is free); present workers first.
        lanes: dict[str, list[JobView]] = {}
        if status == JobStatus.ASSIGNED:
            lanes = {w.code: [] for w in self.workers.values() if w.present and w.role == "worker"}
        for j in jobs:
            lanes.setdefault(j.assignee or "", []).append(j)
        order = sorted(lanes, key=lambda c: (not (self.workers.get(c) or _Absent).present, c))
        keys: list[Key] = []
        for who in order:
            keys.append(("lane", who))
            keys.extend(("card", j.code) for j in lanes[who])
        return keys

    def head_text(self, who: str) -> str:
        w = self.workers.get(who)
        return f"{'●' if w and w.present else '○'} {self.worker_name(who or None)}"

    def _item(self, status: str, key: Key, lane: str) -> QListWidgetItem:
        """The row for ``key`` (made once, then kept), with its text and lane up to date."""
        kind, name = key
        if kind == "lane":
            item = self.heads.get((status, name))
            if item is None:
                item = QListWidgetItem()
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                # Never None in (or read from) item data: it upsets PySide's reference counts.
                item.setData(CODE_ROLE, "")
                f = QFont(item.font())
                f.setBold(True)
                item.setFont(f)
                self.heads[(status, name)] = item
            text = self.head_text(name)
        else:
            item = self.cards.get(name)
            if item is None:
                item = QListWidgetItem()
                item.setData(CODE_ROLE, name)
                self.cards[name] = item
            text = self.card_text(self.jobs[name])
            paint(item, self.risk_of(self.jobs[name]))
        if item.text() != text:
            item.setText(text)
        if item.data(LANE_ROLE) != lane:
            item.setData(LANE_ROLE, lane)
        return item

    def place(self, changed: set[str], *, every_row: bool = False) -> None:
        """Put the cards of ``changed`` where they belong now; the other rows move only as far
        as a row added or taken away above them moves them (``every_row``: also rewrite every
        row's text, for a change of lanes)."""
        selected = {c for col in self.columns.values() for c in col.selected_codes()}
        current = {col.status: it.data(CODE_ROLE) for col in self.columns.values() if (it := col.currentItem())}
        tops = {col.status: col.top_item() for col in self.columns.values()}
        for col in self.columns.values():
            col.blockSignals(True)
        try:
            for code in changed:  # out first, so only these cards travel
                item = self.cards.get(code)
                if item is not None and (lw := item.listWidget()) is not None:
                    lw.takeItem(lw.row(item))
            for status, col in self.columns.items():
                self._fill(status, col, every_row)
            for code in changed:
                if (item := self.cards.get(code)) is not None and item.listWidget() is None:
                    del self.cards[code]  # it left the board
            for code in selected:
                if (item := self.cards.get(code)) is not None and not item.isSelected():
                    item.setSelected(True)
            for status, code in current.items():
                item = self.cards.get(code)
                col = self.columns[status]
                if item is not None and item.listWidget() is col and col.currentItem() is not item:
                    col.setCurrentItem(item, QItemSelectionModel.SelectionFlag.NoUpdate)
            for status, col in self.columns.items():
                col.keep_at_top(tops[status])  # a card taken away above the view moves nothing
        finally:
            for col in self.columns.values():
                col.blockSignals(False)

    def _fill(self, status: str, col: JobColumn, every_row: bool) -> None:
        """Make ``col`` show ``rows_of(status)``, reusing its rows: a row already in place stays."""
        wanted = self.rows_of(status)
        lane = ""
        for i, key in enumerate(wanted):
            if key[0] == "lane":
                lane = key[1]
            row = col.item(i)
            if row is not None and not every_row and _key(row) == key:
                continue
            item = self._item(status, key, lane)
            if item is not row:
                if (lw := item.listWidget()) is not None:
                    lw.takeItem(lw.row(item))
                col.insertItem(i, item)
        while col.count() > len(wanted):  # rows no longer wanted were pushed to the end
            gone = col.takeItem(len(wanted))
            if gone is None:
                break
            kind, name = _key(gone)
            if kind == "lane":
                self.heads.pop((status, name), None)
            elif self.cards.get(name) is gone:
                del self.cards[name]

    def redraw(self) -> None:
        """Lay out every column again: rows move where they belong, but every card and lane head
        is the same item as before."""
        self.place(set(), every_row=True)

    def tick(self) -> None:
        """The elapsed minutes on running cards move on and open jobs become at risk or overdue:
        rewrite those cards' text and marks only."""
        for code, item in self.cards.items():
            j = self.jobs.get(code)
            if j is not None and j.status in deadlines.OPEN:
                text = self.card_text(j)
                paint(item, self.risk_of(j))
                if item.text() != text:
                    item.setText(text)

    def item_for(self, code: str) -> QListWidgetItem | None:
        item = self.cards.get(code)
        return item if item is not None and item.listWidget() is not None else None

    def column_of(self, code: str) -> str | None:
        """The status column showing the card of ``code`` (None when it is not on the board)."""
        item = self.item_for(code)
        col = item.listWidget() if item is not None else None
        return col.status if isinstance(col, JobColumn) else None

    def card(self, code: str) -> str:
        item = self.item_for(code)
        return item.text() if item is not None else ""

    def select(self, codes: Iterable[str]) -> None:
        """Select these cards (tests and the keyboard use the same path)."""
        wanted = set(codes)
        for col in self.columns.values():
            col.clearSelection()
        for code in wanted:
            item = self.item_for(code)
            if item is not None:
                item.setSelected(True)
                self._last_column = item.listWidget()  # type: ignore[assignment]

    # --- actions --------------------------------------------------------------------------

    def _remember(self, col: JobColumn) -> None:
        if col.selectedItems():
            self._last_column = col

    def focused_column(self) -> JobColumn:
        return self._last_column

    def act(self, action: str, col: JobColumn) -> None:
        codes = col.selected_codes()
        if not codes:
            self.ctx.notice.emit(_("Select a job on the board first."), True)
            return
        if action == "assign":
            self.ask_assign(codes)
        elif action == "unassign":
            for code in codes:
                self.unassign_job(code)
        elif action == "check":
            for code in codes:
                if not ask_check(self.ctx, code, self):
                    break
                self.refresh_jobs([code])
        elif action == "deliver":
            for code in codes:
                if not ask_deliver(self.ctx, code, self):
                    break
                self.delivered_today.add(code)
                self.refresh_jobs([code])
        elif action == "print":
            print_tickets(self.ctx, codes, self)  # several selected jobs print together (batch)
        elif action == "open":
            self.open_job(codes[0])

    def batch_type(self, codes: list[str]) -> str | None:
        """The one job type of a batch, or None (and a message) when the jobs differ."""
        types = {self.jobs[c].type for c in codes if c in self.jobs}
        if len(types) != 1:
            self.ctx.notice.emit(_("Select jobs of one job type to assign them together."), True)
            return None
        return types.pop()

    def ask_assign(self, codes: list[str]) -> None:
        jt = self.batch_type(codes)
        if jt is None:
            return
        note = ""
        while codes:
            # The versions the supervisor decided on: what the dialog showed when it opened, not
            # what the board holds when OK is pressed (a colleague may assign meanwhile).
            seen = {c: self.jobs[c].version for c in codes}
            dlg = AssignDialog(list(self.workers.values()), jt, self.jobs[codes[0]].type_name, codes, self,
                               loads=self.loads())
            if note:
                dlg.tell(note)
            if dlg.exec() != QDialog.DialogCode.Accepted or not dlg.chosen():
                return
            self.assign_jobs(codes, dlg.chosen() or "", dlg.override_reason(), seen=seen)
            # Jobs a colleague changed first: told who did what, and asked again with the new state.
            codes = [c for c in self.lost if c in self.jobs and self.jobs[c].status in board.ASSIGNABLE]
            note = "\n".join(self.lost.values())

    def loads(self) -> dict[str, board.Workload]:
        try:
            return board.workloads(self.ctx.db)
        except FlatError:
            return {}

    def assign_jobs(self, codes: list[str], worker: str, reason: str | None = None, *,
                    seen: dict[str, int] | None = None) -> list[str]:
        """Assign each job with the version the supervisor saw (``seen``, else the board's);
        returns the codes assigned.

        A job someone else changed first is reported plainly, naming who and what, and re-read,
        so the board shows the new state; the other jobs of the batch still go ahead.
        """
        if self.batch_type(codes) is None:
            return []
        done: list[str] = []
        problems: list[str] = []
        self.lost = {}
        for code in codes:
            version = (seen or {}).get(code, self.jobs[code].version)
            try:
                board.assign(self.ctx.db, self.ctx.actor, code, worker,
                             expected_version=version, override_reason=reason)
            except Conflict as exc:
                self.lost[code] = str(exc)
                problems.append(str(exc))
            except FlatError as exc:
                problems.append(f"{code}: {exc}")
            else:
                done.append(code)
        self.refresh_jobs(codes)
        self.ctx.feed.poll()
        if problems:
            self.ctx.notice.emit("\n".join(problems), True)
        elif done:
            self.ctx.tell(_("{codes} assigned to {who}.").format(codes=", ".join(done), who=self.worker_name(worker)))
        return done

    def unassign_job(self, code: str) -> None:
        version = self.jobs[code].version
        if self.ctx.attempt(lambda: board.unassign(self.ctx.db, self.ctx.actor, code, expected_version=version),
                            _("{code} withdrawn.").format(code=code)) is None:
            self.refresh_jobs([code])

    def drop_on_lane(self, codes: list[str], worker: str) -> list[str]:
        """Cards dropped on a worker's lane: assign them (a worker without the skill is refused
        with the service's message; use A to give a reason)."""
        codes = [c for c in codes if c in self.jobs and self.jobs[c].assignee != worker]
        return self.assign_jobs(codes, worker) if codes else []

    def check_job(self, code: str) -> None:
        self.ctx.attempt(lambda: board.check(self.ctx.db, self.ctx.actor, code),
                         _("{code} checked.").format(code=code))

    def deliver_job(self, code: str, to: str) -> None:
        if self.ctx.attempt(lambda: board.deliver(self.ctx.db, self.ctx.actor, code, to),
                            _("{code} delivered to {to}.").format(code=code, to=to.strip())):
            self.delivered_today.add(code)
            self.refresh_jobs([code])

    def open_job(self, code: str) -> QDialog | None:
        """The job's page: its spec in the job type's words and its history (``job_page``)."""
        page = self.ctx.attempt(lambda: history.job_page(self.ctx.db, code))
        if page is None:
            return None
        dlg = JobPageDialog(page, self.worker_name(page.job.assignee), self, ctx=self.ctx)
        if page.job.type in documents.DELIVERABLE_TYPES:  # the order's cards, name tags or labels
            dlg.add_action(job_print_button(self.ctx, page.job.code, dlg))
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg


def _key(item: QListWidgetItem) -> Key:
    code = item.data(CODE_ROLE)
    return ("card", code) if code else ("lane", item.data(LANE_ROLE) or "")


class _Absent:
    present = False
