"""Printing through a real CUPS queue (cups-pdf): what `flat-desktop print` sends comes out as
paper that reads back at printer resolution, and a stopped printer, a missing printer or a full
queue is told in plain Japanese with the PDF kept and where it is."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from flat_desktop import codes
from flat_desktop.cli import main
from flat_desktop.config import Paths, Settings
from flat_desktop.db import Database
from flat_desktop.demo.build import badge_payloads
from flat_desktop.services import board, orders
from flat_desktop.services.context import Actor
from flat_desktop.services.holders import Holder
from flat_desktop.services.orders import OrderRequest
from tests.helpers.cups import MAX_JOBS

from .pdfcheck import decode, page_count, page_texts, rasterise

BOSS = Actor("S001", "supervisor", "test")


def url(db: Database) -> str:
    return db.engine.url.render_as_string(hide_password=False)


def printed(paper: Path) -> tuple[list[list[str]], list[str]]:
    """Each page's barcodes read at 300 dpi, as a scanner reads paper, and each page's text with
    no spaces (cups-pdf redraws the pages through Ghostscript: Latin text and digits read back,
    the Japanese glyphs lose their character codes)."""
    pdf = paper.read_bytes()
    return [decode(image) for image in rasterise(pdf, 300)], ["".join(t.split()) for t in page_texts(pdf)]


def test_a_ticket_and_a_batch_come_out_of_the_printer(demo_db: Database, printer: Any,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    code = next(j.code for j in board.jobs(demo_db, Actor.admin()) if j.status == "received")
    assert main(["print", "ticket", code, "--printer", printer.name, "--db", url(demo_db)]) == 0
    assert "プリンターに送りました" in capsys.readouterr().out
    [paper] = printer.paper(1)
    pages, texts = printed(paper)
    assert pages == [[codes.ticket_payload(code)]] and code in texts[0]

    printer.clear()
    received = sorted(j.code for j in board.jobs(demo_db, Actor.admin()) if j.status == "received")
    assert main(["print", "tickets", "--status", "received", "--printer", printer.name, "--db", url(demo_db)]) == 0
    [batch] = printer.paper(1)
    pages, _texts = printed(batch)
    assert page_count(batch.read_bytes()) == len(received)
    assert sorted(c for page in pages for c in page) == sorted(codes.ticket_payload(c) for c in received)


def test_a_badge_sheet_and_business_cards_come_out(demo_db: Database, printer: Any) -> None:
    assert main(["print", "badges", "W001", "W002", "--printer", printer.name, "--db", url(demo_db)]) == 0
    [sheet] = printer.paper(1)
    pages, _texts = printed(sheet)
    assert sorted(c for page in pages for c in page) == sorted([badge_payloads()["W001"], badge_payloads()["W002"]])

    printer.clear()
    rows = (Holder(name="青木 花子", kana="あおき はなこ", title="主任", section="総務課", phone="048-830-2001"),
            Holder(name="石井 太郎", kana="いしい たろう", title="主査", section="総務課", phone="048-830-2002"))
    # Each holder's own card: their phone numbers come out on paper.
    made = orders.create(demo_db, BOSS, OrderRequest("cards", "名刺", 2, spec={"kind": "card"},
                                                       department="jinji", rows=rows))
    assert made.order is not None
    assert main(["print", "cards", made.order, "--printer", printer.name, "--db", url(demo_db)]) == 0
    [cards] = printer.paper(1)
    text = "".join(printed(cards)[1])
    assert "048-830-2001" in text and "048-830-2002" in text


def _refused(demo_db: Database, printer_name: str, capsys: pytest.CaptureFixture[str], nth: int = 0) -> tuple[int, str]:
    """Print the ``nth`` received job's ticket (each its own title: cups-pdf names the paper by it)."""
    code = [j.code for j in board.jobs(demo_db, Actor.admin()) if j.status == "received"][nth]
    status = main(["print", "ticket", code, "--printer", printer_name, "--db", url(demo_db)])
    return status, capsys.readouterr().err


def test_a_stopped_printer_a_missing_one_and_a_full_queue_are_told_and_the_pdf_kept(
        demo_db: Database, printer: Any, capsys: pytest.CaptureFixture[str]) -> None:
    status, said = _refused(demo_db, "no-such-printer", capsys)
    assert status != 0 and "no-such-printer" in said and "プリンター" in said
    kept = Path(said.split("PDFは")[1].split(" に保存")[0].strip()) if "PDFは" in said else None
    assert kept is not None and kept.read_bytes().startswith(b"%PDF")

    printer.disable()  # stopped: the job waits in the queue
    status, said = _refused(demo_db, printer.name, capsys)
    assert status != 0 and "止まって" in said and printer.name in said and ".pdf" in said
    for nth in range(1, MAX_JOBS):
        _refused(demo_db, printer.name, capsys, nth)
    status, said = _refused(demo_db, printer.name, capsys, MAX_JOBS)  # the queue holds all it may
    assert status != 0 and "いっぱい" in said and ".pdf" in said
    assert not list(printer.out.glob("*.pdf"))  # nothing printed while stopped

    printer.run("cupsenable", printer.name)  # started again: what waited comes out
    assert len(printer.paper(MAX_JOBS)) == MAX_JOBS


def test_the_test_page_and_each_kind_s_own_printer(demo_db: Database, printer: Any, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """`print test` needs no database: its barcode reads back. settings.json sends each kind of
    document to its own printer: tickets here, cards to a printer this PC does not have."""
    assert main(["print", "test", "--printer", printer.name]) == 0
    [page] = printer.paper(1)
    assert printed(page)[0] == [["FLAT-TEST-PAGE"]]

    printer.clear()
    monkeypatch.setenv("FLAT_HOME", str(tmp_path))  # this PC's own settings.json
    Settings(printers={"tickets": printer.name, "deliverables": "office-printer-not-here"}).save(Paths.resolve())
    code = next(j.code for j in board.jobs(demo_db, Actor.admin()) if j.status == "received")
    assert main(["print", "ticket", code, "--db", url(demo_db)]) == 0
    assert printed(printer.paper(1)[0])[0] == [[codes.ticket_payload(code)]]
    made = orders.create(demo_db, BOSS, OrderRequest("cards", "名刺", 1, spec={"kind": "card"}, department="jinji",
                                                       rows=(Holder(name="青木 花子", kana="あおき はなこ"),)))
    assert made.order is not None
    capsys.readouterr()
    assert main(["print", "cards", made.order, "--db", url(demo_db)]) != 0
    assert "office-printer-not-here" in capsys.readouterr().err


def test_a_printer_for_a_kind_of_document_that_does_not_exist_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAT_HOME", str(tmp_path))
    paths = Paths.resolve()
    paths.ensure()
    paths.settings_file.write_text(json.dumps({"printers": {"posters": "x"}}), encoding="utf-8")
    assert main(["print", "test", "-o", str(tmp_path / "t.pdf")]) != 0
    assert "printers" in capsys.readouterr().err and not (tmp_path / "t.pdf").exists()


def test_without_lp_the_command_line_prints_through_qt(demo_db: Database, printer: Any,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows has no lp: `print` draws the ticket through Qt's printing, as the console does, and
    the paper reads back the same; a printer Qt does not list is named, the PDF kept."""
    import flat_desktop.printing.spool as spool

    monkeypatch.setattr(spool.shutil, "which", lambda _name: None)  # no lp, no lpr
    code = next(j.code for j in board.jobs(demo_db, Actor.admin()) if j.status == "received")
    assert main(["print", "ticket", code, "--printer", printer.name, "--db", url(demo_db)]) == 0
    assert printed(printer.paper(1)[0])[0] == [[codes.ticket_payload(code)]]
    capsys.readouterr()
    assert main(["print", "ticket", code, "--printer", "no-such-printer", "--db", url(demo_db)]) != 0
    said = capsys.readouterr().err
    assert "no-such-printer" in said and printer.name in said and ".pdf" in said
