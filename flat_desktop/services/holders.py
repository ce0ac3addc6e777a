"""The list an order carries: the people on its business cards or name tags, or its file labels.

A list is typed in the order form or read from a CSV or Excel (.xlsx) file whose first row
names the columns (Japanese or English headings). Every row is checked as a person would
before the order is placed: a missing name, a field too long for the card, an e-mail without
'@', a character the card font cannot print. A refusal names the row and the column and says
what to do; nothing is saved. The rows go into the ``order_created`` event (services.orders).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from enum import StrEnum
from pathlib import Path
from typing import Any

from flat_desktop.errors import InvalidInput
from flat_desktop.i18n import N_, _

MAX_ROWS = 200  # a whole department's cards (the spec's 人数 goes to 200); more is a wrong file
MAX_FILE_BYTES = 5_000_000


class ListKind(StrEnum):
    CARDS = "cards"  # business cards: one card per person
    TAGS = "tags"  # name tags
    LABELS = "labels"  # file spine labels


@dataclass(frozen=True)
class Holder:
    """One row of an order's list. Card holders fill every field, name tags name, kana and
    section, file labels only ``label``."""

    name: str = ""
    kana: str = ""
    title: str = ""
    section: str = ""
    phone: str = ""
    email: str = ""
    label: str = ""

    def as_data(self) -> dict[str, str]:
        """The non-empty fields, as stored in the event."""
        return {k: v for k, v in asdict(self).items() if v}


FIELDS = tuple(f.name for f in fields(Holder))

# Longest text per field: what the card, tag or label still prints legibly (and the column holds).
LIMITS = {"name": 30, "kana": 60, "title": 40, "section": 60, "phone": 30, "email": 100, "label": 60}

# The columns of each list, in the order the form shows them.
COLUMNS: dict[ListKind, tuple[str, ...]] = {
    ListKind.CARDS: ("name", "kana", "title", "section", "phone", "email"),
    ListKind.TAGS: ("name", "kana", "section"),
    ListKind.LABELS: ("label",),
}
REQUIRED: dict[ListKind, str] = {ListKind.CARDS: "name", ListKind.TAGS: "name", ListKind.LABELS: "label"}

HEADINGS: dict[str, str] = {
    "name": N_("Full name"),
    "kana": N_("Name reading"),
    "title": N_("Job title"),
    "section": N_("Section"),
    "phone": N_("Phone number"),
    "email": N_("E-mail address"),
    "label": N_("Label text"),
}

# Headings a requester's spreadsheet may use for each field (compared without spaces, case-insensitive).
_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "氏名", "名前", "お名前", "氏　名"),
    "kana": ("kana", "reading", "ふりがな", "フリガナ", "よみがな", "ヨミガナ", "かな", "カナ", "よみ"),
    "title": ("title", "jobtitle", "役職", "職名", "肩書", "肩書き"),
    "section": ("section", "department", "所属", "課", "担当", "係", "部署"),
    "phone": ("phone", "tel", "telephone", "電話", "電話番号", "内線"),
    "email": ("email", "e-mail", "mail", "メール", "eメール", "メールアドレス", "Eメール"),
    "label": ("label", "text", "ラベル", "背表紙", "背表紙の文字", "表示", "ファイル名"),
}
_BY_HEADING = {re.sub(r"\s", "", alias).lower(): key for key, aliases in _ALIASES.items() for alias in aliases}

_PHONE = re.compile(r"[0-9０-９()（）+\-‐－ー 内線]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def list_kind(job_type: str, spec_values: Mapping[str, Any]) -> ListKind | None:
    """Which list an order of this type carries (None: no list)."""
    if job_type == "cards":
        return ListKind.TAGS if spec_values.get("kind") == "tag" else ListKind.CARDS
    if job_type == "files":
        return ListKind.LABELS
    return None


def heading(key: str) -> str:
    return _(HEADINGS[key])


def _where(row: int, source: str) -> str:
    if source == "file":
        return _("Row {row} of the file").format(row=row)
    return _("Row {row} of the list").format(row=row)


def _refuse(row: int, source: str, key: str, message: str, hint: str, reason: str) -> InvalidInput:
    if source == "file":
        hint = f"{hint} {_('Then import the file again.')}"
    return InvalidInput(
        _("{where}, {column}: {message}").format(where=_where(row, source), column=heading(key), message=message),
        hint,
        field="rows",
        reason=reason,
    )


def check(kind: ListKind, rows: Iterable[Mapping[str, Any]], *, first_row: int = 1,
          source: str = "list") -> tuple[Holder, ...]:
    """The rows as holders, each field trimmed; the first bad row is refused (InvalidInput).

    ``first_row`` is the number of the first row as the person sees it (2 in a file whose
    row 1 holds the headings); rows with nothing in them are skipped (a spreadsheet's blank lines).
    """
    from flat_desktop.printing.fonts import unprintable

    out: list[Holder] = []
    wanted = COLUMNS[kind]
    for n, raw in enumerate(rows, first_row):
        values = {k: _cell(raw.get(k)) for k in wanted}
        if not any(values.values()):
            continue
        required = REQUIRED[kind]
        if not values[required]:
            raise _refuse(n, source, required, _("it is empty."),
                          _("Write it in, or delete the row."), "row_missing")
        for key, value in values.items():
            if len(value) > LIMITS[key]:
                raise _refuse(n, source, key,
                              _("{n} characters is too long (at most {limit}).").format(n=len(value),
                                                                                       limit=LIMITS[key]),
                              _("Shorten it."), "row_too_long")
            bad = unprintable(value)
            if bad:
                raise _refuse(n, source, key,
                              _("「{chars}」 cannot be printed.").format(chars="".join(bad[:5])),
                              _("Write it with other characters (no emoji or special symbols)."), "row_unprintable")
        if values.get("email") and not _EMAIL.fullmatch(values["email"]):
            raise _refuse(n, source, "email", _("'{value}' is not an e-mail address.").format(value=values["email"]),
                          _("Write it as name@example.lg.jp, or leave it empty."), "row_email")
        if values.get("phone") and not _PHONE.fullmatch(values["phone"]):
            raise _refuse(n, source, "phone", _("'{value}' is not a phone number.").format(value=values["phone"]),
                          _("Write digits and hyphens, e.g. 048-830-2345."), "row_phone")
        out.append(Holder(**values))
        if len(out) > MAX_ROWS:
            raise InvalidInput(_("The list has more than {n} rows.").format(n=MAX_ROWS),
                               _("Split it into several orders."), field="rows", reason="too_many_rows")
    return tuple(out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a spreadsheet cell
    return " ".join(str(value).split())


# --- reading files ------------------------------------------------------------------------------


def _columns(headings: Sequence[Any], kind: ListKind) -> dict[int, str]:
    """Which field each column holds, from the heading row; refuses a file without the needed column."""
    found: dict[int, str] = {}
    for i, h in enumerate(headings):
        key = _BY_HEADING.get(re.sub(r"\s", "", _cell(h)).lower())
        if key in COLUMNS[kind] and key not in found.values():
            found[i] = key
    required = REQUIRED[kind]
    if required not in found.values():
        names = "、".join(heading(k) for k in COLUMNS[kind])
        raise InvalidInput(
            _("The file has no column 「{column}」 in its first row.").format(column=heading(required)),
            _("Put the column names in row 1 of the file ({names}), then import again.").format(names=names),
            field="rows",
            reason="missing_column",
        )
    return found


def _as_rows(table: Iterable[Sequence[Any]], kind: ListKind) -> tuple[Holder, ...]:
    it = iter(table)
    first = next(it, None)
    if first is None:
        raise InvalidInput(_("The file is empty."), _("Choose the file with the list."), field="rows",
                           reason="empty_file")
    cols = _columns(first, kind)
    rows = ({key: line[i] if i < len(line) else "" for i, key in cols.items()} for line in it)
    held = check(kind, rows, first_row=2, source="file")
    if not held:
        raise InvalidInput(_("The file has headings but no rows."),
                           _("Fill in the list from row 2, then import again."), field="rows", reason="empty_file")
    return held


def _decode(data: bytes) -> str:
    # Excel in Japan saves CSV as Shift_JIS (cp932); everything else as UTF-8, often with a BOM.
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InvalidInput(_("The file's characters cannot be read."),
                       _("Save it as CSV UTF-8 (or Excel's CSV), then import again."), field="rows",
                       reason="bad_file")


def read_csv(data: bytes, kind: ListKind) -> tuple[Holder, ...]:
    text = _decode(data)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    with contextlib.suppress(csv.Error):  # one column, or too little to tell: plain commas
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    return _as_rows(csv.reader(io.StringIO(text), dialect), kind)


def read_xlsx(data: bytes, kind: ListKind) -> tuple[Holder, ...]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise InvalidInput(_("The file is not an Excel workbook (.xlsx) that can be read."),
                           _("Open it in Excel and save it as .xlsx (or as CSV), then import again."),
                           field="rows", reason="bad_file") from None
    try:
        sheet = book.worksheets[0]
        return _as_rows(sheet.iter_rows(values_only=True), kind)
    finally:
        book.close()


def read_file(path: Path, kind: ListKind) -> tuple[Holder, ...]:
    """The list in a .csv, .txt or .xlsx file (the first sheet of a workbook)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx"):
        raise InvalidInput(_("{name} is not a CSV or Excel (.xlsx) file.").format(name=path.name),
                           _("Save the list as .xlsx or .csv, then import again."), field="rows",
                           reason="bad_file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInput(_("{name} is too large for a list.").format(name=path.name),
                               _("Import only the list, at most {n} rows.").format(n=MAX_ROWS), field="rows",
                               reason="bad_file")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(_("{name} cannot be read: {error}").format(name=path.name, error=exc.strerror or exc),
                           _("Check the file, then import again."), field="rows", reason="bad_file") from None
    return read_xlsx(data, kind) if suffix == ".xlsx" else read_csv(data, kind)
