"""The administrator's CLI: JSON shapes, human tables, and what its commands record.
(Mistakes and their one-line answers: test_cli_mistakes.py.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flat_desktop.cli import main
from flat_desktop.db import Database

JOB_KEYS = {"code", "type", "status", "assignee", "current_step", "steps_total", "due"}
STATUSES = {"received", "assigned", "in_progress", "paused", "done", "delivered", "cancelled"}


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_jobs_json_lists_every_job_with_its_fields(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`jobs --json` gives each job's code, type, status, assignee, current step, step count and due."""
    jobs = run_json(capsys, "jobs", "--db", url(demo_db))
    assert isinstance(jobs, list) and len(jobs) > 40
    assert all(set(j) >= JOB_KEYS and j["status"] in STATUSES for j in jobs)
    assert {j["status"] for j in jobs} >= {"received", "assigned", "in_progress", "paused", "done", "delivered"}
    running = [j for j in jobs if j["status"] == "in_progress"]
    assert all(1 <= j["current_step"] <= j["steps_total"] for j in running)


def test_events_workers_machines_paths_json(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """The other JSON commands give the documented keys."""
    events = run_json(capsys, "events", "--db", url(demo_db))
    assert isinstance(events, list) and len(events) > 100
    assert {"id", "at", "type", "station", "worker", "job", "step", "machine", "data"} <= set(events[0])
    workers = run_json(capsys, "workers", "--db", url(demo_db))
    assert isinstance(workers, list) and {"code", "name", "kana", "role", "badge"} <= set(workers[0])
    machines = run_json(capsys, "machines", "--db", url(demo_db))
    assert isinstance(machines, list) and {"code", "name", "type", "out_of_order"} <= set(machines[0])
    paths = run_json(capsys, "paths")
    assert isinstance(paths, dict) and set(paths) == {"data", "log", "config"}


def test_assign_and_show_go_through_the_services(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`jobs assign` records job_assigned; `jobs show` then shows the assignee and the steps."""
    jobs = run_json(capsys, "jobs", "--db", url(demo_db), "--status", "received")
    assert isinstance(jobs, list)
    copying = next(j for j in jobs if j["type"] in ("copying", "enclosing", "data_entry"))
    worker = {"copying": "W001", "enclosing": "W001", "data_entry": "W003"}[copying["type"]]
    assert main(["jobs", "assign", copying["code"], worker, "--db", url(demo_db)]) == 0
    assert copying["code"] in capsys.readouterr().out
    shown = run_json(capsys, "jobs", "show", copying["code"], "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["assignee"] == worker and shown["status"] == "assigned"
    events = run_json(capsys, "events", "--job", copying["code"], "--db", url(demo_db))
    assert isinstance(events, list) and events[-1]["type"] == "job_assigned"
    assert main(["jobs", "--db", url(demo_db)]) == 0
    assert copying["code"] in capsys.readouterr().out


def test_unreachable_server_fails_cleanly_in_a_real_process() -> None:
    """A PostgreSQL server that is not there: one line on stderr, status 2, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "flat_desktop", "jobs", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_demo_command_builds_and_refuses_a_full_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`demo` loads an empty database; a second run without --reset is refused (status 1), with
    --reset it rebuilds."""
    db_url = f"sqlite:///{tmp_path / 'd.sqlite3'}"
    assert main(["demo", "--db", db_url, "--history-days", "1"]) == 0
    assert main(["demo", "--db", db_url, "--history-days", "1"]) == 1
    assert "--reset" in capsys.readouterr().err
    assert main(["demo", "--db", db_url, "--history-days", "1", "--reset"]) == 0


def test_print_ticket_to_a_file(demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`print tickets --status received -o FILE` writes a PDF with one ticket per received job."""
    out = tmp_path / "t.pdf"
    assert main(["print", "tickets", "--status", "received", "-o", str(out), "--db", url(demo_db)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_jobs_are_read_in_keyset_pages_that_cover_every_job_once(demo_db: Database) -> None:
    """`jobs --json` reads pages of jobs after the last id seen: together the pages hold every job
    once, with the same fields (the step count counted in the database) as a plain read."""
    from flat_desktop.services import board
    from flat_desktop.services.context import Actor

    actor = Actor.admin()
    pages = list(board.jobs_pages(demo_db, actor, page=7))
    paged = [j.as_json() for page in pages for j in page]
    assert len(pages) > 2 and all(len(page) <= 7 for page in pages)
    assert len({j["code"] for j in paged}) == len(paged)
    assert sorted(paged, key=lambda j: j["code"]) == sorted((j.as_json() for j in board.jobs(demo_db, actor)),
                                                            key=lambda j: j["code"])
    received = [j for page in board.jobs_pages(demo_db, actor, statuses=["received"], page=3) for j in page]
    assert received and {j.status for j in received} == {"received"}


def test_json_gives_the_scan_payload_of_every_code(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`workers`, `jobs`, `machines` and `mailboxes` in --json carry the exact payload printed in
    each barcode, check character included: it reads back as the same code."""
    from flat_desktop import codes

    kinds = [("workers", codes.CodeKind.BADGE, "badge"), ("jobs", codes.CodeKind.TICKET, "code"),
             ("machines", codes.CodeKind.MACHINE, "code"), ("mailboxes", codes.CodeKind.MAILBOX, "mailbox")]
    for command, kind, key in kinds:
        items = run_json(capsys, command, "--db", url(demo_db))
        assert isinstance(items, list) and items
        for item in items:
            scan = codes.parse(item["payload"])
            assert scan is not None and scan.kind is kind and scan.value == item[key], item


def test_machines_out_of_order_and_back_from_the_command_line(
    demo_db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    """`machines out-of-order CODE --reason` and `machines in-service CODE` record the same events
    as the console; a scanned label stands for its code."""
    from flat_desktop import codes

    assert main(["machines", "out-of-order", codes.machine_payload("CP01"), "--reason", "紙づまりが直らない",
                 "--db", url(demo_db)]) == 0
    assert "CP01" in capsys.readouterr().out
    machines = run_json(capsys, "machines", "--db", url(demo_db))
    assert isinstance(machines, list)
    cp01 = next(m for m in machines if m["code"] == "CP01")
    assert cp01["out_of_order"] is True and cp01["reason"] == "紙づまりが直らない"
    assert main(["machines", "in-service", "cp01", "--db", url(demo_db)]) == 0
    assert "CP01" in capsys.readouterr().out
    machines = run_json(capsys, "machines", "--db", url(demo_db))
    assert isinstance(machines, list)
    assert next(m for m in machines if m["code"] == "CP01")["out_of_order"] is False
    events = run_json(capsys, "events", "--db", url(demo_db))
    assert isinstance(events, list)
    assert [e["type"] for e in events if e["machine"] == "CP01"][-2:] == ["machine_out_of_order", "machine_in_service"]


def test_jobs_cancel_records_the_reason(demo_db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    """`jobs cancel CODE --reason` cancels a job that is not finished; its ticket's payload (as
    scanned) names it as well as its code."""
    from flat_desktop import codes

    jobs = run_json(capsys, "jobs", "--status", "received", "--db", url(demo_db))
    assert isinstance(jobs, list)
    code = jobs[0]["code"]
    assert main(["jobs", "cancel", codes.ticket_payload(code), "--reason", "依頼の取り下げ", "--db", url(demo_db)]) == 0
    assert code in capsys.readouterr().out
    events = run_json(capsys, "events", "--job", code.lower(), "--db", url(demo_db))
    assert isinstance(events, list)
    assert events[-1]["type"] == "job_cancelled" and events[-1]["data"]["reason"] == "依頼の取り下げ"
    shown = run_json(capsys, "jobs", "show", code, "--db", url(demo_db))
    assert isinstance(shown, dict) and shown["status"] == "cancelled"


def test_print_replaces_a_file_whole(demo_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o onto an existing file replaces it through a temporary file beside it, which is gone afterwards."""
    out = tmp_path / "badges.pdf"
    out.write_bytes(b"old")
    assert main(["print", "badges", "W001", "-o", str(out), "--db", url(demo_db)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
