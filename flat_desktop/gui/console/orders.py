"""Orders: a new-order form built from the job type's standard spec, and the order history
with Reorder. Every bad field is marked at the field; nothing is saved until all are valid."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from PySide6.QtCore import QDateTime, QModelIndex, QObject, QPersistentModelIndex, Qt, QTime
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import japanese, spec
from flat_desktop.db.models import JobKind
from flat_desktop.errors import FlatError, InvalidInput, NeedsConfirmation
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.deliverables import PrintDeliverableButton
from flat_desktop.gui.console.holders import HoldersEditor, list_editor
from flat_desktop.gui.print_preview import print_tickets
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.gui.widgets.row_table import row_table
from flat_desktop.i18n import _
from flat_desktop.services import catalog, orders
from flat_desktop.services.orders import MAX_QUANTITY, OrderRequest

PRIORITIES = ((1, "Urgent"), (2, "Normal"), (3, "Low"))


def _editor_for(f: spec.SpecField) -> QWidget:
    if f.type == "choice":
        box = QComboBox()
        for c in f.choices:
            box.addItem(f.choice_label(c.value), c.value)
        if f.default is not None:
            box.setCurrentIndex(max(0, box.findData(f.default)))
        return box
    if f.type == "bool":
        check = QCheckBox()
        check.setChecked(bool(f.default))
        return check
    edit = QLineEdit("" if f.default is None else str(f.default))
    if f.type == "int" and f.min is not None and f.max is not None:
        edit.setPlaceholderText(f"{f.min}–{f.max}")
    elif f.type == "date":
        edit.setPlaceholderText("2026-12-01")
    return edit


def _value_of(w: QWidget) -> Any:
    if isinstance(w, QComboBox):
        return w.currentData()
    if isinstance(w, QCheckBox):
        return w.isChecked()
    assert isinstance(w, QLineEdit)
    return w.text().strip()


def _set_value(w: QWidget, value: Any) -> None:
    if isinstance(w, QComboBox):
        w.setCurrentIndex(max(0, w.findData(value)))
    elif isinstance(w, QCheckBox):
        w.setChecked(bool(value))
    elif isinstance(w, QLineEdit):
        w.setText("" if value is None else str(value))


class OrderForm(QWidget):
    """The new-order form; ``reorder_of`` is set when it was filled from a past order."""

    # Made afresh by build() for each job type (QFormLayout.removeRow deletes the old ones).
    title: QLineEdit
    quantity: QLineEdit
    requester: QLineEdit
    department: QLineEdit
    has_due: QCheckBox
    due: QDateTimeEdit
    priority: QComboBox
    confidential: QCheckBox
    note: QLineEdit

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.types = [t for t in catalog.job_types(ctx.db) if t.kind == JobKind.ON_DEMAND]
        self.requesters = catalog.requesters(ctx.db)
        self.departments = catalog.departments(ctx.db)
        self.reorder_of: str | None = None
        self.last_created: orders.Created | None = None
        # An unusual order waits here until the supervisor places exactly the same one again.
        self.to_confirm: OrderRequest | None = None
        self.auto_department: str | None = None  # the department last filled in from the requester
        self.type_box = QComboBox()
        self.type_box.setObjectName("job_type")
        for t in self.types:
            self.type_box.addItem(t.name, t.key)
        self.banner = QLabel("")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.requester_words = [(self._requester_text(r), f"{r.kana} {self._department_kana(r.department)}")
                                 for r in self.requesters]
        self.department_words = [(d.name, f"{d.kana} {d.code}") for d in self.departments]
        self.kept: dict[str, Any] = {}
        self.rows: dict[str, FieldRow] = {}
        self.spec_rows: dict[str, FieldRow] = {}
        self.form = QFormLayout()
        self.place = QPushButton(_("Place order"))
        self.place.setObjectName("place")
        self.place.setProperty("role", "primary")
        self.clear_button = QPushButton(_("Clear"))
        # Offered right after an order is placed: the ticket goes with the work.
        self.print_button = QPushButton(_("Print the ticket"))
        self.print_button.setObjectName("print")
        self.print_button.hide()
        inner = QWidget()
        lay = QVBoxLayout(inner)
        top = QFormLayout()
        top.addRow(_("Job type"), self.type_box)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addLayout(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.place)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        self.type_box.currentIndexChanged.connect(lambda _i: self.build())
        self.place.clicked.connect(self.submit)
        self.clear_button.clicked.connect(self.clear)
        self.print_button.clicked.connect(self.print_last)
        self.build()

    @staticmethod
    def _completer(choices: list[tuple[str, str]], field: QLineEdit) -> QCompleter:
        """Offers each shown text while matching what is typed anywhere in it or in its kana
        (じんじ finds 人事課); choosing inserts the shown text. Owned by its field (a line edit
        does not own its completer), so it goes when ``build`` replaces the field."""
        return KanaCompleter(choices, field)

    @staticmethod
    def _requester_text(r: catalog.RequesterView) -> str:
        return f"{r.name}（{r.kana}）{r.department_name}"

    def _department_kana(self, code: str) -> str:
        return next((d.kana for d in self.departments if d.code == code), "")

    def requester_chosen(self) -> None:
        """A known requester brings their department (a different one typed on purpose stays)."""
        r = self._find_requester()
        if r is None:
            return
        d = next((d for d in self.departments if d.code == r.department), None)
        typed = self.department.text().strip()
        if d is not None and (not typed or typed == self.auto_department):
            self.department.setText(d.name)
            self.auto_department = d.name

    def job_type(self) -> catalog.JobTypeView:
        return self.types[self.type_box.currentIndex()]

    def set_job_type(self, key: str) -> None:
        self.type_box.setCurrentIndex(self.type_box.findData(key))

    def build(self) -> None:
        """Rebuild the form for the chosen job type's standard spec (requester, due... are kept)."""
        if self.rows:
            self.kept = {"requester": self.requester.text(), "department": self.department.text(),
                         "priority": self.priority.currentIndex(), "note": self.note.text(),
                         "confidential": self.confidential.isChecked(), "has_due": self.has_due.isChecked(),
                         "due": self.due.dateTime()}
        while self.form.rowCount():
            self.form.removeRow(0)
        jt = self.job_type()
        k = self.kept
        self.title = QLineEdit()
        self.title.setObjectName("title")
        # The title's furigana on the station and its sound for a kana-only voice: proposed as the
        # title is typed, corrected here when a name is read another way.
        self.reading = QLineEdit()
        self.reading.setObjectName("reading")
        self._proposed = ""
        self.title.textChanged.connect(self._propose_reading)
        self.quantity = QLineEdit("1")
        self.quantity.setObjectName("quantity")
        self.requester = QLineEdit(k.get("requester", ""))
        self.requester.setObjectName("requester")
        self.requester.setPlaceholderText(_("Type a name or kana"))
        self.requester.setCompleter(self._completer(self.requester_words, self.requester))
        self.requester.editingFinished.connect(self.requester_chosen)
        self.requester.completer().activated.connect(lambda *_args: self.requester_chosen())
        self.department = QLineEdit(k.get("department", ""))
        self.department.setObjectName("department")
        self.department.setPlaceholderText(_("Type a department"))
        self.department.setCompleter(self._completer(self.department_words, self.department))
        self.has_due = QCheckBox(_("Due"))
        self.has_due.setChecked(k.get("has_due", True))
        self.due = QDateTimeEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd HH:mm")
        # Default: tomorrow at 17:00, the usual delivery time.
        self.due.setDateTime(k.get("due") or QDateTime(QDateTime.currentDateTime().date().addDays(1), QTime(17, 0)))
        self.priority = QComboBox()
        for value, label in PRIORITIES:
            self.priority.addItem(_(label), value)
        self.priority.setCurrentIndex(k.get("priority", 1))
        self.confidential = QCheckBox(_("Confidential (board and ticket show only code and type)"))
        self.confidential.setChecked(k.get("confidential", False))
        self.note = QLineEdit(k.get("note", ""))
        self.rows = {}
        self.spec_rows = {}

        def add(key: str, label: str, editor: QWidget, unit: str = "", into: dict[str, FieldRow] | None = None) -> None:
            row = FieldRow(editor, unit)
            (self.rows if into is None else into)[key] = row
            self.form.addRow(label, row)

        add("title", _("Title"), self.title)
        add("reading", _("Reading"), self.reading)
        add("quantity", _("Quantity"), self.quantity, jt.unit)
        for f in spec.parse_fields(jt.spec):
            add(f.key, f.shown_label(), _editor_for(f), f.shown_unit(), self.spec_rows)
        # Business cards, name tags and files carry their list of people or label texts.
        self.holders: HoldersEditor | None = list_editor(self.ctx, jt.key, self.spec_rows)
        if self.holders is not None:
            add("rows", _("List"), self.holders)
            self.holders.refused.connect(lambda message: self.rows["rows"].mark(message))
        add("requester", _("Requester"), self.requester)
        add("department", _("Department"), self.department)
        due_line = QWidget()
        dl = QHBoxLayout(due_line)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.has_due)
        dl.addWidget(self.due, 1)
        add("due", _("Due date and time"), due_line)
        add("priority", _("Priority"), self.priority)
        add("confidential", "", self.confidential)
        add("note", _("Note"), self.note)

    def _propose_reading(self, title: str) -> None:
        if self.reading.text() in ("", self._proposed):  # never over a reading written by hand
            self._proposed = japanese.ruby_markup(title.strip())
            self.reading.setText(self._proposed)

    def clear(self) -> None:
        self.reorder_of = None
        self.to_confirm = None
        self.place.setText(_("Place order"))
        self.banner.hide()
        self.rows = {}
        self.kept = {}
        self.build()

    # --- values ---------------------------------------------------------------------------

    def spec_editor(self, key: str) -> QWidget:
        return self.spec_rows[key].editor

    def set_spec_value(self, key: str, value: Any) -> None:
        _set_value(self.spec_editor(key), value)

    def spec_values(self) -> dict[str, Any]:
        return {k: _value_of(r.editor) for k, r in self.spec_rows.items()}

    def field_error(self, key: str) -> str:
        row = self.rows.get(key) or self.spec_rows.get(key)
        return row.error.text() if row and not row.error.isHidden() else ""

    def _find_requester(self) -> catalog.RequesterView | None:
        text = self.requester.text().strip()
        return next((r for r in self.requesters if text in (self._requester_text(r), r.name)), None)

    def _find_department(self) -> catalog.DepartmentView | None:
        text = self.department.text().strip()
        return next((d for d in self.departments if text in (d.name, d.code)), None)

    def collect(self) -> tuple[OrderRequest | None, dict[str, str]]:
        """The request, or every problem by field key (all at once, so each field is marked)."""
        problems = dict(spec.errors(self.job_type().spec, self.spec_values()))
        title = self.title.text().strip()
        if not title:
            problems["title"] = _("The title is empty.") + " " + _("Write what the job is, e.g. the meeting's name.")
        try:
            quantity = int(self.quantity.text().strip())
            if not 1 <= quantity <= MAX_QUANTITY:
                raise ValueError
        except ValueError:
            quantity = 0
            problems["quantity"] = _("The quantity must be between 1 and {max}.").format(max=MAX_QUANTITY)
        requester = self._find_requester()
        if self.requester.text().strip() and requester is None:
            problems["requester"] = _("The requester is not known.") + " " + _("Choose a requester from the list.")
        department = self._find_department()
        if self.department.text().strip() and department is None:
            problems["department"] = _("Choose a department from the list.")
        if requester is None and department is None:
            problems.setdefault("requester", _("Who is ordering? Choose a requester or a department."))
        due: dt.datetime | None = None
        if self.has_due.isChecked():
            due = cast(dt.datetime, self.due.dateTime().toPython()).astimezone()
            if due < dt.datetime.now().astimezone():
                problems["due"] = _("The due time is in the past.") + " " + _("Choose a later due time.")
        if problems:
            return None, problems
        values = spec.validate(self.job_type().spec, self.spec_values())
        return OrderRequest(job_type=self.job_type().key, title=title, quantity=quantity, spec=values,
                            requester_id=requester.id if requester else None,
                            department=department.code if department else None, due=due,
                            priority=int(self.priority.currentData()), confidential=self.confidential.isChecked(),
                            note=self.note.text().strip(), reorder_of=self.reorder_of,
                            reading=self.reading.text().strip(),
                            rows=self.holders.rows() if self.holders is not None else ()), {}

    def mark(self, problems: dict[str, str]) -> None:
        for key, row in {**self.rows, **self.spec_rows}.items():
            row.mark(problems.get(key))
        first = next((k for k in [*self.rows, *self.spec_rows] if k in problems), None)
        if first:
            row = self.rows.get(first) or self.spec_rows[first]
            row.editor.setFocus()

    def submit(self) -> orders.Created | None:
        req, problems = self.collect()
        self.mark(problems)
        if req is None:
            self.ctx.notice.emit(_("The order is not saved: {n} field(s) need attention.").format(n=len(problems)),
                                 True)
            return None
        confirmed = req == self.to_confirm
        self.to_confirm = None
        self.place.setText(_("Place order"))
        try:
            created = orders.create(self.ctx.db, self.ctx.actor, req, confirmed=confirmed)
        except NeedsConfirmation as exc:
            # Asked in the form, not in a box: the figure stays beside the field it is about.
            self.to_confirm = req
            self.mark({"quantity": exc.message})
            self.ctx.notice.emit(str(exc), True)
            self.place.setText(_("Yes, place this order"))
            self.place.setFocus()
            return None
        except InvalidInput as exc:
            self.mark({exc.field or "title": str(exc)})
            self.ctx.fail(exc)
            return None
        except FlatError as exc:
            self.ctx.fail(exc)
            return None
        self.last_created = created
        self.ctx.tell(_("Order {order} placed; job {job} is on the board.").format(order=created.order,
                                                                                   job=created.job))
        self.ctx.feed.poll()
        self.clear()
        self.print_button.setText(_("Print the ticket of {job}").format(job=created.job))
        self.print_button.show()
        self.print_button.setFocus()
        return created

    def print_last(self) -> None:
        if self.last_created is not None:
            print_tickets(self.ctx, [self.last_created.job], self)
            self.print_button.hide()

    def load(self, req: OrderRequest) -> None:
        """Fill the form from a past order (Reorder): change what differs, then Place order."""
        self.set_job_type(req.job_type)
        self.build()
        self.title.setText(req.title)
        self.reading.setText(req.reading or self.reading.text())
        self.quantity.setText(str(req.quantity))
        for key, value in req.spec.items():
            if key in self.spec_rows:
                self.set_spec_value(key, value)
        r = next((r for r in self.requesters if r.id == req.requester_id), None)
        self.requester.setText(self._requester_text(r) if r else "")
        d = next((d for d in self.departments if d.code == req.department), None)
        self.department.setText(d.name if d else "")
        self.priority.setCurrentIndex(max(0, self.priority.findData(req.priority)))
        if self.holders is not None:
            self.holders.set_rows(req.rows)
        self.confidential.setChecked(req.confidential)
        self.note.setText(req.note)
        self.reorder_of = req.reorder_of
        self.banner.setText(_("Reorder of {code}: change what differs, then press Place order.")
                            .format(code=req.reorder_of))
        self.banner.setProperty("tone", "help")
        self.banner.show()
        self.title.setFocus()


class KanaCompleter(QCompleter):
    """A completer over (shown text, extra words to match): a name is found by its kana too."""

    SEARCH = Qt.ItemDataRole.UserRole + 1

    def __init__(self, choices: list[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        model = QStandardItemModel(self)  # owned by the completer, or Python frees it
        for shown, extra in choices:
            item = QStandardItem(shown)
            item.setData(f"{shown} {extra}", self.SEARCH)
            model.appendRow(item)
        self.setModel(model)
        self.setCompletionRole(self.SEARCH)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole))


class OrderHistory(QWidget):
    """Search past orders by requester, department, type or text; Reorder fills the form."""

    HEADERS = ("Order", "Job type", "Title", "Requester", "Department", "Quantity", "Ordered")

    def __init__(self, ctx: ConsoleContext, form: OrderForm, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = form
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search: requester, department, job type, title"))
        self.table = row_table("", "", [_(h) for h in self.HEADERS])
        self.reorder_button = QPushButton(_("Reorder"))
        self.reorder_button.setObjectName("reorder")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("Order history")))
        lay.addWidget(self.search)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.reorder_button)
        self.print_deliverable = PrintDeliverableButton(ctx, self.selected_code, self,
                                                        none_chosen=_("Choose a past order first."))
        lay.addWidget(self.print_deliverable)
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.reorder_button.clicked.connect(self.reorder_selected)
        self.table.itemActivated.connect(lambda _i: self.reorder_selected())
        from flat_desktop.gui.console.corrections import add_to_history  # it builds on this module's fields

        self.corrections = add_to_history(self)
        self.refresh()

    def selected_code(self) -> str | None:
        item = self.table.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def refresh(self) -> None:
        # A new order pushes rows down: the selection follows its order, not its row number,
        # so a second Reorder repeats the same order.
        keep = self.selected_code()
        rows = catalog.order_history(self.ctx.db, text=self.search.text())
        self.table.setRowCount(len(rows))
        for i, o in enumerate(rows):
            ordered = o.created_at.astimezone().strftime("%Y-%m-%d")
            for c, value in enumerate((o.code, o.type_name, o.title, o.requester, o.department, str(o.quantity),
                                       ordered)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, o.code)
                self.table.setItem(i, c, item)
        self.table.resizeColumnsToContents()
        again = next((i for i, o in enumerate(rows) if o.code == keep), None)
        if again is not None:
            self.table.setCurrentCell(again, max(0, self.table.currentColumn()))
        else:
            self.table.clearSelection()

    def reorder_selected(self) -> None:
        item = self.table.currentItem()
        if item is None:
            self.ctx.notice.emit(_("Choose a past order first."), True)
            return
        self.reorder(item.data(Qt.ItemDataRole.UserRole))

    def reorder(self, code: str) -> None:
        try:
            req = orders.request_from(self.ctx.db, code)
        except FlatError as exc:
            self.ctx.fail(exc)
            return
        self.form.load(req)


class OrdersTab(QWidget):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = OrderForm(ctx)
        self.history = OrderHistory(ctx, self.form)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.form)
        split.addWidget(self.history)
        split.setSizes([900, 1000])
        QVBoxLayout(self).addWidget(split)
        ctx.feed.events.connect(lambda evs: self.history.refresh()
                                if any(e.type in ("order_created", "job_edited") for e in evs) else None)
