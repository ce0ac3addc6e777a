"""A CUPS scheduler of the test's own with a cups-pdf queue: what is printed to it comes out as a
PDF in a folder of the test's, read back like paper (text, and barcodes at printer resolution).

The scheduler listens on the socket ``CUPS_SERVER`` names (tests/conftest.py sets it for the
whole run before anything loads the CUPS library, which keeps the first address it sees, so
``lp``, ``lpstat`` and Qt's printing all reach this scheduler and never the PC's own). The
queue's name is new each time and its output folder is set in a cups-pdf file of its own
(``/etc/cups/cups-pdf-QUEUE.conf``, removed afterwards), so two runs on one machine never see
each other's paper.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd")
CUPS_PDF_CONF = Path("/etc/cups")
MAX_JOBS = 3  # a small spool: a stopped printer fills it after three jobs (the "full spool" test)


def missing() -> str | None:
    """Why the print tests cannot run here (None: they can)."""
    for program in ("cupsd", "lpadmin", "lp", "lpstat", "cupsdisable"):
        if shutil.which(program) is None:
            return f"needs {program} (Debian: cups, cups-client, cups-bsd)"
    if not Path("/usr/lib/cups/backend/cups-pdf").exists() or not CUPS_PDF_PPD.exists():
        return "needs the cups-pdf queue (Debian: printer-driver-cups-pdf)"
    if not os.access(CUPS_PDF_CONF, os.W_OK) or os.geteuid() != 0:
        return "a private cups-pdf queue needs root (its output folder is set in /etc/cups)"
    return None


def _wait(check: object, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise TimeoutError(what)


class PrintQueue:
    def __init__(self, socket: Path) -> None:
        self.socket = socket
        self.home = socket.parent
        self.home.chmod(0o755)
        self.out = self.home / "paper"
        self.out.mkdir()
        self.out.chmod(0o777)
        self.name = f"flat-test-{uuid.uuid4().hex[:8]}"
        self.conf = CUPS_PDF_CONF / f"cups-pdf-{self.name}.conf"
        self.env = {**os.environ, "CUPS_SERVER": str(self.socket)}
        self.proc: subprocess.Popen[bytes] | None = None

    def run(self, *cmd: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(list(cmd), env=self.env, capture_output=True, text=True, timeout=30, check=False,
                              stdin=subprocess.DEVNULL)

    def start(self) -> None:
        for sub in ("spool", "cache", "state", "tmp", "log"):
            (self.home / sub).mkdir()
            (self.home / sub).chmod(0o777)
        (self.home / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel warn\nWebInterface No\nBrowsing No\nDefaultAuthType None\n"
            f"MaxJobs {MAX_JOBS}\nPreserveJobHistory No\n<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n", encoding="utf-8")
        (self.home / "cups-files.conf").write_text(
            f"ServerRoot {self.home}\nRequestRoot {self.home}/spool\nCacheDir {self.home}/cache\n"
            f"StateDir {self.home}/state\nTempDir {self.home}/tmp\nErrorLog {self.home}/log/error_log\n"
            f"AccessLog {self.home}/log/access_log\nPageLog {self.home}/log/page_log\n", encoding="utf-8")
        self.conf.write_text(f"Out {self.out}\nAnonDirName {self.out}\nLabel 0\nTitlePref 1\n", encoding="utf-8")
        self.proc = subprocess.Popen(["cupsd", "-f", "-c", str(self.home / "cupsd.conf"),
                                      "-s", str(self.home / "cups-files.conf")],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(lambda: "is running" in self.run("lpstat", "-r").stdout, 20, "the CUPS scheduler did not start")
        # cups-pdf reads /etc/cups/cups-pdf-NAME.conf for the device cups-pdf:/NAME.
        added = self.run("lpadmin", "-p", self.name, "-E", "-v", f"cups-pdf:/{self.name}", "-P", str(CUPS_PDF_PPD))
        assert added.returncode == 0, added.stderr

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.conf.unlink(missing_ok=True)
        for path in self.home.iterdir():
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)

    def clear(self) -> None:
        """A fresh start for the next test: the printer on, no jobs, no paper."""
        self.run("cupsenable", self.name)
        self.run("cancel", "-a", self.name)
        for pdf in self.out.glob("*.pdf"):
            pdf.unlink()

    def paper(self, count: int = 1, timeout: float = 60) -> list[Path]:
        """Wait until ``count`` documents have come out; the PDFs, oldest first."""
        def done() -> bool:
            jobs = self.run("lpstat", "-o", self.name).stdout.strip()
            return len(list(self.out.glob("*.pdf"))) >= count and not jobs
        _wait(done, timeout, f"{count} document(s) did not come out of {self.name}")
        time.sleep(0.2)  # the backend closes the file after the job is marked done
        return sorted(self.out.glob("*.pdf"), key=lambda p: p.stat().st_mtime)

    def disable(self) -> None:
        self.run("cupsdisable", self.name)


@contextmanager
def print_queue() -> Iterator[PrintQueue]:
    queue = PrintQueue(Path(os.environ["CUPS_SERVER"]))
    try:
        queue.start()
        yield queue
    finally:
        queue.stop()
