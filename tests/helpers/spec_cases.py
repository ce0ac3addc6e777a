"""Every value of every choice and yes/no field of the standard catalogue: the cases of the
tests that check a job (its steps, its ticket) against each thing an order can ask for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flat_desktop import spec
from flat_desktop.demo import catalog as standard


def every_value() -> Iterator[tuple[str, spec.SpecField, Any]]:
    """``(job type key, field, value)`` for each value a choice or yes/no field offers."""
    for jt in standard.JOB_TYPES:
        for f in spec.parse_fields(jt.spec):
            values = [True, False] if f.type == "bool" else [c.value for c in f.choices] if f.type == "choice" else []
            for value in values:
                yield jt.key, f, value
