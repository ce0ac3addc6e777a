"""A job's page (Enter on a card): what was ordered, in the job type's own words, the comments
between the station and the requester, its steps, and its history in plain Japanese
(``services.history``). A confidential job shows its details only here. Esc closes it.

On a job with an order, Alt+F goes to the files the requester attached (Enter opens one), and the
supervisor writes to the requester (asks back, says when it comes): Alt+C goes to the comment,
Ctrl+Enter sends it (``desk.station_comment``; the requester reads it at the ordering desk). A
comment or a file the requester sends while the page is open appears on it."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from flat_desktop import ruby
from flat_desktop.errors import FlatError
from flat_desktop.gui.console.attached_files import AttachedFiles
from flat_desktop.gui.console.board_search import status_name
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.dialog_buttons import Std, button_box
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import _
from flat_desktop.services import desk, history
from flat_desktop.services.history import JobPage
from flat_desktop.services.views import EventView


def page_html(page: JobPage, assignee: str) -> str:
    j = page.job
    due = j.due.astimezone().strftime("%Y-%m-%d %H:%M") if j.due else "-"
    web = "  " + _("[web]") if j.from_web else ""  # ordered by the department at the web ordering desk
    rows = [f"<h2>{escape(j.code)} {escape(j.type_name)}{escape(web)}</h2>", f"<p><b>{escape(j.title)}</b></p>",
            "<table cellpadding='4'>"]
    facts = [(_("Status"), status_name(j.status)), (_("Worker"), assignee), (_("Quantity"), f"{j.quantity} {j.unit}"),
             (_("Due"), due), (_("Department"), page.department), (_("Requester"), page.requester)]
    facts += list(page.spec)
    rows += [f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts if v]
    rows.append("</table>")
    if page.comments or page.takes_comments:
        rows.append(f"<h3>{escape(_('Comments with the requester'))}</h3>")
        if not page.comments:
            rows.append(f"<p>{escape(_('No comments yet.'))}</p>")
        rows.append("<table cellpadding='3'>")
        for c in page.comments:
            at = c.at.astimezone().strftime("%m/%d %H:%M")
            who = c.by + (_(" (station)") if c.from_station else "")
            rows.append(f"<tr><td>{at}</td><td><b>{escape(who)}</b></td><td>{escape(c.text)}</td></tr>")
        rows.append("</table>")
    rows.append(f"<h3>{escape(_('Steps'))}</h3><ol>")
    rows += [f"<li>{'✔ ' if st.state == 'done' else ''}<b>{escape(st.title)}</b> — "
             f"{escape(ruby.to_plain(st.text))}</li>" for st in j.steps]
    rows.append("</ol>")
    rows.append(f"<h3>{escape(_('History'))}</h3><table cellpadding='3'>")
    for h in page.history:
        at = h.at.astimezone().strftime("%m/%d %H:%M")
        rows.append(f"<tr><td>{at}</td><td><b>{escape(h.what)}</b></td><td>{escape(h.who)}</td>"
                    f"<td>{escape(h.detail)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def desk_comment_notice(events: list[EventView]) -> str | None:
    """What the message strip says when a requester writes on an order at the desk (the newest)."""
    said = [e for e in events if e.type == "order_comment" and e.data.get("from") == "web"]
    if not said:
        return None
    e = said[-1]
    text = " ".join(str(e.data.get("text", "")).split())
    return _("{who} wrote on {code} at the ordering desk: {text} (Enter on its card to answer)").format(
        who=e.data.get("by", ""), code=e.job or "", text=text if len(text) <= 80 else text[:79] + "…")


class CommentBox(QWidget):
    """The station's comment to the job's requester: several lines (Enter starts a new one),
    Ctrl+Enter sends. A refusal is marked at the field and said in the message strip."""

    sent = Signal()

    def __init__(self, ctx: ConsoleContext, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.code = code
        self.text = QPlainTextEdit()
        self.text.setObjectName("station-comment")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(_("Ask the requester back, or tell them when it comes"))
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 4 + 16)
        self.text.installEventFilter(self)
        self.send_button = QPushButton(_("Send the comment (Ctrl+Enter)"))
        self.send_button.setObjectName("send-comment")
        self.send_button.clicked.connect(self.send)
        self.field = FieldRow(self.text, label=_("Comment to the requester (Alt+C)"), trailing=self.send_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.field.caption)
        lay.addWidget(self.field)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.text and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.send()
            return True
        return super().eventFilter(watched, event)

    def send(self) -> bool:
        try:
            desk.station_comment(self.ctx.db, self.ctx.actor, self.code, self.text.toPlainText())
        except FlatError as exc:
            self.field.mark(exc)
            self.ctx.fail(exc)
            self.text.setFocus()
            return False
        self.field.mark(None)
        self.text.clear()
        self.ctx.tell(_("Your comment on {code} was sent; the requester reads it at the ordering desk.").format(
            code=self.code))
        self.ctx.feed.poll()
        self.sent.emit()
        return True


class JobPageDialog(QDialog):
    def __init__(self, page: JobPage, assignee: str, parent: QWidget | None = None, *,
                 ctx: ConsoleContext | None = None) -> None:
        super().__init__(parent)
        j = page.job
        self.page = page
        self.ctx = ctx
        self.assignee = assignee
        self.setWindowTitle(f"{j.code} {j.type_name}")
        self.resize(900, 700)
        self.text = QTextBrowser()
        self.text.setObjectName("job-page")
        self.text.setHtml(page_html(page, assignee))
        self.comment: CommentBox | None = None
        if ctx is not None and page.takes_comments:
            self.comment = CommentBox(ctx, j.code, self)
            self.comment.sent.connect(self.reload)
            QShortcut(QKeySequence("Alt+C"), self, self.comment.text.setFocus)
            ctx.feed.events.connect(self.on_events)
        self.files: AttachedFiles | None = None
        if ctx is not None and page.takes_comments:  # an order's job: the requester may have sent files
            self.files = AttachedFiles(ctx, j.code, self)
            QShortcut(QKeySequence("Alt+F"), self, self.files.list.setFocus)
        close = button_box(Std.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close (Esc)"))
        close.rejected.connect(self.reject)
        self._actions = QHBoxLayout()
        self._actions.addStretch(1)
        self._actions.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        if self.files is not None:
            lay.addWidget(self.files)
        if self.comment is not None:
            lay.addWidget(self.comment)
        lay.addLayout(self._actions)
        self.text.setFocus()  # arrow keys and Page Down scroll the page at once

    def on_events(self, events: list[EventView]) -> None:
        """A comment written at the desk (or on another console) while the page is open."""
        if any(e.type == "order_comment" and e.job == self.page.job.code for e in events):
            self.reload()
        if self.files is not None and any(e.type == "order_file_attached" and e.job == self.page.job.code
                                          for e in events):
            self.files.reload()

    def reload(self) -> None:
        if self.ctx is None:
            return
        try:
            self.page = history.job_page(self.ctx.db, self.page.job.code)
        except FlatError as exc:
            self.ctx.fail(exc)
            return
        bar = self.text.verticalScrollBar()
        kept = bar.value()
        self.text.setHtml(page_html(self.page, self.assignee))
        bar.setValue(kept)

    def add_action(self, button: QWidget) -> None:
        """A button for what can be done with the job (printing its order's cards, ...)."""
        self._actions.insertWidget(0, button)

    def plain(self) -> str:
        return self.text.toPlainText()
