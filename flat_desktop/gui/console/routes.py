"""Scheduled routes (定期業務): the routes with their days, times, rota and stops; editing a route;
making a day's jobs; and, for a day, which stops each route job has confirmed by scan."""

from __future__ import annotations

import datetime as dt
from typing import cast

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop.errors import FlatError, InvalidInput
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.schedule import SchedulePage
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import _
from flat_desktop.services import catalog, people, routes, schedule
from flat_desktop.services.routes import RouteDraft
from flat_desktop.services.views import EventView, RouteDetailView, RouteRunView

WEEKDAYS = "月火水木金土日"
HEADERS = ("Route", "Name", "Days", "Times", "Rota", "Stops")
STOP_HEADERS = ("Route job / stop", "Mailbox no.", "Confirmed", "Time", "By")


def day_names() -> list[str]:
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


class OrderedList(QWidget):
    """An ordered list edited by keyboard: pick from the box and Add (Enter); in the list,
    Alt+Up / Alt+Down move the chosen entry and Delete removes it."""

    changed = Signal()

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = _KeyList(self)
        self.list.setAccessibleName(what)
        self.list.setAccessibleDescription(_("Alt+Up and Alt+Down move the entry, Delete removes it."))
        self.list.setMinimumHeight(130)
        self.choice = QComboBox()
        self.choice.setAccessibleName(_("Choose what to add to: {what}").format(what=what))
        self.add_button = QPushButton(_("Add"))
        self.add_button.setAccessibleName(_("Add to: {what}").format(what=what))
        self.up = QPushButton(_("Up"))
        self.up.setToolTip("Alt+↑")
        self.down = QPushButton(_("Down"))
        self.down.setToolTip("Alt+↓")
        self.remove = QPushButton(_("Remove"))
        self.remove.setToolTip("Delete")
        picker = QHBoxLayout()
        picker.setContentsMargins(0, 0, 0, 0)
        picker.addWidget(self.choice, 1)
        picker.addWidget(self.add_button)
        moves = QVBoxLayout()  # beside the list, so the editor fits a 1080-line screen
        moves.setContentsMargins(0, 0, 0, 0)
        for b in (self.up, self.down, self.remove):
            moves.addWidget(b)
        moves.addStretch(1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.list, 1)
        body.addLayout(moves)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(picker)
        lay.addLayout(body, 1)
        self.add_button.clicked.connect(self.add_chosen)
        self.up.clicked.connect(lambda: self.move_by(-1))
        self.down.clicked.connect(lambda: self.move_by(1))
        self.remove.clicked.connect(self.remove_current)

    def set_choices(self, choices: list[tuple[str, str]]) -> None:
        self.choice.clear()
        for key, label in choices:
            self.choice.addItem(label, key)

    def label_of(self, key: str) -> str:
        i = self.choice.findData(key)
        return self.choice.itemText(i) if i >= 0 else key

    def set_values(self, keys: list[str]) -> None:
        self.list.clear()
        for key in keys:
            self._append(key)

    def values(self) -> list[str]:
        return [str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def _append(self, key: str) -> None:
        item = QListWidgetItem(self.label_of(key))
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.list.addItem(item)

    def add_chosen(self) -> None:
        key = self.choice.currentData()
        if key is None:
            return
        self._append(str(key))
        self.list.setCurrentRow(self.list.count() - 1)
        self.changed.emit()

    def move_by(self, by: int) -> None:
        row = self.list.currentRow()
        to = row + by
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        self.list.setCurrentRow(min(row, self.list.count() - 1))
        self.changed.emit()


class _KeyList(QListWidget):
    def __init__(self, owner: OrderedList) -> None:
        super().__init__()
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() == Qt.Key.Key_Up:
            self.owner.move_by(-1)
        elif alt and event.key() == Qt.Key.Key_Down:
            self.owner.move_by(1)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.owner.remove_current()
        else:
            super().keyPressEvent(event)


class RouteEditor(QGroupBox):
    """Create or edit one route. Every field is checked at once and marked; nothing is saved
    until all are valid, and a failed save keeps everything typed."""

    saved = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Route"), parent)
        self.ctx = ctx
        self.original: RouteDetailView | None = None  # None: a new route
        self.dirty = False
        self.code = QLineEdit()
        self.code.setObjectName("route_code")
        self.code.setMaxLength(16)
        self.code.setAccessibleName(_("Route code"))
        self.code.setPlaceholderText(_("e.g. MAIL-D"))
        self.name = QLineEdit()
        self.name.setObjectName("route_name")
        self.name.setAccessibleName(_("Route name"))
        self.job_type = QComboBox()
        self.job_type.setAccessibleName(_("Job type of the route"))
        for key, name in routes.route_job_types(ctx.db):
            self.job_type.addItem(name, key)
        self.days: list[QCheckBox] = []
        days = QWidget()
        day_line = QHBoxLayout(days)
        day_line.setContentsMargins(0, 0, 0, 0)
        for i, label in enumerate(day_names()):
            box = QCheckBox(label)
            box.setAccessibleName(_("Runs on {day}").format(day=label))
            box.setProperty("weekday", i)
            self.days.append(box)
            day_line.addWidget(box)
        day_line.addStretch(1)
        self.times = QLineEdit()
        self.times.setObjectName("route_times")
        self.times.setAccessibleName(_("Times, separated by commas"))
        self.times.setPlaceholderText(_("e.g. 09:30, 13:30"))
        self.rota = OrderedList(_("Rota: workers taking the route in turn"))
        self.stops = OrderedList(_("Stops: department mailboxes in order"))
        self.active = QCheckBox(_("Route jobs are made (active)"))
        self.rows = {"code": FieldRow(self.code, label=_("Code")), "name": FieldRow(self.name, label=_("Name")),
                     "job_type": FieldRow(self.job_type, label=_("Job type")),
                     "weekdays": FieldRow(days, label=_("Days")), "times": FieldRow(self.times, label=_("Times")),
                     "rota": FieldRow(self.rota, label=_("Rota")), "stops": FieldRow(self.stops, label=_("Stops"))}
        # A caption takes the focus to the field's first input (a day's box, a list's chooser).
        self.rows["weekdays"].caption.setBuddy(self.days[0])
        for key in ("rota", "stops"):
            editor = self.rows[key].editor
            if isinstance(editor, OrderedList):
                self.rows[key].caption.setBuddy(editor.choice)
        form = QFormLayout()
        for row in self.rows.values():
            row.add_to(form)
        form.addRow("", self.active)
        self.new_button = QPushButton(_("New route"))
        self.revert_button = QPushButton(_("Revert"))
        self.save_button = QPushButton(_("Save the route"))
        self.save_button.setProperty("role", "primary")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addLayout(form, 1)
        lay.addLayout(buttons)
        self.stops.set_choices([(d.mailbox, f"{d.mailbox}  {d.name}") for d in catalog.departments(ctx.db)])
        self.job_type.currentIndexChanged.connect(self._job_type_changed)
        self.new_button.clicked.connect(self.new_route)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        for edit in (self.code, self.name, self.times):
            edit.textEdited.connect(self._touched)
            edit.returnPressed.connect(self.save)
        for box in self.days:
            box.toggled.connect(self._touched)
        self.active.toggled.connect(self._touched)
        self.rota.changed.connect(self._touched)
        self.stops.changed.connect(self._touched)
        self._job_type_changed()
        self.new_route()

    def _touched(self, *_args: object) -> None:
        self.dirty = True

    def _job_type_changed(self) -> None:
        key = self.job_type.currentData()
        workers = [w for w in people.workers(self.ctx.db)
                   if w.role == "worker" and any(sk.job_type == key for sk in w.skills)]
        kept = self.rota.values()
        self.rota.set_choices([(w.code, f"{w.name}（{w.code}）") for w in workers])
        self.rota.set_values(kept)  # relabelled; a worker without the skill is refused when saving
        self._touched()

    def load(self, r: RouteDetailView | None) -> None:
        self.original = r
        self.code.setText(r.code if r else "")
        self.code.setReadOnly(r is not None)  # jobs already made refer to the code
        self.name.setText(r.name if r else "")
        i = self.job_type.findData(r.job_type if r else "mail_round")
        self.job_type.setCurrentIndex(max(0, i))
        for box in self.days:
            box.setChecked(int(box.property("weekday")) in (r.weekdays if r else (0, 1, 2, 3, 4)))
        self.times.setText(", ".join(r.times) if r else "")
        self.rota.set_values(list(r.rota) if r else [])
        self.stops.set_values([st.mailbox for st in r.stops] if r else [])
        self.active.setChecked(r.active if r else True)
        self.setTitle(_("Edit route {code}").format(code=r.code) if r else _("New route"))
        self.mark({})
        self.dirty = False

    def new_route(self) -> None:
        self.load(None)
        self.code.setFocus()

    def revert(self) -> None:
        if self.original is not None:
            self.load(routes.route(self.ctx.db, self.original.code))
        else:
            self.load(None)

    def draft(self) -> RouteDraft:
        times = [t.strip() for t in self.times.text().replace("、", ",").split(",") if t.strip()]
        return RouteDraft(code=self.code.text(), name=self.name.text(), job_type=str(self.job_type.currentData()),
                          weekdays=[int(b.property("weekday")) for b in self.days if b.isChecked()], times=times,
                          rota=self.rota.values(), stops=self.stops.values(), active=self.active.isChecked())

    def mark(self, problems: dict[str, str]) -> None:
        for key, row in self.rows.items():
            row.mark(problems.get(key))
        first = next((k for k in self.rows if k in problems), None)
        if first:
            editor = self.rows[first].editor
            target = self.days[0] if first == "weekdays" else (
                editor.list if isinstance(editor, OrderedList) else editor)
            target.setFocus()

    def save(self) -> RouteDetailView | None:
        draft = self.draft()
        new = self.original is None
        problems = routes.route_problems(self.ctx.db, draft, new=new)
        self.mark(problems)
        if problems:
            self.ctx.notice.emit(_("The route is not saved: {n} field(s) need attention.").format(n=len(problems)),
                                 True)
            return None
        try:
            fn = routes.create_route if new else routes.update_route
            view = fn(self.ctx.db, self.ctx.actor, draft)
        except InvalidInput as exc:
            self.mark({exc.field or "name": str(exc)})
            self.ctx.fail(exc)
            return None
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        self.load(view)
        self.ctx.tell(_("Route {code} saved. Jobs made from now on follow it; jobs already made keep their stops.")
                      .format(code=view.code))
        self.ctx.feed.poll()
        self.saved.emit(view.code)
        return view


class StopConfirmations(QWidget):
    """For a day: each route job and its stops, confirmed (the mailbox label was scanned, with
    the time) or still open."""

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runs: list[RouteRunView] = []
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(_("Day of the route jobs"))
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("stop_confirmations")
        self.tree.setAccessibleName(_("Route jobs and their stops"))
        self.tree.setColumnCount(len(STOP_HEADERS))
        self.tree.setHeaderLabels([_(h) for h in STOP_HEADERS])
        self.tree.setAlternatingRowColors(True)
        caption = QLabel(_("Day"))
        caption.setBuddy(self.day)
        line = QHBoxLayout()
        line.addWidget(caption)
        line.addWidget(self.day)
        line.addWidget(self.summary, 1)
        lay = QVBoxLayout(self)
        lay.addLayout(line)
        lay.addWidget(self.tree, 1)
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.reload()

    def chosen_day(self) -> dt.date:
        return cast(dt.date, self.day.date().toPython())

    def set_day(self, day: dt.date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))
        self.reload()

    def reload(self) -> None:
        day = self.chosen_day()
        self.runs = routes.stop_confirmations(self.ctx.db, day)
        names = {w.code: w.name for w in people.workers(self.ctx.db, include_inactive=True)}
        self.tree.clear()
        done = total = 0
        for run in self.runs:
            due = run.due.astimezone().strftime("%H:%M") if run.due else ""
            who = names.get(run.assignee or "", run.assignee or _("nobody"))
            top = QTreeWidgetItem([f"{due}  {run.title}  ({run.job}, {who})", "",
                                   _("{done} of {total}").format(done=run.confirmed, total=len(run.stops)), "", ""])
            top.setData(0, Qt.ItemDataRole.UserRole, run.job)
            f = top.font(0)
            f.setBold(True)
            for c in range(len(STOP_HEADERS)):
                top.setFont(c, f)
            for st in run.stops:
                at = st.done_at.astimezone().strftime("%H:%M") if st.done_at else ""
                state = _("✓ scanned") if st.done else _("open")  # a word, not colour alone
                child = QTreeWidgetItem([st.name, st.mailbox, state, at,
                                         names.get(st.done_by or "", st.done_by or "")])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            done += run.confirmed
            total += len(run.stops)
        self.tree.expandAll()
        for c in range(len(STOP_HEADERS)):
            self.tree.resizeColumnToContents(c)
        self.summary.setText(
            _("{jobs} route jobs, {done} of {total} stops confirmed.").format(jobs=len(self.runs), done=done,
                                                                             total=total)
            if self.runs else _("No route jobs on this day."))

    def on_events(self, events: list[EventView]) -> None:
        shown = {r.job for r in self.runs}
        if any(e.job in shown or e.type == "job_created" for e in events):
            self.reload()


class RoutesTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.codes: list[str] = []
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("routes")
        self.table.setAccessibleName(_("Routes; Enter edits the chosen route"))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.editor = RouteEditor(ctx)
        self.edit_button = QPushButton(_("Edit the chosen route"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setAccessibleName(_("Day to make route jobs for"))
        self.generate = QPushButton(_("Make the route jobs of this day"))
        self.generate.setProperty("role", "primary")
        line = QHBoxLayout()
        line.addWidget(self.edit_button)
        line.addStretch(1)
        line.addWidget(self.day)
        line.addWidget(self.generate)
        # Who the day's runs can go to (services.schedule); set with `flat-desktop schedule`.
        self.who_is_in = QLabel("")
        self.who_is_in.setObjectName("who_is_in")
        self.who_is_in.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(line)
        left.addWidget(self.who_is_in)
        page = QWidget()
        split = QHBoxLayout(page)
        split.addLayout(left, 3)
        split.addWidget(self.editor, 2)
        self.stops = StopConfirmations(ctx)
        self.pages = QTabWidget()
        self.pages.addTab(page, _("Routes"))
        self.pages.addTab(self.stops, _("Stops confirmed"))
        self.schedule = SchedulePage(ctx)
        self.pages.addTab(self.schedule, _("Who is in"))
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.pages)
        self.generate.clicked.connect(lambda: self.generate_day(cast(dt.date, self.day.date().toPython())))
        self.day.dateChanged.connect(lambda _d: self.show_who_is_in())
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.editor.saved.connect(self._saved)
        ctx.feed.events.connect(self.on_events)
        self.reload()
        self.show_who_is_in()

    def on_events(self, events: list[EventView]) -> None:
        if any(e.type == "master_changed" and e.data.get("what") == "route" for e in events):
            self.reload()  # the editor keeps what is being typed
        if any(e.type == "master_changed" and e.data.get("what") in ("schedule", "day_off") for e in events):
            self.show_who_is_in()
        self.stops.on_events(events)

    def reload(self) -> None:
        rows = catalog.routes(self.ctx.db)
        self.codes = [r.code for r in rows]
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            values = (r.code, r.name, "".join(WEEKDAYS[d] for d in r.weekdays), ", ".join(r.times),
                      ", ".join(r.rota), " → ".join(r.stops))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # long stop lists are cut at the window edge
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(5, max(200, self.table.columnWidth(5)))
        self.table.resizeRowsToContents()

    def _saved(self, code: str) -> None:
        self.reload()
        self.select(code)

    def select(self, code: str) -> None:
        if code in self.codes:
            self.table.setCurrentCell(self.codes.index(code), 0)

    def edit_selected(self) -> RouteDetailView | None:
        row = self.table.currentRow()
        if row < 0:
            self.ctx.notice.emit(_("Choose a route first."), True)
            return None
        if self.editor.dirty:
            self.ctx.notice.emit(_("The route form has changes that are not saved. Save them or press Revert "
                                   "first."), True)
            self.editor.save_button.setFocus()
            return None
        view = routes.route(self.ctx.db, self.codes[row])
        self.editor.load(view)
        self.editor.name.setFocus()
        return view

    def generate_day(self, day: dt.date) -> list[str]:
        """Make the day's rounds for whoever is in that day; says what was made, which open runs
        got a worker, and which runs nobody could take."""
        done = self.ctx.attempt(lambda: routes.make_day(self.ctx.db, self.ctx.actor, day))
        if not isinstance(done, routes.DayRounds):
            return []
        said = (_("{n} route jobs made for {day}.").format(n=len(done.made), day=day.isoformat())
                if done.made else _("The route jobs of {day} already exist.").format(day=day.isoformat()))
        late = [code for code, _who in done.assigned if code not in done.made]
        if late:
            said += " " + _("{n} runs without a worker were given one.").format(n=len(late))
        if done.unstaffed:
            self.ctx.notice.emit(said + " " + _("Nobody with the skill is in that day for {codes}: assign them on "
                                                "the board.").format(codes=", ".join(c for c, _r in done.unstaffed)),
                                 True)
        else:
            self.ctx.tell(said)
        if day == self.stops.chosen_day():
            self.stops.reload()
        return list(done.made)

    def show_who_is_in(self) -> None:
        day = cast(dt.date, self.day.date().toPython())
        names = {w.code: w.name for w in people.workers(self.ctx.db)}
        codes = schedule.scheduled(self.ctx.db, day)
        self.who_is_in.setText(_("In on {day}: {names}").format(
            day=day.isoformat(), names="、".join(f"{names.get(c, c)}（{c}）" for c in codes) or "-"))
