"""This PC's printers and voice, on the Stations tab: which printer each kind of document goes to
(tickets on the label printer, cards on the office printer), saved in this PC's settings.json
(the command line reads the same names), and a test print and a voice test to check them."""

from __future__ import annotations

import dataclasses

from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from flat_desktop.config import PRINT_KINDS, Settings
from flat_desktop.errors import ConfigError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.console.deliverables import save_and_print
from flat_desktop.gui.tasks import run_task
from flat_desktop.i18n import _, language
from flat_desktop.printing.test_page import render_test_page
from flat_desktop.speech.voice_test import Heard, say_and_wait

EVERYTHING = ""  # the row for every document without a printer of its own (Settings.printer)


def kind_names() -> dict[str, str]:
    return {EVERYTHING: _("Every document"), "tickets": _("Tickets"), "badges": _("Badges"),
            "labels": _("Machine and mailbox labels"), "deliverables": _("Cards, name tags and file labels"),
            "reports": _("Reports and portfolios")}


class ThisPcBox(QGroupBox):
    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(_("This PC: printers and voice"), parent)
        self.ctx = ctx
        self.choices: dict[str, QComboBox] = {}
        form = QFormLayout()
        for kind, name in kind_names().items():
            box = QComboBox()
            box.setObjectName(f"printer_{kind or 'all'}")
            box.setAccessibleName(_("Printer for: {kind}").format(kind=name))
            self.choices[kind] = box
            label = QLabel(name)
            label.setBuddy(box)
            form.addRow(label, box)
        self.save_button = QPushButton(_("Save the printers"))
        self.save_button.setObjectName("save_printers")
        self.test_print = QPushButton(_("Test print"))
        self.test_print.setObjectName("test_print")
        self.test_print.setAccessibleName(_("Print a test page on the tickets' printer"))
        self.test_voice = QPushButton(_("Test voice"))
        self.test_voice.setObjectName("test_voice")
        self.test_voice.setAccessibleName(_("Say a test sentence with this PC's voice"))
        buttons = QHBoxLayout()
        for button in (self.save_button, self.test_print, self.test_voice):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.setLayout(form)
        self.save_button.clicked.connect(self.save)
        self.test_print.clicked.connect(self.print_test_page)
        self.test_voice.clicked.connect(self.say_test_sentence)
        self.fill()

    def fill(self) -> None:
        """The PC's printers, as Qt lists them, with each kind's printer chosen; one the PC no
        longer has is kept in the list, marked."""
        known = list(QPrinterInfo.availablePrinterNames())
        for kind, box in self.choices.items():
            chosen = self.ctx.printer if kind == EVERYTHING else self.ctx.printers.get(kind)
            box.clear()
            box.addItem(_("The PC's default printer") if kind == EVERYTHING else _("Same as every document"), "")
            for name in known:
                box.addItem(name, name)
            if chosen and chosen not in known:
                box.addItem(_("{name} (not found on this PC)").format(name=chosen), chosen)
            box.setCurrentIndex(max(0, box.findData(chosen or "")))

    def chosen(self) -> tuple[str | None, dict[str, str]]:
        every = self.choices[EVERYTHING].currentData() or None
        own = {kind: self.choices[kind].currentData() for kind in PRINT_KINDS if self.choices[kind].currentData()}
        return every, own

    def save(self) -> bool:
        """Use the chosen printers from now on, and keep them in this PC's settings.json."""
        every, own = self.chosen()
        self.ctx.printer, self.ctx.printers = every, own
        paths = self.ctx.paths
        if paths is None:
            self.ctx.tell(_("The printers are used until the console closes."))
            return True
        try:
            settings = Settings.load(paths)
            dataclasses.replace(settings, printer=every, printers=own).save(paths)
        except (ConfigError, OSError) as exc:
            self.ctx.notice.emit(_("The printers were not saved: {error}").format(error=exc), True)
            return False
        self.ctx.tell(_("The printers were saved in {path}.").format(path=paths.settings_file))
        return True

    def print_test_page(self) -> None:
        printer = self.ctx.printer_for("tickets")
        pdf = render_test_page(self.ctx.actor.station, printer)
        save_and_print(
            self.ctx, pdf, "test-page", self, kind="tickets",
            unprinted=_("No printer is set up on this PC. The test page was saved as {path}."),
            printed=_("The test page was sent to the printer. Scan its barcode to check the scanner too."),
            not_printed=_("The test page was not printed; the PDF was saved as {path}."))

    def say_test_sentence(self) -> None:
        """Say a sentence with this PC's voice, off the GUI thread; tell how it went."""
        self.test_voice.setEnabled(False)
        self.ctx.tell(_("Saying a test sentence…"))
        engine, words = self.ctx.speech_engine, _("This is a test of the station's voice.")
        run_task(lambda: say_and_wait(words, engine=engine, language=language()), self._heard,
                 self._not_heard, parent=self)

    def _heard(self, heard: Heard) -> None:
        self.test_voice.setEnabled(True)
        if heard.completed:
            self.ctx.tell(_("The test sentence was said to the end with {engine}. If nothing was heard, check "
                            "the speaker and the PC's volume.").format(engine=heard.engine))
        elif not heard.available:
            self.ctx.notice.emit(_("This PC has no voice: no speech engine could start."), True)
        else:
            self.ctx.notice.emit(heard.errors[-1] if heard.errors else _("No sound came out."), True)

    def _not_heard(self, exc: Exception) -> None:
        self.test_voice.setEnabled(True)
        self.ctx.notice.emit(_("The voice test failed: {error}").format(error=exc), True)
