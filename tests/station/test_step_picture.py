"""A step's photo (chosen in the template editor) on the worker's station: in the icon's place,
scaled to fit, never pushing the step's words or instruction out of view, even at 72 pt."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QBuffer, QIODevice, QPoint
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QScrollArea

from flat_desktop.gui.station.step import photo_box
from flat_desktop.gui.style import current_text_pt
from flat_desktop.services import board, catalog, orders, pictures
from flat_desktop.station.context import State

from .conftest import FULL_SPEC, SUPERVISOR, Driver, finish_running, set_profile


def png_bytes(w: int, h: int) -> bytes:
    image = QImage(w, h, QImage.Format.Format_RGB32)
    image.fill(QColor("#3070b0"))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(buf.data().data())


def _settle() -> None:
    for _round in range(3):
        QApplication.processEvents()


def _job_with_photos(db, worker: str) -> tuple[str, list[str]]:
    """Every enclosing step gets a photo (tall, wide, tall, ...); a new job made after for ``worker``."""
    shas = [pictures.add(db, SUPERVISOR, png_bytes(600, 1400), "tall.png"),
            pictures.add(db, SUPERVISOR, png_bytes(1800, 500), "wide.png")]
    steps = next(t for t in catalog.job_types(db) if t.key == "enclosing").steps
    catalog.save_steps(db, SUPERVISOR, "enclosing",
                       [replace(st, picture=shas[i % 2]) for i, st in enumerate(steps)])
    finish_running(db, worker)
    code = orders.create(db, SUPERVISOR, orders.OrderRequest("enclosing", "しゃしんの しごと", 140,
                                                             spec=dict(FULL_SPEC["enclosing"]))).job
    board.assign(db, SUPERVISOR, code, worker, override_reason="test")
    return code, shas


def test_at_72_pt_the_photo_fits_beside_the_words(demo_db, make_station) -> None:
    """At 72 pt on the station's 1920×1080 screen each step shows its photo instead of the icon,
    within its box, and the step's words and instruction stay on view: nothing below the fold."""
    set_profile(demo_db, "W009", text_pt=72, confirm_done=False)
    code, shas = _job_with_photos(demo_db, "W009")
    assert all(st.picture in shas for st in board.job(demo_db, code).steps)
    st = make_station(demo_db)
    st.window.resize(1920, 1080)
    d, step = Driver(st), st.window.step
    d.badge("W009")
    d.ticket(code)
    seen = 0
    while st.flow.state == State.STEP and seen < 4:
        _settle()
        photo = step._photo
        assert photo.isVisible() and not step._icon.isVisible()
        assert not photo.pixmap().isNull() and "写真" in photo.accessibleName()
        w, h = photo_box(step.width(), step.height(), current_text_pt())
        assert photo.width() <= w and photo.height() <= h
        area = step._body
        assert isinstance(area, QScrollArea)
        assert area.verticalScrollBar().maximum() == 0, f"step {seen + 1}: below the fold"
        if step.ask.isVisible():
            top = step.ask.mapTo(area.viewport(), QPoint(0, 0)).y()
            assert top >= 0 and top + step.ask.height() <= area.viewport().height()
        seen += 1
        d.do_step()
    assert seen == 4


def test_pictures_off_shows_no_photo(demo_db, make_station) -> None:
    """A worker whose profile turns pictures off sees neither the photo nor the icon."""
    set_profile(demo_db, "W009", pictures=False)
    code, _shas = _job_with_photos(demo_db, "W009")
    st = make_station(demo_db)
    d, step = Driver(st), st.window.step
    d.badge("W009")
    d.ticket(code)
    _settle()
    assert st.flow.state == State.STEP
    assert not step._photo.isVisible() and not step._icon.isVisible()
