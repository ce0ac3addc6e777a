"""A worker's accessibility profile (BRIEF §4), applied by the station at sign-in.

Stored as JSON on the worker; unknown keys are ignored and out-of-range values are
clamped so that an old or hand-edited profile can never make the station unusable.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from enum import StrEnum
from typing import Any

MIN_TEXT_PT = 24
MAX_TEXT_PT = 72


class Theme(StrEnum):
    DARK = "dark"
    LIGHT = "light"
    YELLOW_ON_BLACK = "yellow_on_black"


class PromptLevel(StrEnum):
    """How much help each step gives: text+picture+speech, title+picture, title only."""

    FULL = "full"
    PARTIAL = "partial"
    MINIMAL = "minimal"


@dataclass(frozen=True)
class Profile:
    theme: Theme = Theme.DARK
    text_pt: int = 32
    pictures: bool = True
    furigana: bool = True
    speech: bool = True
    voice: str | None = None
    rate: float = 1.0  # relative to the engine's normal rate: 0.5 slow … 1.5 fast
    volume: float = 1.0
    read_steps: bool = True  # read each step aloud when it appears
    min_dwell_s: float = 2.0  # Done is not accepted before this (stops double presses)
    confirm_done: bool = False  # ask "are you sure?" before a step is done
    auto_advance_s: int | None = None  # information-only steps move on by themselves
    language: str = "ja"
    note: str = ""  # for supervisors: what helps this person (shown in the console only)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Profile:
        data = dict(data or {})
        known = {f.name for f in fields(cls)}
        p = cls(**{k: v for k, v in data.items() if k in known})
        return p.clamped()

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["theme"] = str(self.theme)
        return d

    def clamped(self) -> Profile:
        try:
            theme = Theme(self.theme)
        except ValueError:
            theme = Theme.DARK
        auto = self.auto_advance_s
        return replace(
            self,
            theme=theme,
            text_pt=max(MIN_TEXT_PT, min(MAX_TEXT_PT, int(self.text_pt))),
            rate=max(0.4, min(2.0, float(self.rate))),
            volume=max(0.0, min(1.0, float(self.volume))),
            min_dwell_s=max(0.0, min(60.0, float(self.min_dwell_s))),
            auto_advance_s=None if auto in (None, 0) else max(3, min(120, int(auto))),
            language=self.language if self.language in ("ja", "en") else "ja",
        )
