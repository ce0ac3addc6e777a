"""Sending a PDF to the spooler: the file is always kept, and failures say what to do."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from flat_desktop import i18n
from flat_desktop.printing import PrinterNotFoundError, PrintError, SpoolerNotFoundError, send_to_printer

PDF = b"%PDF-1.4\n% test\n"


def fake_spooler(folder: Path, name: str, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH holding only our fake spooler commands."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_lp_gets_printer_copies_and_file(bin_dir: Path, tmp_path: Path) -> None:
    """``lp -n COPIES -d PRINTER -t TITLE -- FILE`` is run and the queued file is the saved PDF."""
    log = tmp_path / "args.txt"
    fake_spooler(bin_dir, "lp", f'printf "%s\\n" "$@" > {log}\necho "request id is label-7 (1 file(s))"\n')
    done = send_to_printer(PDF, tmp_path / "out", printer="QL-800", name="J-261128-001", copies=2)
    args = log.read_text().splitlines()
    assert args[:6] == ["-n", "2", "-d", "QL-800", "-t", "J-261128-001"]
    assert Path(args[-1]) == done.path and done.path.read_bytes() == PDF
    assert "label-7" in done.output


def test_lpr_is_used_when_lp_is_missing(bin_dir: Path, tmp_path: Path) -> None:
    """BSD-style systems without ``lp`` get ``lpr -P PRINTER``."""
    log = tmp_path / "args.txt"
    fake_spooler(bin_dir, "lpr", f'printf "%s\\n" "$@" > {log}\n')
    send_to_printer(PDF, tmp_path / "out", printer="office")
    args = log.read_text().splitlines()
    assert "-P" in args and "office" in args


def test_missing_spooler_keeps_the_pdf(bin_dir: Path, tmp_path: Path) -> None:
    """Without lp and lpr a SpoolerNotFoundError names the kept file and how to fix it."""
    with pytest.raises(SpoolerNotFoundError) as caught:
        send_to_printer(PDF, tmp_path / "kept", printer="QL-800", name="ticket")
    assert caught.value.kept.read_bytes() == PDF
    assert caught.value.kept.parent == tmp_path / "kept"
    assert str(caught.value.kept) in str(caught.value) and "cups" in str(caught.value).lower()
    assert "印刷スプーラーが見つかりません" in str(caught.value) and "保存しました" in str(caught.value)


def test_unknown_printer_keeps_the_pdf(bin_dir: Path, tmp_path: Path) -> None:
    """CUPS refusing an unknown printer raises PrinterNotFoundError; the PDF stays in the folder."""
    fake_spooler(bin_dir, "lp", 'echo "lp: The printer or class does not exist." >&2\nexit 1\n')
    with pytest.raises(PrinterNotFoundError) as caught:
        send_to_printer(PDF, tmp_path / "kept", printer="nope")
    assert isinstance(caught.value, PrintError)
    assert "プリンター「nope」" in str(caught.value) and caught.value.kept.exists()


def test_other_spooler_failure(bin_dir: Path, tmp_path: Path) -> None:
    """Any other refusal is a PrintError carrying the spooler's own words."""
    fake_spooler(bin_dir, "lp", 'echo "lp: Error - scheduler not responding." >&2\nexit 1\n')
    with pytest.raises(PrintError, match="scheduler not responding") as caught:
        send_to_printer(PDF, tmp_path / "kept")
    assert type(caught.value) is PrintError
    assert len(os.listdir(tmp_path / "kept")) == 1


def test_messages_follow_the_language(bin_dir: Path, tmp_path: Path) -> None:
    """The same failure reads in English with ``--lang en``, in Japanese by default."""
    i18n.set_language("en")
    with pytest.raises(SpoolerNotFoundError) as caught:
        send_to_printer(PDF, tmp_path / "kept", name="ticket")
    i18n.set_language("ja")
    assert "No print spooler was found" in str(caught.value) and "The PDF was saved as" in str(caught.value)
