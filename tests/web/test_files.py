"""Files attached to an order: accepted by their bytes, kept in the database under generated names
(nothing left in the staging folder), size-limited, and only for the order's department."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from sqlalchemy import select

from flat_desktop.db.models import Event, OrderFile
from flat_desktop.services import attachments
from tests.web.conftest import Desk, csrf_of
from tests.web.test_desk import _place

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _send(client, order: str, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    token = csrf_of(client, f"/orders/{order}")
    return client.post(f"/orders/{order}/files", data={"csrf": token, "file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["氏名", "所属"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _stored(desk: Desk) -> list[str]:
    """The files kept (in the database); the staging folder keeps nothing, not even a part."""
    assert not desk.files.exists() or not any(desk.files.iterdir())
    with desk.db.reader() as s:
        return sorted(s.scalars(select(OrderFile.name)).all())


def test_a_pdf_is_kept_under_a_generated_name_and_downloaded_as_a_file(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    r = _send(c, order, PDF, "../../原稿 第1回.pdf")
    assert r.status_code == 302
    [name] = _stored(desk)
    assert re.fullmatch(r"[0-9a-f]{32}\.pdf", name)
    with desk.db.reader() as s:
        assert s.scalars(select(OrderFile.data).where(OrderFile.name == name)).one() == PDF
    with desk.db.reader() as s:
        ev = s.scalars(select(Event).where(Event.type == "order_file_attached")).one()
        assert ev.data["original"] == "原稿 第1回.pdf" and ev.data["requester_id"] == desk.a.requester_id
    html = c.get(f"/orders/{order}").get_data(as_text=True)
    assert "原稿 第1回.pdf" in html and f"/orders/{order}/files/{name}" in html
    got = c.get(f"/orders/{order}/files/{name}")
    assert got.status_code == 200 and got.data == PDF and got.mimetype == "application/pdf"
    assert got.headers["Content-Disposition"].startswith("attachment")
    got.close()
    colleague = desk.signed_in(desk.b)  # the department's order: a colleague may read it
    with colleague.get(f"/orders/{order}/files/{name}") as shared:
        assert shared.status_code == 200
    intruder = desk.signed_in(desk.c)
    assert intruder.get(f"/orders/{order}/files/{name}").status_code == 404
    assert _send(intruder, order, PDF, "x.pdf").status_code == 404
    assert desk.client().get(f"/static/{name}").status_code == 404  # nothing of it is served as a page asset


def test_each_kind_is_known_by_its_bytes(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
    for data, filename in ((_xlsx(), "名簿.xlsx"), ("氏名,所属\n山田,人事課\n".encode("cp932"), "list.csv"),
                           (wav, "会議.wav"), (b"ID3\x04\x00" + b"\x00" * 64, "rec.mp3")):
        assert _send(c, order, data, filename).status_code == 302, filename
    assert sorted(n.rsplit(".", 1)[1] for n in _stored(desk)) == ["csv", "mp3", "wav", "xlsx"]


def test_a_file_that_is_not_what_it_says_is_refused_at_the_field(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("payload.exe", b"MZ")
    for data, filename in ((b"MZ\x90\x00" + b"\x00" * 100, "invoice.pdf"), (plain_zip.getvalue(), "book.xlsx"),
                           (b"<html><script>alert(1)</script>", "page.csv\x00.html"), (b"", "empty.pdf")):
        r = _send(c, order, data, filename)
        html = r.get_data(as_text=True)
        assert r.status_code == 422 and 'id="e-file"' in html and 'aria-invalid="true"' in html, filename
    assert _stored(desk) == []  # nothing kept, not even a part
    r = c.post(f"/orders/{order}/files", data={"csrf": csrf_of(c, f"/orders/{order}")},
               content_type="multipart/form-data")
    assert r.status_code == 422  # no file chosen


def test_files_are_size_limited_while_they_are_copied(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "DOCUMENT_MAX", 1000)
    monkeypatch.setattr(attachments, "AUDIO_MAX", 3000)
    c = desk.signed_in(desk.a)
    order = _place(c)
    assert _send(c, order, PDF + b"0" * 1000, "big.pdf").status_code == 422
    assert _send(c, order, b"RIFF\x00\x00\x00\x00WAVE" + b"0" * 4000, "long.wav").status_code == 422
    assert _stored(desk) == []
    assert _send(c, order, b"RIFF\x00\x00\x00\x00WAVE" + b"0" * 2000, "ok.wav").status_code == 302


def test_only_this_order_s_own_files_are_read(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order, other = _place(c), _place(c)
    assert _send(c, other, PDF, "other.pdf").status_code == 302
    [elsewhere] = _stored(desk)  # a file of another order of the same department
    for name in ("..%2F..%2Fetc%2Fpasswd", elsewhere, "0" * 32 + ".pdf", "x.pdf"):
        assert c.get(f"/orders/{order}/files/{name}").status_code == 404, name
    with c.get(f"/orders/{other}/files/{elsewhere}") as own:
        assert own.status_code == 200 and own.data == PDF


def test_a_finished_order_takes_no_more_files(desk: Desk) -> None:
    from tests.web.conftest import post

    c = desk.signed_in(desk.a)
    order = _place(c)
    post(c, f"/orders/{order}/cancel", {"reason": "不要"}, page=f"/orders/{order}")
    assert 'id="f-file"' not in c.get(f"/orders/{order}").get_data(as_text=True)
    assert _send(c, order, PDF, "late.pdf").status_code == 422
