"""Standard specs (標準化): the order form's fields per job type, and their validation.

A job type stores its spec as a list of field definitions (JSON). The same definitions
build the console's order form, check an order in the services, and fill the values
into step texts (``$sets`` in a step template becomes the order's number of sets).
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass, field
from typing import Any

from flat_desktop.errors import InvalidInput
from flat_desktop.i18n import _, language

FIELD_TYPES = ("int", "choice", "bool", "text", "date")


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    label_en: str = ""


@dataclass(frozen=True)
class SpecField:
    key: str
    label: str
    label_en: str
    type: str = "int"
    default: Any = None
    required: bool = True
    min: int | None = None
    max: int | None = None
    unit: str = ""
    unit_en: str = ""
    choices: tuple[Choice, ...] = field(default_factory=tuple)
    max_length: int = 200

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SpecField:
        d = dict(d)
        d["choices"] = tuple(Choice(**c) for c in d.get("choices", ()))
        return cls(**d)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "label": self.label, "label_en": self.label_en, "type": self.type}
        for name in ("default", "min", "max"):
            if getattr(self, name) is not None:
                d[name] = getattr(self, name)
        if not self.required:
            d["required"] = False
        if self.unit:
            d["unit"], d["unit_en"] = self.unit, self.unit_en
        if self.choices:
            d["choices"] = [{"value": c.value, "label": c.label, "label_en": c.label_en} for c in self.choices]
        return d

    def shown_label(self) -> str:
        return self.label if language() == "ja" or not self.label_en else self.label_en

    def shown_unit(self) -> str:
        return self.unit if language() == "ja" or not self.unit_en else self.unit_en

    def choice_label(self, value: Any) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label if language() == "ja" or not c.label_en else c.label_en
        return str(value)

    def check(self, raw: Any) -> Any:
        """The cleaned value, or InvalidInput naming this field and what to enter."""
        name = self.shown_label()
        if raw is None or raw == "":
            if self.required and self.default is None and self.type != "bool":
                raise InvalidInput(
                    _("{field} is empty.").format(field=name),
                    _("Please fill it in."),
                    field=self.key,
                    reason="required",
                )
            return self.default if raw in (None, "") else raw
        if self.type == "int":
            try:
                value = int(str(raw).strip())
            except ValueError:
                raise InvalidInput(
                    _("{field} must be a whole number.").format(field=name),
                    _("Enter digits only, for example 10."),
                    field=self.key,
                ) from None
            if self.min is not None and value < self.min:
                raise InvalidInput(
                    _("{field} must be at least {min}.").format(field=name, min=self.min),
                    _("Enter a larger number."),
                    field=self.key,
                )
            if self.max is not None and value > self.max:
                raise InvalidInput(
                    _("{field} can be at most {max}.").format(field=name, max=self.max),
                    _("Enter a smaller number, or split the order."),
                    field=self.key,
                )
            return value
        if self.type == "choice":
            if str(raw) not in {c.value for c in self.choices}:
                raise InvalidInput(
                    _("{field}: choose one of the listed options.").format(field=name),
                    _("Pick an option from the list."),
                    field=self.key,
                )
            return str(raw)
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("1", "true", "yes", "y", "on", "はい"):
                return True
            if text in ("0", "false", "no", "n", "off", "いいえ"):
                return False
            raise InvalidInput(
                _("{field} must be yes or no.").format(field=name), _("Choose yes or no."), field=self.key
            )
        if self.type == "date":
            try:
                return dt.date.fromisoformat(str(raw)).isoformat()
            except ValueError:
                raise InvalidInput(
                    _("{field} is not a date.").format(field=name), _("Enter a date like 2026-12-01."), field=self.key
                ) from None
        text = str(raw).strip()
        if len(text) > self.max_length:
            raise InvalidInput(
                _("{field} is too long.").format(field=name),
                _("Shorten it to {n} characters.").format(n=self.max_length),
                field=self.key,
            )
        return text


def parse_fields(spec: list[dict[str, Any]]) -> list[SpecField]:
    return [SpecField.from_dict(d) for d in spec]


def validate(spec: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, Any]:
    """Clean ``values`` against the spec; raises InvalidInput for the first bad field.

    Unknown keys are an error too (a typo in a CLI call must not be silently dropped).
    """
    fields_ = parse_fields(spec)
    known = {f.key for f in fields_}
    extra = sorted(set(values) - known)
    if extra:
        raise InvalidInput(
            _("Unknown field: {name}.").format(name=", ".join(extra)),
            _("Use only the fields of this job type's standard spec."),
            field=extra[0],
        )
    return {f.key: f.check(values.get(f.key)) for f in fields_}


def errors(spec: list[dict[str, Any]], values: dict[str, Any]) -> dict[str, str]:
    """Every bad field at once (for a form that marks each field)."""
    out: dict[str, str] = {}
    for f in parse_fields(spec):
        try:
            f.check(values.get(f.key))
        except InvalidInput as exc:
            out[f.key] = str(exc)
    return out


def fill(template: str, values: dict[str, Any]) -> str:
    """Put order values into a step text: ``封筒を$quantity枚`` → ``封筒を200枚``."""
    shown = {k: ("あり" if v is True else "なし" if v is False else v) for k, v in values.items()}
    return string.Template(template).safe_substitute(shown)
