"""Files a requester attaches to an order at the web ordering desk: originals to copy (PDF), a
list for cards or data entry (CSV, Excel), a recording for minutes (audio).

A file is accepted by what its bytes are, never by its name: a PDF starts ``%PDF-``, an Excel
workbook is a zip with ``xl/workbook.xml``, a CSV is text (UTF-8 or Shift_JIS, no NUL), audio is
WAV, MP3, M4A, OGG, FLAC or WMA by its header. It is copied into a staging folder that no web
server serves, with its size capped while it is copied (nothing is ever run or opened), then kept
in the database under a generated name (``order_files``: every console can open it), recorded as
one ``order_file_attached`` event (the original name kept for people only). Only the order's
department may attach or download, as for the order itself; at the station, supervisors.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import select

from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Event, JobStatus, OrderFile
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.i18n import _
from flat_desktop.services import desk
from flat_desktop.services.context import Actor, require_supervisor

DOCUMENT_MAX = 20 * 1024 * 1024
AUDIO_MAX = 100 * 1024 * 1024
FILES_PER_ORDER = 20
CHUNK = 1024 * 1024
NAME = re.compile(r"[0-9a-f]{32}\.(pdf|csv|xlsx|wav|mp3|m4a|ogg|flac|wma)")
KINDS = {"pdf": "application/pdf", "csv": "text/csv",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "wav": "audio/wav", "mp3": "audio/mpeg", "m4a": "audio/mp4", "ogg": "audio/ogg", "flac": "audio/flac",
         "wma": "audio/x-ms-wma"}
AUDIO = ("wav", "mp3", "m4a", "ogg", "flac", "wma")
_ASF = bytes.fromhex("3026b2758e66cf11a6d900aa0062ce6c")


@dataclass(frozen=True)
class Attachment:
    name: str  # the generated name it is stored under
    original: str  # the name it had on the requester's PC (shown only)
    kind: str
    size: int
    sha256: str
    by: str

    @property
    def media_type(self) -> str:
        return KINDS[self.kind]


def sniff(head: bytes, path: Path | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for a zip, its table of contents)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if path is None:
            return None
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        return "xlsx" if "xl/workbook.xml" in names and "[Content_Types].xml" in names else None
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head[4:8] == b"ftyp" and head[8:11] in (b"M4A", b"mp4", b"iso", b"M4B"):
        return "m4a"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(_ASF):
        return "wma"
    if head and b"\x00" not in head:
        for encoding in ("utf-8", "cp932"):
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError as exc:
                if exc.start >= len(head) - 3:  # a character cut at the end of the sample
                    text = head[:exc.start].decode(encoding, "ignore")
                else:
                    continue
            if "," in text or "\t" in text:
                return "csv"
    return None


def _original(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if c.isprintable())
    return base.strip()[:120] or _("(no name)")


def _too_big(limit: int) -> InvalidInput:
    return InvalidInput(_("The file is too large: at most {mb} MB.").format(mb=limit // (1024 * 1024)),
                        _("Send a smaller file, or split it."), field="file", reason="too_large")


def attach(db: Database, actor: Actor, order_code: str, stream: IO[bytes], filename: str, folder: Path) -> Attachment:
    """Copy ``stream`` into ``folder`` under a generated name if its bytes are an accepted kind."""
    page = desk.order_page(db, actor, order_code)  # "not found" for another department's order
    if not page.may_comment:
        raise NotAllowed(_("Files cannot be attached to this order here."), _("Ask the station."), reason="not_own")
    if page.line.status in (JobStatus.DONE, JobStatus.DELIVERED, JobStatus.CANCELLED):
        raise NotAllowed(_("Order {code} is finished: no more files.").format(code=order_code),
                         _("Place a new order for new work."), reason="finished")
    if len(attachments(db, actor, order_code)) >= FILES_PER_ORDER:
        raise NotAllowed(_("An order takes at most {n} files.").format(n=FILES_PER_ORDER),
                         _("Put the pages in fewer files."), reason="too_many")
    folder.mkdir(parents=True, exist_ok=True)
    temp = folder / f".{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with open(temp, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > AUDIO_MAX:
                    raise _too_big(AUDIO_MAX)
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise InvalidInput(_("The file is empty."), _("Choose the file again."), field="file", reason="empty")
        with open(temp, "rb") as fh:
            head = fh.read(4096)
        kind = sniff(head, temp)
        if kind is None:
            raise InvalidInput(_("This file is not a PDF, CSV, Excel or audio file."),
                               _("Save it as PDF, CSV, Excel (.xlsx) or an audio file, then attach it."),
                               field="file", reason="bad_type")
        if kind not in AUDIO and size > DOCUMENT_MAX:
            raise _too_big(DOCUMENT_MAX)
        name = f"{uuid.uuid4().hex}.{kind}"
        data = temp.read_bytes()
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    item = Attachment(name, _original(filename), kind, size, digest.hexdigest(), actor.name)
    with db.session() as s:  # the file and its event together, or neither
        s.add(OrderFile(name=name, order_code=page.line.code, kind=kind, size=size, data=data, created_at=utcnow()))
        record(s, NewEvent(EventType.ORDER_FILE_ATTACHED, station=actor.station, worker=actor.worker,
                           job=page.line.job,
                           data={"order": page.line.code, "name": item.name, "original": item.original,
                                 "kind": kind, "size": size, "sha256": item.sha256,
                                 "requester_id": actor.requester, "by": actor.name}))
    return item


def attachments(db: Database, actor: Actor, order_code: str) -> list[Attachment]:
    page = desk.order_page(db, actor, order_code)
    if page.line.hidden or not page.line.job:
        return []
    return _of_job(db, page.line.job)


def _of_job(db: Database, job: str) -> list[Attachment]:
    with db.reader() as s:
        rows = s.scalars(select(Event.data).where(Event.job == job, Event.type == EventType.ORDER_FILE_ATTACHED)
                         .order_by(Event.seq)).all()
    return [Attachment(str(d["name"]), str(d.get("original", "")), str(d["kind"]), int(d["size"]),
                       str(d.get("sha256", "")), str(d.get("by", ""))) for d in rows]


def _content(db: Database, items: list[Attachment], name: str) -> tuple[bytes, Attachment]:
    """The bytes of the attachment ``name`` among ``items`` (only a name the events hold is read)."""
    item = next((i for i in items if i.name == name), None) if NAME.fullmatch(name or "") else None
    if item is not None:
        with db.reader() as s:
            data = s.scalars(select(OrderFile.data).where(OrderFile.name == name)).first()
        if data is not None:
            return bytes(data), item
    raise NotFound(_("There is no such file."), _("Choose a file from the order's page."), reason="no_file")


def content_of(db: Database, actor: Actor, order_code: str, name: str) -> tuple[bytes, Attachment]:
    """A requester's download: a file of an order of their department."""
    return _content(db, attachments(db, actor, order_code), name)


def of_job(db: Database, actor: Actor, job: str) -> list[Attachment]:
    """The files attached to a job's order, for a supervisor (the console's job page)."""
    require_supervisor(actor)
    return _of_job(db, job)


def job_file(db: Database, actor: Actor, job: str, name: str) -> tuple[bytes, Attachment]:
    """A supervisor opens one of the job's files at the console."""
    require_supervisor(actor)
    return _content(db, _of_job(db, job), name)
