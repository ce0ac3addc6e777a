"""A step's picture in the template editor: a thumbnail, Choose picture… (a file dialog) and
Remove picture. A chosen file is checked and stored at once (services.pictures: pictures only,
at most 2 MB, refused at the field with what to choose instead); the template names it by its
SHA-256 and keeps it when Save templates is pressed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QWidget

from flat_desktop.errors import FlatError
from flat_desktop.gui.console.context import ConsoleContext
from flat_desktop.gui.widgets.field_row import FieldRow
from flat_desktop.i18n import _
from flat_desktop.services import pictures

THUMB_PX = 96  # the picture beside its buttons in the form
PICTURE_FILTER = "*.png *.jpg *.jpeg *.gif *.bmp *.webp"


def picture_pixmap(data: bytes | None, px: int) -> QPixmap:
    """``data`` scaled to fit a ``px`` square (an empty pixmap for no picture)."""
    pixmap = QPixmap()
    if data:
        pixmap.loadFromData(data)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(px, px, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


class StepPictureField(QWidget):
    """Signals: ``chosen(str)`` (a stored picture's SHA-256 for the step), ``removed()``."""

    chosen = Signal(str)
    removed = Signal()

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._data: dict[str, bytes | None] = {}  # by SHA-256: a stored picture never changes
        self.thumb = QLabel(_("(no picture)"))
        self.thumb.setMinimumSize(THUMB_PX, THUMB_PX)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setAccessibleName(_("Picture of the step"))
        self.choose_button = QPushButton(_("Choose picture…"))
        self.choose_button.setToolTip(_("A photo of the machine or of a finished sample (at most 2 MB)"))
        self.remove_button = QPushButton(_("Remove picture"))
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.thumb)
        line.addWidget(self.choose_button)
        line.addWidget(self.remove_button)
        line.addStretch(1)
        self.row = FieldRow(self, label=_("Picture"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self._remove)

    def data(self, sha: str | None) -> bytes | None:
        """A stored picture's bytes (read once)."""
        if not sha:
            return None
        if sha not in self._data:
            self._data[sha] = pictures.data(self.ctx.db, sha)
        return self._data[sha]

    def show_picture(self, sha: str | None) -> None:
        pixmap = picture_pixmap(self.data(sha), THUMB_PX)
        if pixmap.isNull():
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText(_("(no picture)"))
        else:
            self.thumb.setPixmap(pixmap)
        self.remove_button.setEnabled(bool(sha))

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a picture for the step"), "",
                                                    _("Pictures ({patterns})").format(patterns=PICTURE_FILTER))
        if path:
            self.use_file(Path(path))

    def use_file(self, path: Path) -> bool:
        """Store the picture in ``path`` and offer it to the step (``chosen``); a file that is not
        a picture or is too large is refused at the field, and the step keeps its picture."""
        try:
            pictures.check_size(path.stat().st_size, path.name)  # a huge file is refused before it is read
            sha = pictures.add(self.ctx.db, self.ctx.actor, path.read_bytes(), path.name)
        except FlatError as exc:
            self.row.mark(exc)
            self.ctx.fail(exc)
            return False
        except OSError as exc:
            message = _("{name} could not be read: {error}").format(name=path.name, error=exc.strerror or exc)
            self.row.mark(message)
            self.ctx.notice.emit(message, True)
            return False
        self.row.mark(None)
        self.show_picture(sha)
        self.chosen.emit(sha)
        self.ctx.tell(_("The picture is on the step. Press Save templates to keep it."))
        return True

    def _remove(self) -> None:
        self.show_picture(None)
        self.removed.emit()
