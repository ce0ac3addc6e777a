"""`jobs check` and `jobs deliver` on the command line: what they record, the refusal of an
unchecked delivery (status 1) and mistakes (status 2), each one Japanese line that changes nothing."""

from __future__ import annotations

import re

import pytest

from flat_desktop.cli import main
from flat_desktop.db import Database
from flat_desktop.services import board
from tests.core.test_checking import done_job
from tests.core.test_cli import run_json, url
from tests.helpers.dbstate import snapshot

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _last(db: Database, code: str, kind: str) -> dict[str, object]:
    return [e for e in board.events(db, job=code) if e.type == kind][-1].data


def test_check_pass_then_deliver(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`jobs check CODE --pass --seen N --note` records the check; `jobs deliver CODE --to NAME` the receiver."""
    code = done_job(demo_db)
    assert main(["jobs", "check", code, "--pass", "--seen", "49", "--note", "よし", "--db", url(demo_db)]) == 0
    assert code in capsys.readouterr().out
    assert _last(demo_db, code, "job_checked") == {"passed": True, "seen": 49, "note": "よし"}
    assert main(["jobs", "deliver", code, "--to", "人事課 山田", "--db", url(demo_db)]) == 0
    assert "人事課 山田" in capsys.readouterr().out
    assert board.job(demo_db, code).status == "delivered"
    assert _last(demo_db, code, "job_delivered")["to"] == "人事課 山田"


def test_check_fail_sends_the_job_back(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`--fail --note` with `--steps` and `--worker`: those steps are pending again, with that worker."""
    code = done_job(demo_db)
    assert main(["jobs", "check", code, "--fail", "--seen", "45", "--note", "数が足りません", "--steps", "2,3",
                 "--worker", "w002", "--db", url(demo_db)]) == 0
    assert "W002" in capsys.readouterr().out
    job = board.job(demo_db, code)
    assert job.status == "assigned" and job.assignee == "W002" and job.rework_note == "数が足りません"
    assert [st.position for st in job.steps if st.state == "pending"] == [2, 3]
    assert _last(demo_db, code, "job_rework")["steps"] == [2, 3]
    assert main(["jobs", "show", code, "--db", url(demo_db)]) == 0
    assert "やりなおし: 数が足りません" in capsys.readouterr().out
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["rework_note"] == "数が足りません" and shown["checked"] is False


def test_an_unchecked_delivery_is_refused_with_status_1(demo_db: Database,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A done job not checked: one line saying to check it first, status 1, nothing recorded."""
    code = done_job(demo_db)
    capsys.readouterr()
    before = snapshot(demo_db)
    assert main(["jobs", "deliver", code, "--to", "山田", "--db", url(demo_db)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "検品" in err
    assert snapshot(demo_db) == before


@pytest.mark.parametrize(("what", "argv"), [
    ("pass and fail", ["check", "{code}", "--pass", "--fail"]),
    ("neither pass nor fail", ["check", "{code}", "--seen", "3"]),
    ("a negative count", ["check", "{code}", "--pass", "--seen", "-1"]),
    ("a count in words", ["check", "{code}", "--pass", "--seen", "ten"]),
    ("steps that are not numbers", ["check", "{code}", "--fail", "--note", "x", "--steps", "a,b"]),
    ("a step the job has not", ["check", "{code}", "--fail", "--note", "x", "--steps", "99"]),
    ("a fail without a note", ["check", "{code}", "--fail"]),
    ("an unknown worker", ["check", "{code}", "--fail", "--note", "x", "--worker", "W999"]),
    ("an unknown job", ["check", "J-000101-999", "--pass"]),
    ("a delivery to nobody", ["deliver", "{code}"]),
    ("a delivery to an empty name", ["deliver", "{code}", "--to", " "]),
])
def test_a_mistake_is_one_line_with_status_2(what: str, argv: list[str], demo_db: Database,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A wrong command line: one Japanese line on stderr, status 2, the database as it was."""
    code = done_job(demo_db)
    capsys.readouterr()
    before = snapshot(demo_db)
    assert main(["jobs", *[a.format(code=code) for a in argv], "--db", url(demo_db)]) == 2, what
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and JAPANESE.search(err), (what, err)
    assert snapshot(demo_db) == before, what
