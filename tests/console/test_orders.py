"""Orders on the console: a form per job type from its standard spec, field validation, reorder,
and steps instantiated with the order's values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from flat_desktop import spec
from flat_desktop.db.models import JobKind
from flat_desktop.gui.console.orders import OrderForm
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.services import board, catalog, orders

from .conftest import sync

ON_DEMAND = ("minutes", "data_entry", "enclosing", "cards", "copying", "files", "badges", "digitising", "lending")


def _order_count(win: ConsoleWindow) -> int:
    return len(catalog.order_history(win.ctx.db, limit=100_000))


def _stored(win: ConsoleWindow, code: str) -> catalog.OrderSummary:
    return next(o for o in catalog.order_history(win.ctx.db, text=code))


def _fill_valid(form: OrderForm, title: str = "テスト発注") -> None:
    form.title.setText(title)
    form.quantity.setText("20")
    form.requester.setText(form.requesters[0].name)


def _bad_value(f: spec.SpecField) -> Any:
    """A value the field must refuse (or None when the field cannot be typed wrong)."""
    if f.type == "int":
        return "abc"
    if f.type == "date":
        return "31/02/2026"
    if f.type == "text" and f.required and f.default is None:
        return ""
    return None


def test_every_demo_on_demand_type_is_offered(console: ConsoleWindow) -> None:
    """The job type list holds exactly the demo's on-demand types (scheduled rounds come from routes)."""
    form = console.orders.form
    keys = [form.type_box.itemData(i) for i in range(form.type_box.count())]
    assert sorted(keys) == sorted(ON_DEMAND)
    assert all(t.kind == JobKind.ON_DEMAND for t in form.types)


@pytest.mark.parametrize("key", ON_DEMAND)
def test_order_form_per_type_marks_bad_fields_and_saves_only_when_valid(console: ConsoleWindow, key: str) -> None:
    """For each job type the form has the spec's fields; a bad field is marked at the field
    and nothing is saved; once corrected the order is placed and its job appears."""
    form = console.orders.form
    form.set_job_type(key)
    jt = form.job_type()
    fields = spec.parse_fields(jt.spec)
    assert set(form.spec_rows) == {f.key for f in fields}
    before = _order_count(console)

    _fill_valid(form)
    bad = next(((f, v) for f in fields if (v := _bad_value(f)) is not None), None)
    if bad is None:  # only choices and yes/no: the common fields can still be wrong
        form.title.setText("")
        assert form.submit() is None
        assert form.field_error("title")
        form.title.setText("テスト発注")
    else:
        f, value = bad
        form.set_spec_value(f.key, value)
        form.quantity.setText("0")
        assert form.submit() is None
        assert form.field_error(f.key), f"{key}.{f.key} should be marked"
        assert form.field_error("quantity")  # every bad field at once
        assert _order_count(console) == before
        good = f.default if f.default is not None else (f.min if f.min is not None else 1)
        if f.type == "date":
            good = (dt.date.today() + dt.timedelta(days=7)).isoformat()  # never in the past
        elif f.type == "text":
            good = "内容"
        form.set_spec_value(f.key, good)
        form.quantity.setText("20")
    assert _order_count(console) == before
    created = form.submit()
    assert created is not None, console.message.text()
    assert _order_count(console) == before + 1
    job = board.job(console.ctx.db, created.job)
    assert job.type == key and job.quantity == 20 and job.status == "received"
    assert not form.field_error("title")


def test_steps_are_filled_with_the_order_values(console: ConsoleWindow) -> None:
    """Creating an enclosing order copies the steps with the quantity written in ("封筒を200枚")."""
    form = console.orders.form
    form.set_job_type("enclosing")
    _fill_valid(form, "通知の封入")
    form.quantity.setText("200")
    created = form.submit()
    assert created is not None, console.message.text()
    job = board.job(console.ctx.db, created.job)
    texts = [st.text for st in job.steps]
    assert any("200枚" in t for t in texts), texts
    assert not any("$quantity" in t for t in texts)
    counted = [st for st in job.steps if st.kind == "count"]
    assert counted and all(st.target == 200 for st in counted)


def test_reorder_fills_the_form_and_places_a_new_order(qtbot: QtBot, console: ConsoleWindow) -> None:
    """Reorder finds a past order in the history, fills the form with it, and placing it makes a
    new order that remembers which one it repeats; only the changed quantity differs."""
    history = console.orders.history
    history.search.setText("封入")
    assert history.table.rowCount() > 0
    history.table.setCurrentCell(0, 0)
    first = history.table.item(0, 0)
    assert first is not None
    code = first.text()
    old = orders.request_from(console.ctx.db, code)
    history.reorder_selected()
    form = console.orders.form
    assert form.reorder_of == code
    assert form.title.text() == old.title
    assert spec.validate(form.job_type().spec, form.spec_values()) == old.spec
    form.quantity.setText(str(old.quantity + 1))
    created = form.submit()
    assert created is not None and created.order is not None, console.message.text()
    again = orders.request_from(console.ctx.db, created.order)
    assert _stored(console, created.order).reorder_of == code
    assert again.quantity == old.quantity + 1
    assert again.spec == old.spec and again.title == old.title and again.requester_id == old.requester_id


def test_reorder_service_changes_only_what_differs(console: ConsoleWindow) -> None:
    """orders.reorder (used by the console) keeps every value not given as a change."""
    code = catalog.order_history(console.ctx.db, job_type="copying")[0].code
    old = orders.request_from(console.ctx.db, code)
    created = orders.reorder(console.ctx.db, console.ctx.actor, code, quantity=3)
    new = orders.request_from(console.ctx.db, created.order or "")
    assert new.quantity == 3 and new.spec == old.spec and _stored(console, created.order or "").reorder_of == code


def test_an_unusual_quantity_is_asked_in_the_form_and_placed_only_when_confirmed(console: ConsoleWindow) -> None:
    """100,000 sets is asked about beside the quantity field, with the figure in words; placing the
    same order again confirms it; a changed order is asked about afresh."""
    form = console.orders.form
    form.set_job_type("copying")
    _fill_valid(form, "議会資料")
    form.quantity.setText("100000")
    before = _order_count(console)
    assert form.submit() is None
    assert "10万部" in form.field_error("quantity")
    assert form.place.text() == "はい、この数で発注する"
    assert _order_count(console) == before
    form.quantity.setText("90000")  # changed: asked again, not placed
    assert form.submit() is None and _order_count(console) == before
    created = form.submit()  # the same order again: yes
    assert created is not None and _order_count(console) == before + 1
    assert form.place.text() == "発注する"


def test_an_emoji_is_refused_at_its_field(console: ConsoleWindow) -> None:
    form = console.orders.form
    form.set_job_type("copying")
    _fill_valid(form, "議会資料 📄")
    before = _order_count(console)
    assert form.submit() is None
    assert "印刷できません" in form.field_error("title")
    assert _order_count(console) == before


def test_the_department_is_found_by_its_kana_and_a_requester_brings_theirs(console: ConsoleWindow) -> None:
    form = console.orders.form
    completer = form.department.completer()
    completer.setCompletionPrefix("じんじ")
    found = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert "総務部 人事課" in found and "人事委員会事務局" in found
    completer.setCompletionPrefix("jinji")  # the code works too
    assert completer.completionCount() >= 1
    r = form.requesters[0]
    form.department.setText("")
    form.requester.setText(form._requester_text(r))
    form.requester_chosen()
    assert form.department.text() == r.department_name
    other = next(x for x in form.requesters if x.department != r.department)
    form.requester.setText(form._requester_text(other))
    form.requester_chosen()  # the department filled in before follows the new requester
    assert form.department.text() == other.department_name
    form.department.setText("人事委員会事務局")  # typed on purpose: kept
    form.requester.setText(form._requester_text(r))
    form.requester_chosen()
    assert form.department.text() == "人事委員会事務局"


def test_after_a_reorder_the_history_keeps_the_reordered_order_selected(qtbot: QtBot, console: ConsoleWindow) -> None:
    history = console.orders.history
    history.search.setText("")
    history.table.setCurrentCell(1, 0)
    code = history.selected_code()
    assert code
    for _round in range(2):
        history.reorder_selected()
        assert console.orders.form.reorder_of == code
        assert console.orders.form.submit() is not None
        sync(qtbot, console)  # the history refreshes with the new order on top
        assert history.selected_code() == code


def test_the_title_reading_is_proposed_as_typed_and_kept_when_written_by_hand(console: ConsoleWindow) -> None:
    """The furigana a worker will see over the title: proposed from the title, a supervisor's own
    reading (a name read another way) stays and is stored with the job."""
    form = console.orders.form
    form.set_job_type("copying")
    _fill_valid(form, "定例会議 資料")
    assert form.reading.text() == "{定例|ていれい}{会議|かいぎ} {資料|しりょう}"
    form.title.setText("東海林課長 資料")
    assert form.reading.text().startswith("{東海林|")  # the proposal follows the title
    form.reading.setText("{東海林|しょうじ}{課長|かちょう} {資料|しりょう}")
    form.title.setText("東海林課長 資料 ")  # typing on does not overwrite a reading written by hand
    assert form.reading.text() == "{東海林|しょうじ}{課長|かちょう} {資料|しりょう}"
    created = form.submit()
    assert created is not None
    assert board.job(console.ctx.db, created.job).reading == "{東海林|しょうじ}{課長|かちょう} {資料|しりょう}"
