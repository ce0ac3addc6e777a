"""Where the shipped resources (translations, fonts, icons, step pictures) live.

The top-level ``resources/`` folder is used in place from a checkout or an editable
install; a frozen build (installer/flat-desktop.spec) copies it next to the executable.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one shipped file, e.g. ``resource("fonts", "ipaexg.ttf")``."""
    return resources_root().joinpath(*parts)
