"""Hand a PDF to the operating system's print spooler (CUPS ``lp``, or BSD ``lpr``).

The PDF is written to a folder chosen by the caller *before* the spooler is called, and
stays there when printing fails, so a missing printer never loses a ticket: the message
says where the file is and what to do.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flat_desktop.i18n import _

TIMEOUT_S = 30


class PrintError(Exception):
    """Printing failed; ``kept`` is the PDF that was saved instead (open or reprint it from there)."""

    def __init__(self, message: str, kept: Path) -> None:
        super().__init__(_("{problem} The PDF was saved as {path}; print it from there once this is fixed.")
                         .format(problem=message, path=kept))
        self.kept = kept


class SpoolerNotFoundError(PrintError):
    """Neither ``lp`` nor ``lpr`` is installed (e.g. Windows, or CUPS missing)."""


class PrinterNotFoundError(PrintError):
    """The spooler does not know the printer name given."""


class PrinterStoppedError(PrintError):
    """The queue took the job, but its printer is stopped: it waits until the printer is started."""


class SpoolFullError(PrintError):
    """The print queue holds as many jobs as it may: nothing more is taken until some are printed."""


@dataclass(frozen=True)
class Spooled:
    path: Path
    command: tuple[str, ...]
    output: str  # what the spooler said, e.g. "request id is label-42 (1 file(s))"


_UNKNOWN_PRINTER = re.compile(r"does not exist|unknown destination|not found|no such", re.IGNORECASE)
_FULL = re.compile(r"too many (active )?jobs|quota|no space left|disk full", re.IGNORECASE)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "document"


def save_pdf(pdf: bytes, folder: Path, name: str) -> Path:
    """Write ``pdf`` to ``folder`` under a unique, time-stamped file name."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{_safe(name)}.pdf"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}-{_safe(name)}-{n}.pdf"
    path.write_bytes(pdf)
    return path


def spooler_available() -> bool:
    """This PC has ``lp`` or ``lpr`` (CUPS); Windows has neither and prints through Qt."""
    return sys.platform != "win32" and bool(shutil.which("lp") or shutil.which("lpr"))


def spooler_command(pdf: Path, printer: str | None, copies: int = 1, title: str = "") -> list[str]:
    """The ``lp`` (preferred) or ``lpr`` command line; raises ``FileNotFoundError`` when neither exists."""
    lp = shutil.which("lp")
    if lp:
        cmd = [lp, "-n", str(copies)]
        if printer:
            cmd += ["-d", printer]
        if title:
            cmd += ["-t", title]
        return [*cmd, "--", str(pdf)]
    lpr = shutil.which("lpr")
    if lpr:
        cmd = [lpr, f"-#{copies}"]
        if printer:
            cmd += ["-P", printer]
        if title:
            cmd += ["-T", title]
        return [*cmd, str(pdf)]
    raise FileNotFoundError("lp/lpr")


def send_to_printer(
    pdf: bytes,
    keep_dir: Path,
    *,
    printer: str | None = None,
    name: str = "document",
    copies: int = 1,
) -> Spooled:
    """Save ``pdf`` in ``keep_dir`` and queue it on ``printer`` (``None``: the default printer).

    The saved file is left in ``keep_dir`` either way (the spooler reads it after we return).
    Raises :class:`SpoolerNotFoundError`, :class:`PrinterNotFoundError` or :class:`PrintError`.
    """
    if copies < 1:
        raise ValueError(_("The number of copies must be at least 1."))
    return spool_file(save_pdf(pdf, keep_dir, name), printer=printer, name=name, copies=copies)


def spool_file(path: Path, *, printer: str | None = None, name: str = "document", copies: int = 1) -> Spooled:
    """Queue the saved PDF ``path`` on ``printer``; the errors of :func:`send_to_printer`. It waits
    for the spooler (up to TIMEOUT_S): a window calls it off its GUI thread."""
    try:
        cmd = spooler_command(path, printer, copies, name)
    except FileNotFoundError:
        raise SpoolerNotFoundError(
            _("No print spooler was found (the commands lp and lpr are missing). Install CUPS "
              "(Debian/Ubuntu: sudo apt install cups-client) or print the PDF from a PDF viewer."),
            path,
        ) from None
    try:
        # In English whatever the PC's language: the refusals below are told apart by their words.
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S, check=False,
                              env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PrintError(_("The print spooler did not respond ({error}).").format(error=exc), path) from exc
    said = (done.stderr or done.stdout).strip()
    if done.returncode != 0:
        if printer and _UNKNOWN_PRINTER.search(said):
            raise PrinterNotFoundError(
                _("The printer “{printer}” is not known to this computer ({said}). Check the printer "
                  "name in the settings (lpstat -p lists the printers).").format(printer=printer, said=said),
                path,
            )
        if _FULL.search(said):
            raise SpoolFullError(
                _("The print queue is full: the printer has not printed the jobs before this one. Check that "
                  "the printer is on and has paper, then print again."), path)
        said = said or _("exit code {code}").format(code=done.returncode)
        raise PrintError(_("The print spooler refused the job: {said}.").format(said=said), path)
    if stopped(printer):
        raise PrinterStoppedError(
            _("The printer “{printer}” is stopped: the job waits in its queue and prints when the printer is "
              "started again (lpstat -p shows why it stopped; cupsenable starts it).").format(
                printer=printer or _("the default printer")), path)
    return Spooled(path, tuple(cmd), done.stdout.strip())


def stopped(printer: str | None) -> bool:
    """The CUPS queue ``printer`` (None: the default) is stopped (disabled); False when unknown."""
    lpstat = shutil.which("lpstat")
    if lpstat is None:
        return False
    try:
        if printer is None:
            default = subprocess.run([lpstat, "-d"], capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
            printer = default.stdout.rsplit(":", 1)[-1].strip() if ":" in default.stdout else None
            if not printer:
                return False
        done = subprocess.run([lpstat, "-p", printer], capture_output=True, text=True, timeout=TIMEOUT_S,
                              check=False, env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return False
    return " disabled" in done.stdout
