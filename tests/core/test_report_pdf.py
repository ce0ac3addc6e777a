"""A report's chart and its PDF: the bars the console and the paper share, computed by hand on
the fixed event set of test_reports, and the PDF read back (Japanese text, the chart drawn as shapes)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from flat_desktop.db import Database
from flat_desktop.printing.report import render_report
from flat_desktop.services import reports
from flat_desktop.services.reports import Period
from tests.core.test_reports import _cli, build, year


@pytest.fixture
def fixed_db(empty_db: Database) -> Database:
    build(empty_db)
    return empty_db


def _read(pdf: bytes) -> tuple[str, int, int]:
    doc = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    paths = sum(1 for page in doc for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
    return text, paths, len(doc)


def test_each_chart_by_hand(fixed_db: Database) -> None:
    hours = reports.chart(reports.hours(fixed_db, year()))
    assert (hours.names, [round(v, 4) for v in hours.values], hours.over_time) == (
        ("総務課", "人事課"), [round(130 / 60, 4), 0.5], False)  # (60 + 10 + 60) minutes; J3's 30
    done = reports.chart(reports.throughput(fixed_db, year()))
    assert (done.names, done.values) == (("封入", "コピー"), (2, 2))  # J1, J3; J5, J2 (J4 cancelled)
    machines = reports.chart(reports.machines(fixed_db, year()))
    assert (machines.names, machines.values) == (("CP01 複合機", "CT01 裁断機", "FD01 紙折り機"), (50, 50, 0))
    calls = reports.chart(reports.help_calls(fixed_db, year()))
    assert (calls.names, calls.values, calls.over_time) == (("2026-01-10", "2026-02-01", "2026-03-01"), (1, 2, 2), True)


def test_weeks_are_shown_by_their_number_and_monday_but_kept_as_dates(fixed_db: Database) -> None:
    rep = reports.throughput(fixed_db, year(), Period.WEEK)
    assert [row[0] for row in reports.shown_rows(rep)[1:3]] == ["2026-W02 (01-05)", "2026-W03 (01-12)"]
    assert rep.rows()[1][0] == "2026-01-05" and rep.as_csv().splitlines()[1].startswith("2026-01-05,")
    assert reports.period_label("2026-01", Period.MONTH) == "2026-01"


def test_every_report_prints_in_japanese_with_its_chart(fixed_db: Database) -> None:
    for kind, words in ((reports.ReportKind.HOURS, ["返した時間", "総務課", "人事課"]),
                        (reports.ReportKind.THROUGHPUT, ["2026-W02 (01-05)", "封入", "コピー"]),
                        (reports.ReportKind.MACHINES, ["裁断機", "紙折り機"]),
                        (reports.ReportKind.HELP, ["封筒を用意する", "2026-03-01"])):
        rep = reports.report(fixed_db, kind, year())
        text, paths, pages = _read(render_report(rep))
        flat = text.replace("\r", "").replace("\n", "")
        assert reports.report_names()[kind] in flat, kind
        for word in words:
            assert word in flat, (kind, word)
        bars = len(reports.chart(rep).values)
        assert paths >= bars + 2, kind  # each bar and the axes are drawn shapes, not a picture
        assert pages == 1


def test_an_empty_report_still_prints(fixed_db: Database) -> None:
    rep = reports.hours(fixed_db, reports.Range.of(year().start.replace(year=2020), year().end.replace(year=2020)))
    text, _paths, _pages = _read(render_report(rep))
    assert "この期間にはありません" in text


def test_the_report_command_writes_a_pdf(fixed_db: Database, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "hours.pdf"
    code, out, _err = _cli(["report", "hours", "--from", "2026-01-01", "--to", "2026-04-01", "--pdf", str(target),
                            "--db", str(fixed_db.url)], capsys)
    assert code == 0 and target.name in out
    assert "総務課" in _read(target.read_bytes())[0]
    code, _out, err = _cli(["report", "hours", "--pdf", str(target), "--csv", str(tmp_path / "x.csv"),
                            "--db", str(fixed_db.url)], capsys)
    assert code != 0 and "--csv" in err
