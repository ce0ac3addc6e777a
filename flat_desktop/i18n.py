"""One translation system for core, CLI and GUI: gettext catalogues under resources/locale.

Message ids are English; Japanese is the default language. Each language folder may hold
several ``.po`` files (one per area: core, station, console, printing) which are merged,
so that areas can be translated independently. ``.po`` files are compiled to ``.mo`` at
install time (setup.py build step / ``python -m flat_desktop.i18n``); if a compiled file is
missing or stale the catalogue is compiled in memory instead, so a checkout always works.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from flat_desktop.assets import resource

DEFAULT_LANGUAGE = "ja"
LANGUAGES = ("ja", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"
# A language for one context (a web request on a server thread), leaving every other thread's alone.
_local: ContextVar[tuple[str, gettext.NullTranslations] | None] = ContextVar("flat_language", default=None)
_loaded: dict[str, gettext.NullTranslations] = {}


def locale_dir() -> Path:
    return resource("locale")


def _compile(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=po.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    return buf.getvalue()


def compile_all() -> list[Path]:
    """Compile every .po under resources/locale to a .mo beside it; returns the files written."""
    written = []
    for po in sorted(locale_dir().glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(_compile(po))
        written.append(mo)
    return written


def _load(language: str) -> gettext.NullTranslations:
    folder = locale_dir() / language / "LC_MESSAGES"
    merged: gettext.NullTranslations = gettext.NullTranslations()
    first: gettext.NullTranslations | None = None
    for po in sorted(folder.glob("*.po")):
        mo = po.with_suffix(".mo")
        fresh = mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime
        data = mo.read_bytes() if fresh else _compile(po)
        cat = gettext.GNUTranslations(io.BytesIO(data))
        if first is None:
            first = cat
        else:
            first.add_fallback(cat)
    if first is not None:
        first.add_fallback(merged)
        return first
    return merged


def set_language(language: str | None) -> str:
    """Switch every later ``_()`` call to ``language`` (``ja`` or ``en``); returns the language used."""
    global _translations, _language
    lang = (language or os.environ.get("FLAT_LANG") or DEFAULT_LANGUAGE).split("_")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    _translations = gettext.NullTranslations() if lang == "en" else _load(lang)
    _language = lang
    return lang


def language() -> str:
    local = _local.get()
    return _language if local is None else local[0]


def _current() -> gettext.NullTranslations:
    local = _local.get()
    return _translations if local is None else local[1]


@contextmanager
def language_for(language: str | None) -> Iterator[str]:
    """Translate in ``language`` within this context only (a server's request, while other threads
    serve other languages); yields the language used (``ja`` when it is not one we have)."""
    lang = (language or DEFAULT_LANGUAGE).split("_")[0].split("-")[0].lower()
    if lang not in LANGUAGES:
        lang = DEFAULT_LANGUAGE
    cat = _loaded.get(lang)
    if cat is None:
        cat = _loaded[lang] = gettext.NullTranslations() if lang == "en" else _load(lang)
    token = _local.set((lang, cat))
    try:
        yield lang
    finally:
        _local.reset(token)


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _current().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current().ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (translated where shown)."""
    return message


set_language(None)

if __name__ == "__main__":
    for path in compile_all():
        print(path)
