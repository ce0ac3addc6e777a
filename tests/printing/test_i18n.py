"""Document words follow the current language, and every one has a Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from flat_desktop import i18n
from flat_desktop.assets import resource
from flat_desktop.printing import TicketFormat, render_tickets, samples

from .pdfcheck import page_texts

SOURCE = Path(__file__).resolve().parents[2] / "flat_desktop" / "printing"


def msgids_in_source() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.glob("*.py"):
        found |= set(re.findall(r'\bN?_\(\s*"((?:[^"\\]|\\.)*)"\s*\)', path.read_text("utf-8")))
    return found


def test_every_message_is_translated() -> None:
    """Each English msgid printed by this package has a non-empty Japanese msgstr (the .po files of
    the folder are merged, so a document's words may be in its area's own file)."""
    translated: set[str] = set()
    for po in sorted(resource("locale", "ja", "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as fh:
            translated |= {str(m.id) for m in read_po(fh, locale="ja") if m.id and m.string}
    missing = msgids_in_source() - translated
    assert not missing, sorted(missing)


def test_english_documents_use_english_words() -> None:
    """With the language set to English the same ticket prints 'Due' and 'Steps', not 納期."""
    ticket = samples.tickets()[0]
    i18n.set_language("en")
    english = page_texts(render_tickets([ticket], TicketFormat.A4))[0]
    i18n.set_language("ja")
    japanese = page_texts(render_tickets([ticket], TicketFormat.A4))[0]
    assert "Due" in english and "Steps" in english and "Enclosing and sealing" in english
    assert "Sat 11/28" not in english and "11/28 (Sat) 10:00" in english
    assert "納期" in japanese and "納期" not in english
