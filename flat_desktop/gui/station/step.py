"""One step at a time: step N of M, the text very large, a picture, and the same four actions.

Done / 次へ, Repeat / もう一度, Help / 呼び出し and Break / 休憩 are always in the same
place at the bottom. Count steps add a counter; machine steps ask for the machine's label
and then show that it runs, with jam and fault actions; scan steps ask for a label.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QVBoxLayout, QWidget

from flat_desktop.gui.station.controller import StepContext
from flat_desktop.gui.station.parts import (
    Screen,
    big_label,
    capped_font,
    icon_label,
    press,
    scale_font,
    scroller,
    set_icon,
    theme_text,
)
from flat_desktop.gui.style import current_text_pt, current_theme, station_font
from flat_desktop.gui.widgets import BigButton, ButtonRole, Counter, FuriganaLabel
from flat_desktop.i18n import N_, _
from flat_desktop.services.machines import MACHINE_TYPE_NAMES

COUNTER_MAX_PT = 28
# What the step's picture stands for, for a screen reader: the kind of step it marks.
PICTURE_NAMES = {"plain": N_("Picture of a work step"), "count": N_("Picture of a counting step"),
                 "machine": N_("Picture of a machine step"), "check": N_("Picture of a checking step"),
                 "scan": N_("Picture of a scanning step")}
_COUNT_KEYS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 10, Qt.Key.Key_PageDown: -10,
               Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1}  # the counter's number is drawn several times larger than this


class StepScreen(Screen):
    """Signals: ``done(object)`` (the count, or None), ``repeat()``, ``help()``, ``pause()``,
    ``trouble(str)`` ("jam" or "fault"), ``refused()`` (Done pressed before the dwell ended)."""

    name = "step"
    done = Signal(object)
    repeat = Signal()
    help = Signal()
    pause = Signal()
    trouble = Signal(str)
    refused = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: StepContext | None = None
        self.confirming = False
        self.needs_scan = False
        self._where = big_label("", 0.6, bold=True, parent=self)
        self._progress = QProgressBar(self)
        self._progress.setTextVisible(False)
        self._progress.setFixedHeight(28)
        self._icon = icon_label("fa6s.circle-info", 160, parent=self, says=_(PICTURE_NAMES["plain"]))
        self.text_label = FuriganaLabel("", self)
        self._notice = big_label("", 0.75, bold=True, parent=self)
        self._notice.setObjectName("stepNotice")
        self._ask = big_label("", 0.75, bold=True, parent=self)
        self.counter = Counter(None, 0, self)
        self.counter.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its keys come through the screen
        self._jam = BigButton(_("Paper jam"), "fa6s.triangle-exclamation", "F5", role=ButtonRole.HELP,
                              description=_("The paper is stuck in the machine"), parent=self)
        self._fault = BigButton(_("Machine broken"), "fa6s.screwdriver-wrench", "F6", role=ButtonRole.HELP,
                                description=_("The machine does not work"), parent=self)
        self._jam.clicked.connect(lambda: self.trouble.emit("jam"))
        self._fault.clicked.connect(lambda: self.trouble.emit("fault"))
        self.done_button = BigButton(_("Done"), "fa6s.check", _("Enter"), description=_("This step is finished"),
                                     parent=self)
        self._repeat = BigButton(_("Repeat"), "fa6s.volume-high", "F2", role=ButtonRole.SECONDARY,
                                 description=_("Hear the step again"), parent=self)
        self._help = BigButton(_("Help"), "fa6s.bell", "F3", role=ButtonRole.HELP,
                               description=_("Call a supervisor"), parent=self)
        self._break = BigButton(_("Break"), "fa6s.mug-hot", "F4", role=ButtonRole.SECONDARY,
                                description=_("Pause this job"), parent=self)
        self.done_button.clicked.connect(self._on_done)
        self.done_button.refused.connect(self.refused)
        self._repeat.clicked.connect(self.repeat)
        self._help.clicked.connect(self.help)
        self._break.clicked.connect(self.pause)
        self._auto = QTimer(self)
        self._auto.setSingleShot(True)
        self._auto.timeout.connect(self._auto_advance)

        top = QVBoxLayout()
        top.addWidget(self._where)
        top.addWidget(self._progress)
        page = QWidget(self)
        body = QHBoxLayout(page)
        body.setContentsMargins(0, 16, 0, 0)
        body.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        body.addSpacing(24)
        texts = QVBoxLayout()
        texts.addWidget(self.text_label)
        texts.addWidget(self._ask)
        texts.addWidget(self._notice)
        texts.addStretch(1)
        body.addLayout(texts, 1)
        machine = QHBoxLayout()
        machine.addWidget(self._jam)
        machine.addWidget(self._fault)
        # Fixed places, one row: Repeat, Help, Break on the left, Done widest on the right.
        actions = QHBoxLayout()
        actions.addWidget(self._repeat, 2)
        actions.addWidget(self._help, 2)
        actions.addWidget(self._break, 2)
        actions.addWidget(self.done_button, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 16, 32, 16)
        lay.addLayout(top)
        self._body = scroller(page, self)
        lay.addWidget(self._body, 1)
        lay.addWidget(self.counter)
        lay.addLayout(machine)
        lay.addLayout(actions)

    # -- showing a step --------------------------------------------------------------------

    def show_step(self, ctx: StepContext) -> None:
        self.context = ctx
        self.confirming = False
        st, job = ctx.step, ctx.job
        self._where.setText(_("Step {n} of {m}").format(n=st.position, m=job.steps_total) + "   " + job.title)
        self._progress.setRange(0, job.steps_total)
        self._progress.setValue(st.position - 1)
        self._progress.setAccessibleName(_("{n} of {m} steps done").format(n=st.position - 1, m=job.steps_total))
        full = ctx.prompt_level == "full"
        self.text_label.set_markup((st.reading or st.text) if full else st.title)
        self.text_label.set_show_furigana(ctx.furigana)
        self._icon.setVisible(ctx.pictures)
        self._ask.setText(self._ask_text(ctx))
        self._ask.setVisible(bool(self._ask.text()))
        self._notice.setText(ctx.notice)
        self._notice.setVisible(bool(ctx.notice))
        is_count = st.kind == "count"
        self.counter.setVisible(is_count)
        if is_count:
            self.counter.set_target(st.target)
            self.counter.set_value(0)
        running = st.kind == "machine" and ctx.machine_running
        self._jam.setVisible(running)
        self._fault.setVisible(running)
        self.needs_scan = st.kind == "scan" or (st.kind == "machine" and not ctx.machine_running
                                                and not st.machine)
        # Done stays in its place even when a scan finishes the step; it just is not ready.
        self.done_button.set_role(ButtonRole.PRIMARY)
        if self.needs_scan:
            self.done_button.setText(_("Scan"))
            self.done_button.set_icon_name("fa6s.barcode")
            self.done_button.set_ready(True)  # a press says what to scan (not "wait")
        else:
            self.done_button.setText(_("Done"))
            self.done_button.set_icon_name("fa6s.check")
            self.done_button.hold(ctx.dwell_ms)
        self._auto.stop()
        if ctx.auto_advance_s:
            self._auto.start(ctx.auto_advance_s * 1000)
        # The look itself (fonts, colours) changes only with the profile: see restyle().
        set_icon(self._icon, self._icon_name(), int(current_text_pt() * 2.2))
        self._icon.setAccessibleName(_(PICTURE_NAMES.get(st.kind, PICTURE_NAMES["plain"])))
        self.setAccessibleName(f"{self._where.text()} {self.text_label.plain_text()} {self._ask.text()}")

    @staticmethod
    def _ask_text(ctx: StepContext) -> str:
        st = ctx.step
        if st.kind == "machine":
            if ctx.machine_running:
                return _("The {machine} is running ({code}). Press Done when it has finished.").format(
                    machine=MACHINE_TYPE_NAMES.get(st.machine_type or "", st.machine_type or ""),
                    code=st.machine)
            return _("Scan the label on the {machine}.").format(
                machine=MACHINE_TYPE_NAMES.get(st.machine_type or "", _("machine")))
        if st.kind == "scan":
            return _("Scan the label at the place.")
        if st.kind == "count" and st.target:
            return _("Count to {n}. Up key: +1, Page Up: +10.").format(n=st.target)
        return ""

    # -- actions ---------------------------------------------------------------------------

    def _on_done(self) -> None:
        ctx = self.context
        if ctx is None:
            return
        if self.needs_scan:
            self.refused.emit()
            return
        if ctx.confirm and not self.confirming:
            # "Are you sure?" in the same place, with a short hold so one long press cannot answer it.
            self.confirming = True
            self.done_button.setText(_("Yes, done"))
            self._ask.setText(_("Is this step really finished? Enter: yes. Escape: no."))
            self._ask.setVisible(True)
            self.done_button.hold(min(800, ctx.dwell_ms))
            return
        self.confirming = False
        self._auto.stop()
        self.done.emit(self.counter.value() if ctx.step.kind == "count" else None)

    def _auto_advance(self) -> None:
        if self.context is not None and self.isVisible():
            self.done.emit(None)

    def cancel_confirm(self) -> None:
        if self.context is not None and self.confirming:
            self.show_step(self.context)

    def handle_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            press(self.done_button)
        elif key == Qt.Key.Key_Escape:
            self.cancel_confirm()
        elif key == Qt.Key.Key_F2:
            self.repeat.emit()
        elif key == Qt.Key.Key_F3:
            self.help.emit()
        elif key == Qt.Key.Key_F4:
            self.pause.emit()
        elif key == Qt.Key.Key_F5 and self._jam.isVisible():
            self.trouble.emit("jam")
        elif key == Qt.Key.Key_F6 and self._fault.isVisible():
            self.trouble.emit("fault")
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                     Qt.Key.Key_Plus, Qt.Key.Key_Minus) and self.counter.isVisible():
            self.counter.step(_COUNT_KEYS[Qt.Key(key)])
        else:
            return False
        return True

    def focus_target(self) -> QWidget:
        return self.done_button

    def _icon_name(self) -> str:
        return (self.context.step.icon if self.context is not None else None) or "fa6s.circle-info"

    def restyle(self) -> None:
        pt = current_text_pt()
        t = current_theme()
        scale_font(self._where)
        scale_font(self._ask)
        scale_font(self._notice)
        self._notice.setStyleSheet(f"color: {t.help_text}; background: {t.help_bg}; padding: 12px;")
        self.text_label.setFont(station_font(pt))
        theme_text(self.text_label)
        set_icon(self._icon, self._icon_name(), int(pt * 2.2))
        capped_font(self.counter, COUNTER_MAX_PT)
        for button in (self._repeat, self._help, self._break, self._jam, self._fault):
            capped_font(button)
        capped_font(self.done_button, 48)
