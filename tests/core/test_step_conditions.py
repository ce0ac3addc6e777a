"""Steps follow the order: a job copies only the step templates whose condition holds for the
order's spec values, and no step of any job tells the worker something the order does not want.

Table-driven: every job type of the standard catalogue, every value of every choice and yes/no
field, the other fields at their defaults."""

from __future__ import annotations

from typing import Any

import pytest

from flat_desktop import codes, spec
from flat_desktop.demo import catalog as standard
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.errors import InvalidInput
from flat_desktop.services import board, catalog, documents, orders, people
from flat_desktop.services.catalog import StepTemplateView
from tests.helpers.spec_cases import every_value
from tests.printing.pdfcheck import page_texts

# (job type, field, value) -> what no step of such a job may say or need, and what one step must.
# A step "needs" a machine by its machine_type; "says" by its text.
FORBIDDEN: dict[tuple[str, str, Any], dict[str, str]] = {
    ("enclosing", "fold", "none"): {"machine": "folder", "says": "折"},
    ("enclosing", "seal", False): {"machine": "sealer", "says": "封をします"},
    ("copying", "staple", "none"): {"says": "ホチキス"},
    ("copying", "staple", "corner"): {"says": "2か所"},
    ("copying", "staple", "side"): {"says": "1か所"},
    ("copying", "duplex", True): {"says": "片面"},
    ("copying", "duplex", False): {"says": "両面"},
    ("copying", "collate", False): {"says": "順番にそろえ"},
    ("data_entry", "method", "manual"): {"machine": "scanner", "says": "読み取"},
    ("data_entry", "method", "ocr"): {"says": "パソコンに入力"},
    ("data_entry", "tally", False): {"says": "集計表"},
    ("cards", "kind", "card"): {"says": "名札"},
    ("cards", "layout", "standard"): {"says": "英語"},
    ("minutes", "style", "full"): {"says": "要点"},
    ("digitising", "ocr", False): {"says": "OCR"},
}
REQUIRED: dict[tuple[str, str, Any], dict[str, str]] = {
    ("enclosing", "fold", "tri"): {"machine": "folder"},
    ("enclosing", "fold", "half"): {"machine": "folder"},
    ("enclosing", "seal", True): {"machine": "sealer"},
    ("copying", "staple", "corner"): {"says": "1か所"},
    ("copying", "staple", "side"): {"says": "2か所"},
    ("copying", "duplex", True): {"says": "両面"},
    ("copying", "duplex", False): {"says": "片面"},
    ("data_entry", "method", "ocr"): {"machine": "scanner"},
    ("data_entry", "method", "manual"): {"says": "パソコンに入力"},
    ("data_entry", "tally", True): {"says": "集計表"},
    ("cards", "kind", "tag"): {"says": "名札"},
    ("cards", "layout", "bilingual"): {"says": "英語"},
    ("minutes", "style", "summary"): {"says": "要点"},
    ("digitising", "ocr", True): {"says": "OCR"},
}


def plain_value(f: spec.SpecField) -> Any:
    """A valid value for a field the case does not vary."""
    if f.default is not None:
        return f.default
    if f.type == "choice":
        return f.choices[0].value
    if f.type == "int":
        return f.min if f.min is not None else 1
    if f.type == "bool":
        return False
    if f.type == "text":
        return "テスト"
    return None


def cases() -> list[tuple[str, str, Any]]:
    return [(key, f.key, value) for key, f, value in every_value()]


def test_every_condition_of_the_catalogue_names_a_real_field_and_value():
    for jt in standard.JOB_TYPES:
        for i, st in enumerate(jt.steps, 1):
            spec.check_condition(jt.spec, st.when, step=i)  # raises on a typo


@pytest.fixture(scope="module")
def ordered(demo_template, tmp_path_factory):
    """One order per case on one copy of the demo station (orders are independent)."""
    import shutil

    from flat_desktop.db import Database

    path = tmp_path_factory.mktemp("conditions") / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(f"sqlite:///{path}")
    boss, _view = people.console_sign_in(db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    fields = {jt.key: spec.parse_fields(jt.spec) for jt in standard.JOB_TYPES}
    made = {}
    for key, field, value in cases():
        values = {f.key: plain_value(f) for f in fields[key]}
        values[field] = value
        values = {k: v for k, v in values.items() if v is not None}
        made[(key, field, value)] = orders.create(
            db, boss, orders.OrderRequest(key, f"{key} {field}={value}", 20, spec=values)).job
    yield db, made
    db.dispose()


@pytest.mark.parametrize("case", cases(), ids=lambda c: f"{c[0]}-{c[1]}-{c[2]}")
def test_no_step_contradicts_the_order(ordered, case):
    db, made = ordered
    job = board.job(db, made[case])
    assert [st.position for st in job.steps] == list(range(1, len(job.steps) + 1))
    assert job.steps_total == len(job.steps)
    machines = {st.machine_type for st in job.steps}
    text = "\n".join(st.title + " " + st.text for st in job.steps)
    bad = FORBIDDEN.get(case, {})
    if "machine" in bad:
        assert bad["machine"] not in machines, f"{case}: a step needs the {bad['machine']}"
    if "says" in bad:
        assert bad["says"] not in text, f"{case}: a step says {bad['says']!r}:\n{text}"
    good = REQUIRED.get(case, {})
    if "machine" in good:
        assert good["machine"] in machines
    if "says" in good:
        assert good["says"] in text


def test_the_ticket_lists_the_jobs_own_steps(ordered):
    """An enclosing order without folding or sealing: the ticket prints the steps the job has."""
    db, made = ordered
    code = made[("enclosing", "fold", "none")]
    job = board.job(db, code)
    printed = "".join(page_texts(documents.tickets(db, [code]))).replace("\r", "").replace("\n", "")
    for st in job.steps:
        assert st.text.replace("\n", "") in printed
    assert "紙折り機" not in printed


def test_a_condition_on_an_unknown_field_or_value_is_refused_and_changes_nothing(demo_db):
    boss, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    before = next(t for t in catalog.job_types(demo_db) if t.key == "enclosing").steps
    for bad in ({"field": "colour", "is": ["red"]}, {"field": "fold", "is": ["zigzag"]},
                {"field": "inserts", "is": [1]}, {"field": "fold", "is": []}, {"field": "seal", "when": [True]}):
        steps = [*before[:-1], StepTemplateView("最後", "おわり", condition=bad)]
        with pytest.raises(InvalidInput):
            catalog.save_steps(demo_db, boss, "enclosing", steps)
    assert next(t for t in catalog.job_types(demo_db) if t.key == "enclosing").steps == before


def test_the_condition_in_words():
    enclosing = next(jt for jt in standard.JOB_TYPES if jt.key == "enclosing")
    assert spec.describe_condition(enclosing.spec, {"field": "fold", "is_not": ["none"]}) == \
        "折り方が 折らない でないときだけ"
    assert spec.describe_condition(enclosing.spec, {"field": "seal", "is": [True]}) == "封をするが はい のときだけ"
    assert spec.describe_condition(enclosing.spec, None) == ""
