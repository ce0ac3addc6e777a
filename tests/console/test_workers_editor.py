"""The Workers tab's editor: details, badge, profile with a live preview, PIN; invalid fields are
marked and nothing is saved; every save is a master_changed event."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from flat_desktop import codes
from flat_desktop.gui import style
from flat_desktop.gui.console.window import ConsoleWindow
from flat_desktop.gui.console.workers import WorkersTab
from flat_desktop.services import board, people
from flat_desktop.themes import get_theme
from tests.helpers.dbstate import snapshot

from .conftest import sync, worker_actor


def changes(win: ConsoleWindow) -> list[dict[str, object]]:
    return [e.data for e in board.events(win.ctx.db) if e.type == "master_changed"]


def notices(win: ConsoleWindow, qtbot: QtBot) -> list[tuple[str, bool]]:
    got: list[tuple[str, bool]] = []
    win.ctx.notice.connect(lambda text, err: got.append((text, err)))
    return got


def editor(win: ConsoleWindow, code: str) -> WorkersTab:
    tab = win.workers
    tab.select(code)
    assert tab.editing is not None and tab.editing.code == code
    return tab


def test_edit_name_kana_badge_and_profile_is_saved_and_recorded(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = editor(console, "W003")
    said = notices(console, qtbot)
    tab.name.setText("高橋 翔太")
    tab.kana.setText("たかはし しょうた")
    tab.badge.setText("")
    qtbot.keyClicks(tab.badge, "23456")
    tab.theme.setCurrentIndex(tab.theme.findData("yellow_on_black"))
    tab.text_pt.setValue(60)
    tab.confirm_done.setChecked(True)
    assert tab.dirty
    qtbot.keyClick(tab.save_button, Qt.Key.Key_Space)
    w = people.worker(console.ctx.db, "W003")
    assert (w.name, w.kana, w.badge) == ("高橋 翔太", "たかはし しょうた", "23456")
    assert (w.profile.theme, w.profile.text_pt, w.profile.confirm_done) == ("yellow_on_black", 60, True)
    made = changes(console)[-2:]
    assert made[0]["what"] == "worker" and made[0]["of"] == "W003"
    assert set(made[0]["changed"]) == {"name", "kana", "badge"}
    assert made[1]["what"] == "profile"
    assert set(made[1]["changed"]) == {"theme", "text_pt", "confirm_done"}
    assert not tab.dirty and said and not said[-1][1] and "高橋 翔太" in said[-1][0]
    assert "保存" in tab.status.text()
    # After saving, a station sign-in with the new badge gets the profile.
    _actor, me = people.sign_in(console.ctx.db, codes.badge_payload("23456"), "station-1")
    assert me.profile.text_pt == 60 and me.profile.theme == "yellow_on_black"


def test_invalid_badge_is_marked_and_nothing_saved(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = editor(console, "W004")
    said = notices(console, qtbot)
    taken = people.worker(console.ctx.db, "W001").badge
    for bad, reason_word in ((taken, "さん"), ("123", "5桁"), ("12a45", "5桁")):
        tab.badge.setText(bad)
        tab.name.setText("伊藤 さくら子")
        before = snapshot(console.ctx.db)
        tab.save_button.click()
        assert snapshot(console.ctx.db) == before, bad
        field = tab.fields["badge"]
        assert field.marked and reason_word in field.error.text(), (bad, field.error.text())
        assert tab.badge.accessibleDescription() == field.error.text()
        assert said[-1][1]  # an error notice
        # The edit is kept: nothing was thrown away.
        assert tab.badge.text() == bad and tab.name.text() == "伊藤 さくら子" and tab.dirty
    # Choosing another person does not drop the edit either.
    tab.select("W005")
    assert tab.editing is not None and tab.editing.code == "W004" and tab.badge.text() == "12a45"
    # A valid number clears the mark at once (live check) and saves.
    tab.new_badge.click()
    tab.validate()
    assert not tab.fields["badge"].marked
    tab.save_button.click()
    assert people.worker(console.ctx.db, "W004").name == "伊藤 さくら子"


def test_live_preview_follows_theme_and_text_size(console: ConsoleWindow, qtbot: QtBot, qapp: QApplication) -> None:
    tab = editor(console, "W001")
    console_theme = style.current_theme()
    console_sheet = qapp.styleSheet()
    for theme, pt in (("yellow_on_black", 64), ("light", 24), ("dark", 40)):
        tab.theme.setCurrentIndex(tab.theme.findData(theme))
        tab.text_pt.setValue(pt)
        tab.preview.refresh()
        t = get_theme(theme)
        assert tab.preview.theme.name == theme
        assert tab.preview.text_point_size() == pt
        image = tab.preview.pixmap.toImage()
        assert image.pixelColor(3, image.height() // 2).name().upper() == t.window_bg.upper()
        assert str(pt) in tab.preview.caption.text()
        # The console keeps its own look.
        assert style.current_theme() is console_theme and qapp.styleSheet() == console_sheet
    label = tab.preview.step_screen.text_label
    tab.furigana.setChecked(True)
    tab.preview.refresh()
    assert label.show_furigana()
    tab.furigana.setChecked(False)
    tab.preview.refresh()
    assert not label.show_furigana()


def test_new_worker_with_generated_code(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = console.workers
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Space)
    assert tab.is_new and tab.code.text() == "W031" and len(tab.badge.text()) == 5
    before = snapshot(console.ctx.db)
    tab.save_button.click()  # empty name and kana: marked, nothing saved
    assert snapshot(console.ctx.db) == before
    assert tab.fields["name"].marked and tab.fields["kana"].marked and not tab.fields["badge"].marked
    tab.name.setText("新井 次郎")
    tab.kana.setText("アライ ジロウ")
    tab.levels["copying"].setCurrentIndex(tab.levels["copying"].findData("learning"))
    tab.prompts["copying"].setCurrentIndex(tab.prompts["copying"].findData("partial"))
    tab.save_button.click()
    w = people.worker(console.ctx.db, "W031")
    assert w.name == "新井 次郎" and w.prompt_level_for("copying") == "partial"
    assert changes(console)[-3]["what"] == "worker_added"
    sync(qtbot, console)
    assert any(r.code == "W031" for r in tab.rows) and tab.editing is not None and tab.editing.code == "W031"


def test_pin_only_for_supervisors(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = editor(console, "W002")
    assert not tab.set_pin_button.isEnabled() and not tab.pin.isEnabled()
    tab = editor(console, "S002")
    assert tab.set_pin_button.isEnabled()
    tab.pin.setText("12")
    tab.set_pin_button.click()
    assert tab.fields["pin"].marked
    tab.pin.setText("97531")
    tab.set_pin_button.click()
    badge = people.worker(console.ctx.db, "S002").badge
    actor, _view = people.console_sign_in(console.ctx.db, codes.badge_payload(badge), "97531", "c")
    assert actor.worker == "S002"


def test_a_worker_cannot_edit(console: ConsoleWindow, qtbot: QtBot) -> None:
    tab = editor(console, "W006")
    console.ctx.actor = worker_actor(console.ctx.db, people.worker(console.ctx.db, "W007").badge)
    tab.name.setText("だれか")
    before = snapshot(console.ctx.db)
    tab.save_button.click()
    assert snapshot(console.ctx.db) == before
    assert tab.name.text() == "だれか" and "常勤" in tab.status.text()


def test_every_editor_widget_has_an_accessible_name(console: ConsoleWindow) -> None:
    tab = editor(console, "W001")
    unnamed = [w.metaObject().className() for w in tab.findChildren(QWidget)
               if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(tab) and w.isEnabled()
               and not w.accessibleName() and not (hasattr(w, "text") and callable(w.text) and w.text())
               and w.metaObject().className() not in ("QScrollBar", "QTableCornerButton", "QHeaderView",
                                                      "QLineEdit", "QAbstractButton")]
    assert not unnamed
