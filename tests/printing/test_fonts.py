"""Every document embeds its fonts as TrueType subsets, so it prints the same on any PC."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from flat_desktop.printing import samples


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    return {name: make() for name, make in samples.SAMPLES.items()}


def test_all_fonts_embedded_truetype(documents: dict[str, bytes]) -> None:
    """Each font is a TrueType with a FontFile2 stream; no base-14 or CID font is referenced."""
    for name, pdf in documents.items():
        fonts = re.findall(rb"/Type\s*/Font\b(?!Descriptor)", pdf)
        descriptors = re.findall(rb"/Type\s*/FontDescriptor", pdf)
        assert fonts, name
        assert len(re.findall(rb"/FontFile2\s+\d+ 0 R", pdf)) == len(descriptors) == len(fonts), name
        assert not re.search(rb"/Subtype\s*/(Type1|Type0|CIDFontType[02])", pdf), name
        assert b"/Helvetica" not in pdf, name
        assert b"IPAexGothic" in pdf, name


def test_icon_font_embedded_on_tickets(documents: dict[str, bytes]) -> None:
    """Tickets and machine labels embed the pictogram font found inside the qtawesome package."""
    for name in ("ticket_a4", "machine_labels"):
        assert b"FontAwesome" in documents[name], name


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_reports_every_font_embedded(documents: dict[str, bytes], tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An independent reader (poppler's pdffonts) agrees: every font is embedded and subset."""
    for name, pdf in documents.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, name
        for row in rows:
            assert re.search(r"TrueType\s+\S+\s+yes\s+yes\s+yes", row), (name, row)


def test_printing_never_imports_qt() -> None:
    """Rendering works without Qt: neither PySide6 nor qtawesome is imported by the printing package."""
    code = (
        "import sys\n"
        "from flat_desktop.printing import samples\n"
        "for make in samples.SAMPLES.values(): make()\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'qtawesome'))]\n"
        "assert not bad, bad\n"
    )
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
