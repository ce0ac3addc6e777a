"""The worker editor's experience portfolio: the supervisor's comment on it, and printing it
(services.documents.portfolio) through the same print preview as the tickets. The PDF is saved
in the console's print folder first, so a closed dialog or a missing printer loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui.console import deliverables
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.dialog_buttons import button_box
from flat_desktop.i18n import _
from flat_desktop.services import documents, people
from flat_desktop.services import portfolio as figures


def print_portfolio(ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> Path | None:
    """Save the worker's portfolio (all their history, kana over the kanji when their profile
    has furigana) and open the print preview on it; returns the PDF's path."""
    try:
        furigana = people.worker(ctx.db, code).profile.furigana
        pdf = documents.portfolio(ctx.db, code, furigana=furigana)
    except FlatError as exc:
        ctx.fail(exc)
        return None
    return deliverables.save_and_print(
        ctx, pdf, f"portfolio-{code}", parent,
        unprinted=_("No printer is set up on this PC. The portfolio of {code} was saved as {path}; "
                    "print it from there once a printer is connected.").format(code=code, path="{path}"),
        printed=_("The portfolio of {code} was sent to the printer.").format(code=code),
        not_printed=_("The portfolio of {code} was not printed; the PDF was saved as {path}.").format(
            code=code, path="{path}"), kind="reports")


def ask_comment(ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> bool:
    """Let the supervisor write (or change) the comment printed on the portfolio; True when saved."""
    try:
        now = figures.portfolio(ctx.db, code).comment
    except FlatError as exc:
        ctx.fail(exc)
        return False
    dlg = CommentDialog(now.text if now else "", parent)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        figures.set_comment(ctx.db, ctx.actor, code, dlg.text.toPlainText())
    except FlatError as exc:
        ctx.fail(exc)
        return False
    ctx.tell(_("The comment on the portfolio of {code} is saved.").format(code=code))
    return True


class CommentDialog(QDialog):
    """The comment, several lines; Ctrl+Enter saves it (Enter starts a new line), Esc leaves it."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Comment on the portfolio"))
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("portfolio-comment")
        self.text.setAccessibleName(_("Comment on the portfolio"))
        buttons = button_box(ok=_("Save (Ctrl+Enter)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.text.installEventFilter(self)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(_("What this person does well (printed on the portfolio):")))
        lay.addWidget(self.text, 1)
        lay.addWidget(buttons)
        self.resize(640, 320)
        self.text.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.text and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.accept()
            return True
        return super().eventFilter(watched, event)


class PortfolioButtons(QWidget):
    """"Print portfolio" and "Comment…" for the person ``chosen()`` names (None: nobody saved yet)."""

    def __init__(self, ctx: ConsoleContext, chosen: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chosen = chosen
        self.print_button = QPushButton(_("Print portfolio"))
        self.print_button.setObjectName("print_portfolio")
        self.print_button.setAccessibleName(_("Print portfolio"))
        self.print_button.setToolTip(_("Prints this person's experience portfolio (就労経験証明): work done, "
                                       "skills, time against the standard, machines and your comment."))
        self.comment_button = QPushButton(_("Portfolio comment…"))
        self.comment_button.setAccessibleName(_("Portfolio comment"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.comment_button)
        lay.addWidget(self.print_button)
        self.print_button.clicked.connect(self.print_chosen)
        self.comment_button.clicked.connect(self.comment_chosen)

    def print_chosen(self) -> Path | None:
        code = self.chosen()
        return print_portfolio(self.ctx, code, self.window()) if code else None

    def comment_chosen(self) -> bool:
        code = self.chosen()
        return ask_comment(self.ctx, code, self.window()) if code else False
