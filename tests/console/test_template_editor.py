"""The step template editor: the preview fills the step with a sample order as a new job would
be filled, the count source is chosen from the job type's spec, and a step carries a picture
chosen from a file (only pictures, at most 2 MB), kept in the database and copied to new jobs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QComboBox, QFileDialog
from pytestqt.qtbot import QtBot

from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.services import board, catalog, orders, pictures
from flat_desktop.services.orders import OrderRequest
from tests.helpers.dbstate import snapshot


def png(path: Path, w: int = 640, h: int = 480) -> Path:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("#2060a0"))
    assert image.save(str(path), "PNG")
    return path


def test_preview_fills_placeholders_as_a_new_job_would(console: ConsoleWindow) -> None:
    """$quantity and $originals are filled from a sample order (the middle quantity of the
    type's recent orders, the spec's defaults); a job made from that order says the same words."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("copying")
    quantities = sorted(o.quantity for o in catalog.order_history(db, job_type="copying"))
    assert tab.sample["quantity"] == quantities[len(quantities) // 2]
    assert tab.sample["originals"] == 10  # the spec's default
    tab.list.setCurrentRow(0)
    tab.text.setText("原稿$originals枚を$quantity部コピーします。")
    tab.reading.setText("")
    shown = tab.preview_text.plain_text()
    assert "$" not in shown and f"{tab.sample['originals']}枚" in shown and f"{tab.sample['quantity']}部" in shown
    assert str(tab.sample["quantity"]) in tab.sample_note.text()
    tab.store()
    assert tab.save()
    spec = {k: v for k, v in tab.sample.items() if k not in ("quantity", "department", "mailbox")}
    job = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="見本", department="jinji",
                                                             quantity=tab.sample["quantity"], spec=spec)).job
    assert board.job(db, job).steps[0].text == shown


def test_count_source_is_chosen_from_the_spec_not_typed(console: ConsoleWindow, qtbot: QtBot) -> None:
    """数の元 is a list of the quantity and the type's whole-number fields (and their product with
    the quantity); choosing one is what new jobs count to, and the preview shows the figure."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("copying")
    assert isinstance(tab.count_source, QComboBox) and not tab.count_source.isEditable()
    sources = [tab.count_source.itemData(i) for i in range(tab.count_source.count())]
    assert sources[:2] == ["", "quantity"] and "originals" in sources and "quantity*originals" in sources
    row = next(i for i, st in enumerate(tab.steps) if st.kind == "machine")
    tab.list.setCurrentRow(row)
    assert tab.count_source.currentData() == "quantity*originals"  # the demo's own choice is shown
    tab.count_source.setFocus()
    qtbot.keyClick(tab.count_source, Qt.Key.Key_Home)  # keyboard only
    assert tab.steps[row].count_source is None
    tab.count_source.setCurrentIndex(tab.count_source.findData("originals"))
    assert tab.steps[row].count_source == "originals"
    assert tab.preview_target.text() and str(tab.sample["originals"]) in tab.preview_target.text()
    assert tab.save()
    job = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="数", quantity=7,
                                                             spec={"originals": 3}, department="jinji")).job
    machine = next(st for st in board.job(db, job).steps if st.kind == "machine")
    assert machine.target == 3


def test_a_step_picture_is_stored_and_copied_to_new_jobs(console: ConsoleWindow, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo chosen with the file dialog is stored in the database, shown in the form and the
    preview, saved with the template and carried by the steps of jobs made afterwards; a job
    made before keeps its step without it."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("copying")
    before = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="前", quantity=2,
                                                                spec={"originals": 1}, department="jinji")).job
    tab.list.setCurrentRow(0)
    photo = png(tmp_path / "copier.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(photo), ""))
    tab.choose_picture_button.click()
    sha = tab.steps[0].picture
    assert sha and pictures.data(db, sha) == photo.read_bytes()
    assert not tab.picture_thumb.pixmap().isNull() and tab.preview_picture.isVisibleTo(tab)
    assert tab.save()
    catalog_step = next(t for t in catalog.job_types(db) if t.key == "copying").steps[0]
    assert catalog_step.picture == sha
    after = orders.create(db, console.ctx.actor, OrderRequest(job_type="copying", title="後", quantity=2,
                                                               spec={"originals": 1}, department="jinji")).job
    assert board.job(db, after).steps[0].picture == sha
    assert board.job(db, before).steps[0].picture is None
    # Choosing the same file again stores nothing twice; Remove takes it off the step.
    assert tab.use_picture_file(photo) and tab.steps[0].picture == sha
    tab.remove_picture_button.click()
    assert tab.steps[0].picture is None and tab.picture_thumb.pixmap().isNull()


def test_a_file_that_is_not_a_picture_or_too_large_is_refused(console: ConsoleWindow, tmp_path: Path) -> None:
    """A text file named .png and a picture over 2 MB are refused at the picture field with what
    to do instead, and nothing is stored; the step keeps no picture."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("copying")
    tab.list.setCurrentRow(1)
    said: list[tuple[str, bool]] = []
    console.ctx.notice.connect(lambda text, err: said.append((text, err)))
    field: FieldRow = tab.fields["picture"]
    fake = tmp_path / "notes.png"
    fake.write_text("これは写真ではありません")
    big = tmp_path / "huge.png"
    big.write_bytes(png(tmp_path / "small.png").read_bytes() + b"\0" * pictures.MAX_PICTURE_BYTES)
    state = snapshot(db)
    for path, words in ((fake, ("notes.png", "画像ではありません", "PNG")), (big, ("huge.png", "2 MB", "小さく"))):
        assert not tab.use_picture_file(path)
        assert field.marked and all(w in field.error.text() for w in words), field.error.text()
        assert said[-1][1] and tab.steps[1].picture is None
        assert snapshot(db) == state
    assert tab.use_picture_file(tmp_path / "small.png")
    assert not field.marked


def test_picture_checks_in_the_service() -> None:
    """The service knows pictures by their first bytes, whatever the file is called."""
    assert pictures.media_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert pictures.media_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert pictures.media_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert pictures.media_type(b"%PDF-1.7") is None


def test_a_refused_save_marks_the_field_of_its_step(console: ConsoleWindow) -> None:
    """A reading that says something else than the text, on step 2 while step 1 is shown: Save
    keeps nothing, goes to step 2 and marks its reading field with what to do."""
    db = console.ctx.db
    tab = console.templates
    tab.set_job_type("copying")
    tab.list.setCurrentRow(1)
    tab.reading.setText("{別|べつ}の{文|ぶん}")
    tab.store()
    tab.list.setCurrentRow(0)
    state = snapshot(db)
    assert not tab.save()
    assert snapshot(db) == state
    assert tab.list.currentRow() == 1
    field = tab.fields["reading"]
    assert field.marked and "読み" in field.error.text() and tab.reading.accessibleDescription() == field.error.text()
