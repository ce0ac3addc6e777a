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


def count_target(source: str | None, values: dict[str, Any]) -> int | None:
    """A count or machine step's target from its source: an order value (``quantity``, a spec
    key) or a product of values and whole numbers, so a machine counts in its own unit
    (``quantity*originals``: 70 sets of 10 originals are 700 sheets on the copier).
    None when a factor is missing or not a number."""
    if not source:
        return None
    total = 1
    for factor in source.replace(" ", "").split("*"):
        raw: Any = int(factor) if factor.isascii() and factor.isdigit() else values.get(factor)
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            return None
        total *= int(raw)
    return total


# -- step conditions -----------------------------------------------------------------------
# A step template may apply only to some orders: ``{"field": "fold", "is_not": ["none"]}`` or
# ``{"field": "seal", "is": [true]}``. A job copies only the steps whose condition holds for
# its order's values, so no step tells a worker to fold what must not be folded.

CONDITION_OPS = ("is", "is_not")


def condition_holds(condition: dict[str, Any] | None, values: dict[str, Any]) -> bool:
    """Whether a step with ``condition`` belongs to an order with these (cleaned) values."""
    if not condition:
        return True
    value = values.get(condition["field"])
    if "is" in condition:
        return value in condition["is"]
    return value not in condition.get("is_not", [])


def check_condition(spec: list[dict[str, Any]], condition: dict[str, Any] | None, *, step: int) -> None:
    """InvalidInput unless ``condition`` names a choice or yes/no field of this spec and its values."""
    if not condition:
        return
    by_key = {f.key: f for f in parse_fields(spec)}
    f = by_key.get(str(condition.get("field")))
    ops = [op for op in CONDITION_OPS if op in condition]
    if f is None or f.type not in ("choice", "bool") or len(ops) != 1 or set(condition) != {"field", ops[0]}:
        raise InvalidInput(
            _("Step {n}: the condition must name a choice or yes/no field of the standard spec.").format(n=step),
            _("Choose the field and its values again, or remove the condition."),
            field=f"step{step}",
        )
    allowed: set[Any] = {True, False} if f.type == "bool" else {c.value for c in f.choices}
    values = condition[ops[0]]
    if not isinstance(values, list) or not values or any(v not in allowed for v in values):
        raise InvalidInput(
            _("Step {n}: the condition has a value that {field} does not offer.").format(n=step, field=f.shown_label()),
            _("Choose values from the list."),
            field=f"step{step}",
        )


def describe_condition(spec: list[dict[str, Any]], condition: dict[str, Any] | None) -> str:
    """The condition in words for the template editor: ``折り方: 折らない 以外``."""
    if not condition:
        return ""
    f = next((f for f in parse_fields(spec) if f.key == condition.get("field")), None)
    if f is None:
        return str(condition)
    op = "is" if "is" in condition else "is_not"

    def shown(v: Any) -> str:
        if f.type == "bool":
            return _("yes") if v else _("no")
        return f.choice_label(v)

    values = " / ".join(shown(v) for v in condition[op])
    if op == "is":
        return _("only when {field} is {values}").format(field=f.shown_label(), values=values)
    return _("only when {field} is not {values}").format(field=f.shown_label(), values=values)
