"""`jobs hold`, `jobs resume` and `jobs edit` on the command line: each does what it says and is
an event; every mistake is one line in Japanese, exit status 2 for the words typed, 1 for a job
in the wrong state, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from flat_desktop import codes
from flat_desktop.cli import main
from flat_desktop.db import Database
from tests.core.test_cli import run_json, url
from tests.core.test_cli_mistakes import files_in, one_line, places  # noqa: F401 - places is a fixture
from tests.helpers.dbstate import snapshot


def _received(capsys: pytest.CaptureFixture[str], db: Database, key: str = "enclosing") -> dict[str, object]:
    jobs = run_json(capsys, "jobs", "--status", "received", "--db", url(db))
    assert isinstance(jobs, list)
    return next(j for j in jobs if j["type"] == key and not j["confidential"])


def test_hold_and_resume(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = str(_received(capsys, demo_db)["code"])
    assert main(["jobs", "hold", codes.ticket_payload(code), "--reason", "用紙待ち", "--db", url(demo_db)]) == 0
    assert code in capsys.readouterr().out
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["status"] == "on_hold"
    held = run_json(capsys, "jobs", "--status", "on_hold", "--db", url(demo_db))
    assert isinstance(held, list) and [j["code"] for j in held] == [code]
    assert main(["jobs", "resume", code.lower(), "--db", url(demo_db)]) == 0
    capsys.readouterr()
    events = run_json(capsys, "events", "--job", code, "--db", url(demo_db))
    assert isinstance(events, list)
    assert [e["type"] for e in events][-2:] == ["job_held", "job_resumed_from_hold"]
    assert events[-2]["data"]["reason"] == "用紙待ち"
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["status"] == "received"


def test_edit_changes_the_job_and_its_steps(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    job = _received(capsys, demo_db)
    code = str(job["code"])
    quantity = int(job["quantity"]) + 7  # type: ignore[call-overload]
    assert main(["jobs", "edit", code, "--title", "議会だより 発送", "--quantity", str(quantity),
                 "--spec", "fold=none", "--spec", "seal=no", "--priority", "1", "--due", "2099-04-01T10:00",
                 "--db", url(demo_db)]) == 0
    assert code in capsys.readouterr().out
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict)
    assert (shown["title"], shown["quantity"], shown["priority"]) == ("議会だより 発送", quantity, 1)
    assert shown["due"].startswith("2099-04-01")
    steps = shown["steps"]
    assert all(st["machine"] is None for st in steps) and str(quantity) in steps[0]["text"]
    assert not any("折" in st["text"] for st in steps)
    assert main(["jobs", "edit", code, "--due", "none", "--confidential", "yes", "--db", url(demo_db)]) == 0
    capsys.readouterr()
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["due"] is None and shown["confidential"] is True
    events = run_json(capsys, "events", "--job", code, "--db", url(demo_db))
    assert isinstance(events, list) and [e["type"] for e in events][-2:] == ["job_edited", "job_edited"]


def test_a_big_quantity_needs_yes(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    code = str(_received(capsys, demo_db)["code"])
    before = snapshot(demo_db)
    assert main(["jobs", "edit", code, "--quantity", "100000", "--db", url(demo_db)]) == 1
    assert "10万" in one_line(capsys.readouterr().err)
    assert snapshot(demo_db) == before
    assert main(["jobs", "edit", code, "--quantity", "100000", "--yes", "--db", url(demo_db)]) == 0


CASES: list[tuple[str, list[str], int]] = [
    ("a hold without a reason", ["jobs", "hold", "{received}", "--db", "{db}"], 2),
    ("a hold with an empty reason", ["jobs", "hold", "{received}", "--reason", " ", "--db", "{db}"], 2),
    ("a hold of an unknown job", ["jobs", "hold", "J-000000-000", "--reason", "x", "--db", "{db}"], 2),
    ("a hold of a delivered job", ["jobs", "hold", "{done}", "--reason", "x", "--db", "{db}"], 1),
    ("a resume of a job not on hold", ["jobs", "resume", "{received}", "--db", "{db}"], 1),
    ("a resume of an unknown job", ["jobs", "resume", "J-000000-000", "--db", "{db}"], 2),
    ("a resume with no job", ["jobs", "resume", "--db", "{db}"], 2),
    ("an edit of nothing", ["jobs", "edit", "{received}", "--db", "{db}"], 2),
    ("an edit to the same values", ["jobs", "edit", "{received}", "--priority", "{priority}", "--db", "{db}"], 1),
    ("an edit of a delivered job", ["jobs", "edit", "{done}", "--priority", "1", "--db", "{db}"], 1),
    ("an edit of an unknown job", ["jobs", "edit", "J-000000-000", "--priority", "1", "--db", "{db}"], 2),
    ("a quantity of zero", ["jobs", "edit", "{received}", "--quantity", "0", "--db", "{db}"], 2),
    ("a quantity that is not a number", ["jobs", "edit", "{received}", "--quantity", "many", "--db", "{db}"], 2),
    ("a huge quantity", ["jobs", "edit", "{received}", "--quantity", "9" * 30, "--db", "{db}"], 2),
    ("a spec without =", ["jobs", "edit", "{received}", "--spec", "fold", "--db", "{db}"], 2),
    ("a spec without a key", ["jobs", "edit", "{received}", "--spec", "=half", "--db", "{db}"], 2),
    ("an unknown spec key", ["jobs", "edit", "{received}", "--spec", "colour=red", "--db", "{db}"], 2),
    ("a spec value not in the list", ["jobs", "edit", "{received}", "--spec", "fold=zigzag", "--db", "{db}"], 2),
    ("a spec number out of range", ["jobs", "edit", "{received}", "--spec", "inserts=99", "--db", "{db}"], 2),
    ("a spec given twice", ["jobs", "edit", "{received}", "--spec", "fold=half", "--spec", "fold=tri",
                            "--db", "{db}"], 2),
    ("a priority out of range", ["jobs", "edit", "{received}", "--priority", "5", "--db", "{db}"], 2),
    ("a priority that is not a number", ["jobs", "edit", "{received}", "--priority", "high", "--db", "{db}"], 2),
    ("confidential maybe", ["jobs", "edit", "{received}", "--confidential", "maybe", "--db", "{db}"], 2),
    ("a due time in the past", ["jobs", "edit", "{received}", "--due", "2001-01-01", "--db", "{db}"], 2),
    ("a due time that is not one", ["jobs", "edit", "{received}", "--due", "tomorrow", "--db", "{db}"], 2),
    ("an empty title", ["jobs", "edit", "{received}", "--title", " ", "--db", "{db}"], 2),
    ("a title too long", ["jobs", "edit", "{received}", "--title", "あ" * 300, "--db", "{db}"], 2),
]


@pytest.fixture
def received_enclosing(places: dict[str, str], demo_db: Database,  # noqa: F811 - the fixture above
                       ) -> dict[str, str]:
    with demo_db.reader() as s:
        from flat_desktop.db import queries

        job = next(j for j in queries.jobs(s, statuses=["received"]) if j.job_type.key == "enclosing")
        return {**places, "received": job.code, "priority": str(job.priority)}


@pytest.mark.parametrize(("argv", "status"), [pytest.param(a, s, id=name) for name, a, s in CASES])
def test_a_mistake_is_one_line_and_changes_nothing(
    argv: list[str], status: int, received_enclosing: dict[str, str], demo_db: Database, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(demo_db), files_in(tmp_path)
    assert main([word.format(**received_enclosing) for word in argv]) == status
    out, err = capsys.readouterr()
    one_line(err)
    assert out == ""
    assert (snapshot(demo_db), files_in(tmp_path)) == before
