"""Writing a document to the file named with ``-o``: checked before the document is made, and
written whole or not at all (a full disk leaves the old file, not half a PDF)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from flat_desktop.errors import InvalidInput
from flat_desktop.errors import quoted as _quoted
from flat_desktop.i18n import _

PATH_QUOTE_MAX = 120


def quoted(path: Path) -> str:
    return _quoted(path, PATH_QUOTE_MAX)


def why(exc: OSError) -> str:
    """What the system said, in the reader's words for the usual cases."""
    words = {
        errno.ENOSPC: _("the disk is full"),
        errno.EACCES: _("no permission to write there"),
        errno.EPERM: _("no permission to write there"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.ENOTDIR: _("a part of the path is a file, not a folder"),
    }
    return words.get(exc.errno or 0) or exc.strerror or str(exc)


def _cannot_write(path: Path, exc: OSError) -> InvalidInput:
    return InvalidInput(
        _("{path} cannot be written: {why}.").format(path=quoted(path), why=why(exc)),
        _("Choose another file or folder with -o."),
    )


def check_output(path: Path) -> None:
    """Refuse a file name that cannot be written: a folder, or a file in a folder that is not there."""
    try:
        if path.is_dir():
            raise InvalidInput(
                _("{path} is a folder.").format(path=quoted(path)),
                _("Name a file in it, e.g. {example}.").format(example=quoted(path / "tickets.pdf")),
            )
        folder = path.parent
        if not folder.is_dir():
            raise InvalidInput(
                _("The folder {folder} does not exist.").format(folder=quoted(folder)),
                _("Create it first, or choose another folder with -o."),
            )
    except OSError as exc:  # e.g. a name longer than the system allows
        raise _cannot_write(path, exc) from None


def write_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` through a temporary file beside it, renamed over it when whole;
    True when ``path`` is a file. A device or pipe (``-o /dev/stdout``) is written directly: it
    cannot be renamed over."""
    try:
        special = path.exists() and not stat.S_ISREG(path.stat().st_mode)
        if special:
            with path.open("wb") as fh:
                fh.write(data)
            return False
        part = path.with_name(f".{path.name[:200]}.{os.getpid()}.part")
        try:
            with part.open("wb") as fh:
                fh.write(data)
            part.replace(path)
        finally:
            part.unlink(missing_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    return True
