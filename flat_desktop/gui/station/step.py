"""One step at a time: step N of M, the text very large, a picture, and the same four actions.

Done / 次へ, Repeat / もう一度, Help / 呼び出し and Break / 休憩 are always in the same
place at the bottom. Count steps add a counter; machine steps ask for the machine's label
and then show that it runs, with jam and fault actions; scan steps ask for a label.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from flat_desktop import japanese
from flat_desktop.gui.station.parts import (
    COUNTER_MAX_PT,
    NOTE_MAX_PT,
    Screen,
    big_label,
    capped_font,
    icon_label,
    ink,
    press,
    ruby_label,
    scale_font,
    scroller,
    set_icon,
    theme_text,
)
from flat_desktop.gui.style import current_text_pt, current_theme, station_font
from flat_desktop.gui.widgets import BigButton, ButtonRole, Counter, FitRow, FuriganaLabel
from flat_desktop.i18n import N_, _
from flat_desktop.station import voice
from flat_desktop.station.context import StepContext

NUDGE_ICON = "fa6s.comment"  # a speech bubble: the words the station says, shown
# What the step's picture stands for, for a screen reader: the kind of step it marks.
PICTURE_NAMES = {"plain": N_("Picture of a work step"), "count": N_("Picture of a counting step"),
                 "machine": N_("Picture of a machine step"), "check": N_("Picture of a checking step"),
                 "scan": N_("Picture of a scanning step")}
_COUNT_KEYS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 10, Qt.Key.Key_PageDown: -10,
               Qt.Key.Key_Plus: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_Asterisk: 100}
COUNTDOWN_TICK_MS = 250  # how often the auto-advance countdown is redrawn
PROGRESS_MIN_PX = 360  # six steps still read as six parts of the bar
# A step's photo takes the icon's place, at most this share of the screen: a third of its width
# at 24 pt, falling to a sixth at 72 pt, so the big words beside it keep the width they need and
# the instruction under them stays on screen; never taller than 40 % of the screen.
PHOTO_WIDTH_SHARE = (0.33, 0.16)
PHOTO_HEIGHT_SHARE = 0.4
FALLBACK_SCREEN = (1920, 1080)  # before the window is laid out


def photo_box(width: int, height: int, pt: float) -> tuple[int, int]:
    """The largest size a step's photo may have on a ``width`` × ``height`` screen at ``pt``."""
    if width <= 0 or height <= 0:
        width, height = FALLBACK_SCREEN
    small, large = PHOTO_WIDTH_SHARE
    share = small + (large - small) * min(1.0, max(0.0, (pt - 24) / 48))
    return int(width * share), int(height * PHOTO_HEIGHT_SHARE)


class StepScreen(Screen):
    """Signals: ``done(object)`` (the count, or None), ``repeat()``, ``help()``, ``pause()``,
    ``trouble(str)`` ("jam" or "fault"), ``refused()`` (Done pressed before the dwell ended),
    ``confirm_shown()`` ("are you sure?" is on screen), ``target_reached()`` (the counter came up to its target),
    ``counted(int)`` (the counter moved), ``short_ok(int)`` (yes, fewer than the target is right).
    The flow says what these show; the screen never speaks."""

    name = "step"
    done = Signal(object)
    repeat = Signal()
    help = Signal()
    pause = Signal()
    trouble = Signal(str)
    refused = Signal()
    confirm_shown = Signal()
    target_reached = Signal()
    counted = Signal(int)
    short_ok = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context: StepContext | None = None
        self.confirming = False
        self.short = False  # asking whether a count below the target is right
        self.needs_scan = False
        self.where = ruby_label("", 0.6, bold=True, parent=self)  # step N of M and the job's title
        self._progress = QProgressBar(self)
        self._progress.setTextVisible(False)
        self._progress.setFixedHeight(28)
        self._icon = icon_label("fa6s.circle-info", 160, parent=self, says=_(PICTURE_NAMES["plain"]))
        # The step's own photo (a machine, a finished sample) where it has one, in the icon's place.
        self._photo = QLabel(self)
        self._photo.setObjectName("stepPhoto")
        self._photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._photo.hide()
        self.picture_source: Callable[[str], bytes | None] | None = None  # a stored picture's bytes
        self._photos: dict[str, QPixmap] = {}
        self.text_label = FuriganaLabel("", self)
        self._notice = big_label("", 0.75, bold=True, parent=self)
        self._notice.setObjectName("stepNotice")
        self.ask = ruby_label("", 0.75, bold=True, parent=self)  # the instruction line
        # What the flow says about this step (it takes long; its ticket scanned again), shown until
        # the step changes.
        self._nudge = QWidget(self)
        self._nudge.setObjectName("stepNudge")
        self._nudge.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._nudge_icon = icon_label(NUDGE_ICON, 64, parent=self._nudge)
        self._nudge_text = big_label("", bold=True, parent=self._nudge)
        nudge_row = QHBoxLayout(self._nudge)
        nudge_row.setContentsMargins(16, 8, 16, 8)
        nudge_row.addWidget(self._nudge_icon)
        nudge_row.addWidget(self._nudge_text, 1)
        self._nudge.hide()
        self._nudge_held = False  # the help band is on view (see hold_nudge)
        self.counter = Counter(None, 0, self, hundreds=True)
        self.counter.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its keys come through the screen
        self.counter.target_reached.connect(self.target_reached)
        self.counter.value_changed.connect(self._count_moved)
        # How a count is typed, in the counter it is about; while digits are typed, the digits
        # in its place, so typing moves nothing on the screen.
        self._type_tip = big_label("", bold=True, parent=self)
        self._type_tip.hide()
        self._typed = big_label("", bold=True, parent=self)  # digits being typed for the count
        self._typed.hide()
        for note in (self._type_tip, self._typed):
            note.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.counter.add_note(note)
        self._countdown = big_label("", 0.6, bold=True, parent=self)  # an information step moving on
        self._countdown.hide()
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
        self._tick = QTimer(self)
        self._tick.setInterval(COUNTDOWN_TICK_MS)
        self._tick.timeout.connect(self._show_countdown)

        # The bar beside "step N of M" where it fits: at 72 pt a line of its own pushed the
        # step's instruction below the fold.
        self._progress.setMinimumWidth(PROGRESS_MIN_PX)
        self._progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        top = FitRow(self.where, self._progress, parent=self)
        page = QWidget(self)
        body = QHBoxLayout(page)
        body.setContentsMargins(0, 8, 0, 0)
        body.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        body.addWidget(self._photo, 0, Qt.AlignmentFlag.AlignTop)
        body.addSpacing(24)
        texts = QVBoxLayout()
        texts.addWidget(self.text_label)
        texts.addWidget(self.ask)
        texts.addWidget(self._notice)
        texts.addStretch(1)
        body.addLayout(texts, 1)
        self._machine = QWidget(self)  # a running machine's trouble buttons
        machine = QHBoxLayout(self._machine)
        machine.setContentsMargins(0, 0, 0, 0)
        machine.addWidget(self._jam)
        machine.addWidget(self._fault)
        self._machine.hide()
        # A running machine's buttons beside its counter where the width allows: at 72 pt a row
        # of its own pushed the step's instruction below the fold.
        self._counting = FitRow(self.counter, self._machine, parent=self)
        # Fixed places, one row: Repeat, Help, Break on the left, Done widest on the right.
        actions = QHBoxLayout()
        actions.addWidget(self._repeat, 2)
        actions.addWidget(self._help, 2)
        actions.addWidget(self._break, 2)
        actions.addWidget(self.done_button, 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 16, 32, 16)
        lay.addWidget(top)
        self._body = scroller(page, self)
        # The page grows with a question only once it is laid out again: then it is scrolled to.
        self._body.verticalScrollBar().rangeChanged.connect(self._question_in_view)
        lay.addWidget(self._body, 1)
        lay.addWidget(self._nudge)  # just above the counter and the actions the worker looks at
        lay.addWidget(self._counting)
        lay.addWidget(self._countdown)
        lay.addLayout(actions)

    # -- showing a step --------------------------------------------------------------------

    def show_step(self, ctx: StepContext) -> None:
        self.context = ctx
        self.confirming = False
        self.short = False
        st, job = ctx.step, ctx.job
        self.where.set_markup(_("Step {n} of {m}").format(n=st.position, m=job.steps_total) + "   "
                              + job.title_markup)
        self._progress.setRange(0, job.steps_total)
        self._progress.setValue(st.position - 1)
        self._progress.setAccessibleName(_("{n} of {m} steps done").format(n=st.position - 1, m=job.steps_total))
        self.text_label.set_markup(voice.step_markup(ctx))
        for label in (self.text_label, self.where, self.ask):
            label.set_show_furigana(ctx.furigana)
        self._show_photo()
        self.ask.set_markup(japanese.complete_markup(self._ask_text(ctx)))
        self.ask.setVisible(bool(self.ask.plain_text()))
        self._notice.setText(ctx.notice)
        self._notice.setVisible(bool(ctx.notice))
        self.counter.setVisible(ctx.counts)
        if ctx.counts:
            self.counter.set_target(st.target, ctx.unit)
            self.counter.set_buttons_visible(st.kind == "count")  # a machine's count is typed off its display
            self.counter.set_value(ctx.counted)  # what was counted before a crash or a jam
        self._type_tip.setText(self._tip_text(ctx))
        self._typed.hide()
        self._show_tip()
        self._machine.setVisible(st.kind == "machine" and ctx.machine_running)
        self.needs_scan = ctx.needs_scan
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
        self._stop_auto()
        if ctx.auto_advance_s:
            self._auto.start(ctx.auto_advance_s * 1000)
            self._tick.start()
            self._show_countdown()
        # The look itself (fonts, colours) changes only with the profile: see restyle().
        set_icon(self._icon, self._icon_name(), int(current_text_pt() * 2.2))
        self._icon.setAccessibleName(_(PICTURE_NAMES.get(st.kind, PICTURE_NAMES["plain"])))
        self.setAccessibleName(f"{self.where.plain_text()} {self.text_label.plain_text()} {self.ask.plain_text()}")

    def _photo_of(self, sha: str | None) -> QPixmap:
        if not sha or self.picture_source is None:
            return QPixmap()
        if sha not in self._photos:
            pixmap = QPixmap()
            data = self.picture_source(sha)
            if data:
                pixmap.loadFromData(data)
            self._photos[sha] = pixmap
        return self._photos[sha]

    def _show_photo(self) -> None:
        """The step's photo scaled to fit its box, else the kind's icon (neither with pictures off)."""
        ctx = self.context
        if ctx is None:
            return
        photo = self._photo_of(ctx.step.picture) if ctx.pictures else QPixmap()
        if photo.isNull():
            self._photo.hide()
            self._photo.clear()
            self._icon.setVisible(ctx.pictures)
            return
        w, h = photo_box(self.width(), self.height(), current_text_pt())
        scaled = photo.scaled(min(w, photo.width()), min(h, photo.height()), Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
        self._photo.setPixmap(scaled)
        self._photo.setFixedSize(scaled.size())
        self._photo.setAccessibleName(_("Photo for this step: {title}").format(title=ctx.step.title))
        self._icon.hide()
        self._photo.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if not self._photo.isHidden():
            self._show_photo()  # the box follows the screen

    @staticmethod
    def _ask_text(ctx: StepContext) -> str:
        st = ctx.step
        if st.kind == "machine":
            if ctx.machine_running:
                return _("The {machine} is running ({code}). Press Done when it has finished.").format(
                    machine=voice.machine_name(st.machine_type), code=st.machine)
            return _("Scan the label on the {machine}.").format(
                machine=voice.machine_name(st.machine_type) or _("machine"))
        if st.kind == "scan":
            return _("Scan the label at the place.")
        if st.kind == "count" and st.target:
            return _("Count to {n} {unit}.").format(n=st.target, unit=ctx.unit)
        return ""

    @staticmethod
    def _tip_text(ctx: StepContext) -> str:
        if not ctx.counts:
            return ""
        if ctx.step.kind == "machine":
            return _("You can also type the number it made and press Enter.")
        return _("You can also type the number and press Enter.")

    def show_nudge(self, text: str) -> None:
        self._nudge_text.setText(text)
        self._nudge.setAccessibleName(text)
        self._nudge.setVisible(bool(text) and not self._nudge_held)

    def hold_nudge(self, held: bool) -> None:
        """While the help band is on view it speaks for the station, and the band here waits
        until it goes: one band at a time, so at 72 pt the step's instruction keeps its room (the
        stuck prompt asks for Help, so both would be up just when help is on the way)."""
        self._nudge_held = held
        self._nudge.setVisible(bool(self._nudge_text.text()) and not held)
        self._show_tip()

    def _show_tip(self) -> None:
        """How to type a count, unless digits are being typed or the help band is up: at 72 pt a
        running machine's trouble buttons, its counter and the band leave no room for the tip."""
        self._type_tip.setVisible(self._typed.isHidden() and bool(self._type_tip.text()) and not self._nudge_held)

    def nudge_text(self) -> str:
        return self._nudge_text.text() if not self._nudge.isHidden() else ""

    def ask_text(self) -> str:
        return self.ask.plain_text() if not self.ask.isHidden() else ""

    # -- actions ---------------------------------------------------------------------------

    def _on_done(self) -> None:
        ctx = self.context
        if ctx is None:
            return
        if self.needs_scan:
            self.refused.emit()
            return
        if self.short:  # yes: fewer than the target is right
            self.short = False
            self._stop_auto()
            self.short_ok.emit(self.counter.value())
            return
        if ctx.confirm and not self.confirming:
            # "Are you sure?" in the same place, with a short hold so one long press cannot answer it.
            self.confirming = True
            self.done_button.setText(_("Yes, done"))
            self._ask_question(voice.confirm_question())
            self.done_button.hold(min(800, ctx.dwell_ms))
            self.confirm_shown.emit()
            return
        self.confirming = False
        self._stop_auto()
        self.done.emit(self.counter.value() if ctx.counts else None)

    def ask_short(self, question: str) -> None:
        """The flow asks whether a count below the target is right: Enter yes, Escape counts again."""
        ctx = self.context
        if ctx is None:
            return
        self.short = True
        self.confirming = False
        self.done_button.setText(_("Yes"))
        self._ask_question(question)
        self.done_button.hold(min(800, ctx.dwell_ms))  # one long press cannot answer it

    def _ask_question(self, question: str) -> None:
        """A question in the instruction's place. At 72 pt a long one (the short count's, three
        lines) may run below the fold: once it is laid out, it is scrolled into view whole, its
        answer keys last."""
        self.ask.set_markup(japanese.complete_markup(question))
        self.ask.setVisible(True)
        self._question_in_view()

    def _question_in_view(self) -> None:
        if self.short or self.confirming:
            self._body.ensureWidgetVisible(self.ask, 0, 0)

    def _plain_prompt(self) -> None:
        """Out of a question, back to the step's own words, keeping the count."""
        ctx = self.context
        if ctx is None:
            return
        self.short = self.confirming = False
        if not self.needs_scan:
            self.done_button.setText(_("Done"))
        self.ask.set_markup(japanese.complete_markup(self._ask_text(ctx)))
        self.ask.setVisible(bool(self.ask.plain_text()))

    def _count_moved(self, value: int) -> None:
        ctx = self.context
        if ctx is None or not ctx.counts:
            return
        self.context = replace(ctx, counted=value)  # a cancelled question shows this count again
        if self.short:
            self._plain_prompt()  # a new count: the question was about the old one
        self.counted.emit(value)

    def show_typing(self, text: str) -> None:
        """Digits keyed by hand for the counter, shown while they are typed (Enter sets the count)."""
        digits = text.isascii() and text.isdigit()
        if self.counter.isVisible() and digits:
            self._typed.setText(_("Typed: {n}. Press Enter to set the count.").format(n=text))
            self._typed.show()
        else:
            self._typed.hide()
        self._show_tip()

    def _stop_auto(self) -> None:
        self._auto.stop()
        self._tick.stop()
        self._countdown.hide()

    def _show_countdown(self) -> None:
        if not self._auto.isActive():
            self._stop_auto()
            return
        # A coarse timer may report a little more than it was started with: never say more.
        most = self.context.auto_advance_s if self.context is not None and self.context.auto_advance_s else 1
        left = max(1, min(most, math.ceil(self._auto.remainingTime() / 1000)))
        self._countdown.setText("▶ " + _("This step goes on by itself in {n} seconds.").format(n=left))
        self._countdown.show()

    def _auto_advance(self) -> None:
        self._stop_auto()
        if self.context is not None and self.isVisible():
            self.done.emit(None)

    def cancel_confirm(self) -> None:
        if self.context is not None and self.confirming:
            self.show_step(self.context)

    def handle_key(self, key: int) -> bool:
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            press(self.done_button)
        elif key == Qt.Key.Key_Escape:
            if self.short:
                self._plain_prompt()
            else:
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
        elif key in _COUNT_KEYS and self.counter.isVisible():
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
        scale_font(self.where)
        scale_font(self.ask)
        ink(self.where)
        ink(self.ask)
        scale_font(self._notice)
        capped_font(self._countdown, NOTE_MAX_PT)  # bold, as big_label made it
        for line in (self._type_tip, self._typed):
            capped_font(line, COUNTER_MAX_PT)  # as the counter's own words ("/ 140 通")
        self._notice.setStyleSheet(f"color: {t.help_text}; background: {t.help_bg}; padding: 12px;")
        # Capped like the side buttons: at 72 pt a wrapped band would push the step text out of view.
        capped_font(self._nudge_text, NOTE_MAX_PT)  # bold, as big_label made it
        self._nudge.setStyleSheet(f"#stepNudge {{ background: {t.help_bg}; border: 6px solid {t.help_text}; }}"
                                  f"#stepNudge QLabel {{ color: {t.help_text}; background: transparent; }}")
        set_icon(self._nudge_icon, NUDGE_ICON, int(min(pt, NOTE_MAX_PT) * 1.3), t.help_text)
        self.text_label.setFont(station_font(pt))
        theme_text(self.text_label)
        set_icon(self._icon, self._icon_name(), int(pt * 2.2))
        if not self._photo.isHidden():
            self._show_photo()  # its box depends on the text size
        capped_font(self.counter, COUNTER_MAX_PT)
        for button in (self._repeat, self._help, self._break, self._jam, self._fault):
            capped_font(button)
        capped_font(self.done_button, 48)
