"""Step pictures: a photo of the machine or of a finished sample that a step shows beside its
words. A supervisor chooses the file in the template editor; it is checked here (a picture
format, at most 2 MB), stored once under the SHA-256 of its bytes, and named by that hash in
the step template and in every job step copied from it."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import StepPicture
from flat_desktop.errors import InvalidInput
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services.context import Actor, require_supervisor

MAX_PICTURE_BYTES = 2 * 1024 * 1024
# The first bytes of each picture format the station can show (Qt reads all of them).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
)


def media_type(data: bytes) -> str | None:
    """The picture format of ``data`` by its first bytes, or None when it is not a picture."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def check_size(size: int, name: str = "") -> None:
    """InvalidInput for a file of ``size`` bytes too large to be a step picture (checked before
    a large file is read)."""
    if size > MAX_PICTURE_BYTES:
        raise InvalidInput(
            _("{name} is {size:.1f} MB; a step picture may be at most {max} MB.").format(
                name=name or _("The file"), size=size / 1024 / 1024, max=MAX_PICTURE_BYTES // (1024 * 1024)),
            _("Choose a smaller picture, or make this one smaller (e.g. 1280 pixels wide) and choose it again."),
            field="picture", reason="picture_too_large")


def check(data: bytes, name: str = "") -> str:
    """The media type of a picture file's bytes; InvalidInput saying what to choose instead for
    a file that is not a picture or is too large."""
    check_size(len(data), name)
    shown = name or _("The file")
    kind = media_type(data)
    if kind is None:
        raise InvalidInput(
            _("{name} is not a picture.").format(name=shown),
            _("Choose a photo or picture file (PNG, JPEG, GIF, BMP or WebP)."),
            field="picture", reason="not_a_picture")
    return kind


def add(db: Database, actor: Actor, data: bytes, name: str = "") -> str:
    """Store a picture (once, however often it is chosen) and return its SHA-256 for a step."""
    require_supervisor(actor)
    kind = check(data, name)
    sha = hashlib.sha256(data).hexdigest()
    with db.session() as s:
        if s.scalar(select(StepPicture.id).where(StepPicture.sha256 == sha)) is None:
            s.add(StepPicture(sha256=sha, media_type=kind, data=data, created_at=utcnow()))
            record(s, NewEvent(EventType.MASTER_CHANGED, station=actor.station, worker=actor.worker,
                               data={"what": "step_picture", "sha256": sha, "bytes": len(data), "name": name}))
    return sha


def exists(s: Session, sha: str) -> bool:
    return s.scalar(select(StepPicture.id).where(StepPicture.sha256 == sha)) is not None


def data(db: Database, sha: str | None) -> bytes | None:
    """A stored picture's bytes (None for no picture or one this database does not hold)."""
    if not sha:
        return None
    with db.reader() as s:
        return s.scalar(select(StepPicture.data).where(StepPicture.sha256 == sha))
