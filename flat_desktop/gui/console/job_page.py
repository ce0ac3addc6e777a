"""A job's page (Enter on a card): what was ordered, in the job type's own words, its steps, and
its history in plain Japanese (``services.history``). A confidential job shows its details only
here. Esc closes it."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QTextBrowser, QVBoxLayout, QWidget

from flat_desktop import ruby
from flat_desktop.gui.console.board_search import status_name
from flat_desktop.gui.dialog_buttons import Std, button_box
from flat_desktop.i18n import _
from flat_desktop.services.history import JobPage


def page_html(page: JobPage, assignee: str) -> str:
    j = page.job
    due = j.due.astimezone().strftime("%Y-%m-%d %H:%M") if j.due else "-"
    rows = [f"<h2>{escape(j.code)} {escape(j.type_name)}</h2>", f"<p><b>{escape(j.title)}</b></p>",
            "<table cellpadding='4'>"]
    facts = [(_("Status"), status_name(j.status)), (_("Worker"), assignee), (_("Quantity"), f"{j.quantity} {j.unit}"),
             (_("Due"), due), (_("Department"), page.department), (_("Requester"), page.requester)]
    facts += list(page.spec)
    rows += [f"<tr><th align='left'>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in facts if v]
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


class JobPageDialog(QDialog):
    def __init__(self, page: JobPage, assignee: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        j = page.job
        self.page = page
        self.setWindowTitle(f"{j.code} {j.type_name}")
        self.resize(900, 700)
        self.text = QTextBrowser()
        self.text.setObjectName("job-page")
        self.text.setHtml(page_html(page, assignee))
        close = button_box(Std.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close (Esc)"))
        close.rejected.connect(self.reject)
        self._actions = QHBoxLayout()
        self._actions.addStretch(1)
        self._actions.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text, 1)
        lay.addLayout(self._actions)
        self.text.setFocus()  # arrow keys and Page Down scroll the page at once

    def add_action(self, button: QWidget) -> None:
        """A button for what can be done with the job (printing its order's cards, ...)."""
        self._actions.insertWidget(0, button)

    def plain(self) -> str:
        return self.text.toPlainText()
