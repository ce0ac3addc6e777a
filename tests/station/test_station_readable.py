"""What a worker reads on the station: lines break by phrase on every screen, at every size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from flat_desktop import codes
from flat_desktop.gui.station.controller import FINISH, MY_JOBS, STEP
from flat_desktop.gui.widgets import FuriganaLabel, PhraseLabel
from flat_desktop.services import help
from tests.helpers.lines import furigana_lines, label_lines, problems

from .conftest import SUPERVISOR, Driver, job_for, set_profile


def _settle() -> None:
    for _ in range(3):  # layout requests post further layout requests
        QApplication.processEvents()


def _read(window: QWidget, where: str) -> tuple[int, list[str]]:
    """How many wrapped texts are on view, and what is wrong with their lines."""
    _settle()
    seen, found = 0, []
    for label in window.findChildren(PhraseLabel):
        if label.isVisible() and label.text():
            seen += 1
            found += [f"{where}: {p}" for p in problems(label.text(), label_lines(label), label.contentsRect().width())]
    for text in window.findChildren(FuriganaLabel):
        if text.isVisible() and text.plain_text():
            seen += 1
            found += [f"{where}: {p}" for p in problems(text.plain_text(), furigana_lines(text),
                                                        text.contentsRect().width())]
    return seen, found


@pytest.mark.parametrize(("pt", "width"), [(24, 1024), (48, 1024), (72, 1024), (72, 1280)])
def test_every_text_a_worker_reads_breaks_by_phrase(demo_db, make_station, pt: int, width: int) -> None:
    """My jobs (cards), every step of an enclosing job with machines, the error banner, the help
    band and the finish screen, at 24, 48 and 72 pt on a 1024 px wide screen: no line starts with
    。ー or a small kana, no listed word or number is split, no line runs past its label."""
    set_profile(demo_db, "W009", text_pt=pt, confirm_done=False, furigana=True)
    code = job_for(demo_db, "W009", "enclosing")
    st = make_station(demo_db)
    st.window.resize(width, 768)
    d = Driver(st)
    found: list[str] = []
    seen = 0

    def read(where: str) -> None:
        nonlocal seen
        n, problems_here = _read(st.window, f"{pt} pt {where}")
        seen += n
        found.extend(problems_here)

    read("sign in")
    d.badge("W009")
    assert st.controller.state == MY_JOBS
    read("my jobs")
    d.scan(codes.machine_payload("CP01"))  # a machine label on My jobs: refused, with a hint
    assert st.window.error_banner.isVisible()
    read("error")
    d.ticket(code)
    assert st.controller.state == STEP
    d.key(Qt.Key.Key_F3)
    assert st.window.help_overlay.isVisible()
    read("help")
    call = help.open_call_for(demo_db, "W009")
    assert call is not None
    help.answer(demo_db, SUPERVISOR, call.id)
    steps = 0
    while st.controller.state == STEP:
        read(f"step {st.controller.context.step.position}")
        d.do_step()
        steps += 1
    assert st.controller.state == FINISH and steps >= 5
    read("finish")
    assert seen >= 4 * steps
    assert not found, "\n".join(found)
