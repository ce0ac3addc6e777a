"""One translation system: every user-facing string in the package has a Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file

from flat_desktop import i18n

PACKAGE = Path(i18n.__file__).resolve().parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
_IN_FSTRING = re.compile(r"""\{_\((?:'([^']+)'|"([^"]+)")\)\}""")


def _msgids() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for lineno, message, _comments, _ctx in extract_from_file("python", str(path), keywords=KEYWORDS):
            text = message if isinstance(message, str) else message[0]
            found.setdefault(text, f"{path.relative_to(PACKAGE.parent)}:{lineno}")
        # The extractor does not look inside f-strings on Python 3.11: find _("...") there too.
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for m in _IN_FSTRING.finditer(line):
                found.setdefault(m.group(1) or m.group(2), f"{path.relative_to(PACKAGE.parent)}:{lineno}")
    return found


def test_every_message_has_a_japanese_translation() -> None:
    """Japanese is the default: no English may leak onto a screen, a document or a spoken message."""
    i18n.set_language("ja")
    try:
        missing = [f"{where}: {text!r}" for text, where in _msgids().items()
                   if re.search(r"[A-Za-z]{2}", text) and i18n._(text) == text]
    finally:
        i18n.set_language("ja")
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_catalogues_compile(tmp_path: Path) -> None:
    """Every .po file compiles (the install step writes the .mo files beside them)."""
    pos = sorted(i18n.locale_dir().glob("*/LC_MESSAGES/*.po"))
    assert pos
    for po in pos:
        assert i18n._compile(po)


def test_english_is_available() -> None:
    """--lang en shows the English source strings."""
    i18n.set_language("en")
    try:
        assert i18n._("This is not a staff badge.") == "This is not a staff badge."
    finally:
        i18n.set_language("ja")
    assert i18n._("This is not a staff badge.") != "This is not a staff badge."


def test_no_message_is_translated_two_ways() -> None:
    """The catalogues are merged (the first file in name order wins), so one English message
    with two Japanese texts in two files would show one of them silently: keep one."""
    from babel.messages.pofile import read_po

    texts: dict[str, dict[str, str]] = {}
    for po in sorted(i18n.locale_dir().glob("ja/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            for m in read_po(f):
                if m.id and m.string:
                    texts.setdefault(str(m.id), {})[po.name] = str(m.string)
    clashes = {k: v for k, v in texts.items() if len(set(v.values())) > 1}
    assert not clashes, clashes
