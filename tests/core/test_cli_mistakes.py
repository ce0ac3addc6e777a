"""Every mistake on the command line gets one line on stderr, in Japanese, that says what is
wrong and what to do; exit status 2 when the command could not run as written, 1 when the
station refused it; and nothing changes: not the database, not a file."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path

import pytest

from flat_desktop.cli import main
from flat_desktop.db import Database
from tests.helpers import postgres
from tests.helpers.dbstate import snapshot

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NOT_UTF8 = "\udcff\udcfe"  # what Python makes of the bytes ff fe on the command line
LONG = "a" * 300
FAR = (dt.date.today() + dt.timedelta(days=400)).isoformat()
NO_SUCH_PG = f"postgresql+psycopg://postgres@127.0.0.1:5432/flat_test_missing_{uuid.uuid4().hex[:8]}"
DONE_JOB = "{done}"

# (what is wrong, the command line, exit status). {db}: the demo station; {empty}: a station
# database with no data; {tmp}: a private folder holding {tmp}/not-a-db.sqlite3 (text),
# {tmp}/foreign.sqlite3 (another program's database), {tmp}/newer.sqlite3 (a station database
# of a newer version of the program) and {tmp}/folder.pdf (a folder).
CASES: list[tuple[str, list[str], int]] = [
    # the database
    ("a file that is not a database", ["jobs", "--db", "sqlite:///{tmp}/not-a-db.sqlite3"], 2),
    ("another program's database", ["jobs", "--db", "sqlite:///{tmp}/foreign.sqlite3"], 2),
    ("another program's database, upgrade", ["db", "upgrade", "--db", "sqlite:///{tmp}/foreign.sqlite3"], 2),
    ("a database of a newer version", ["jobs", "--db", "sqlite:///{tmp}/newer.sqlite3"], 2),
    ("a database of a newer version, upgrade", ["db", "upgrade", "--db", "sqlite:///{tmp}/newer.sqlite3"], 2),
    ("a database file that is not there", ["jobs", "--db", "sqlite:///{tmp}/typo.sqlite3"], 2),
    ("db current of a file that is not there", ["db", "current", "--db", "sqlite:///{tmp}/typo.sqlite3"], 2),
    ("a folder as the database", ["workers", "--db", "sqlite:///{tmp}/folder.pdf"], 2),
    ("a database in a folder that is not there", ["jobs", "--db", "sqlite:///{tmp}/no/such.sqlite3"], 2),
    ("a path too long for the system", ["jobs", "--db", f"sqlite:///{{tmp}}/{LONG}/x.sqlite3"], 2),
    ("a file name too long for the system", ["jobs", "--db", f"sqlite:///{{tmp}}/{LONG}.sqlite3"], 2),
    ("a database in memory", ["jobs", "--db", "sqlite://"], 2),
    ("an empty --db", ["jobs", "--db", ""], 2),
    ("an unsupported driver", ["jobs", "--db", "postgresql+asyncpg://postgres@127.0.0.1/flat"], 2),
    ("a driver that is not installed", ["jobs", "--db", "postgresql+psycopg2://postgres@127.0.0.1/flat"], 2),
    ("an unsupported database", ["jobs", "--db", "mysql://flat@127.0.0.1/flat"], 2),
    ("a malformed URL", ["jobs", "--db", "postgresql://postgres@[::1"], 2),
    ("a port that is not a number", ["jobs", "--db", "postgresql://postgres@127.0.0.1:abc/flat"], 2),
    ("a server database that does not exist", ["jobs", "--db", NO_SUCH_PG], 2),
    # events
    ("a negative limit", ["events", "--limit", "-1", "--db", "{db}"], 2),
    ("a zero limit", ["events", "--limit", "0", "--db", "{db}"], 2),
    ("a huge limit", ["events", "--limit", "99999999999999999999999", "--db", "{db}"], 2),
    ("a limit that is not a number", ["events", "--limit", "ten", "--db", "{db}"], 2),
    ("an unknown job", ["events", "--job", "UNKNOWN", "--db", "{db}"], 2),
    ("an empty job", ["events", "--job", "", "--db", "{db}"], 2),
    ("a job code that is not text", ["events", "--job", NOT_UTF8, "--db", "{db}"], 2),
    ("a moment before the clock", ["events", "--since", "0001-01-01", "--db", "{db}"], 2),
    ("an empty moment", ["events", "--since", "", "--db", "{db}"], 2),
    ("a moment that is not one", ["events", "--since", "yesterday", "--db", "{db}"], 2),
    # jobs
    ("an unknown job shown", ["jobs", "show", "J-000000-000", "--db", "{db}"], 2),
    ("an empty job shown", ["jobs", "show", " ", "--db", "{db}"], 2),
    ("a huge job code", ["jobs", "show", "J" * 100_000, "--db", "{db}"], 2),
    ("an unknown status", ["jobs", "--status", "lost", "--db", "{db}"], 2),
    ("an unknown worker", ["jobs", "assign", "{received}", "W999", "--db", "{db}"], 2),
    ("an empty worker", ["jobs", "assign", "{received}", "", "--db", "{db}"], 2),
    ("an empty reason", ["jobs", "assign", "{received}", "W001", "--reason", "", "--db", "{db}"], 2),
    ("a worker code that is not text", ["jobs", "assign", "{received}", NOT_UTF8, "--db", "{db}"], 2),
    ("a cancel without a reason", ["jobs", "cancel", "{received}", "--db", "{db}"], 2),
    ("a cancel of an unknown job", ["jobs", "cancel", "J-000000-000", "--reason", "x", "--db", "{db}"], 2),
    ("a cancel of a finished job", ["jobs", "cancel", DONE_JOB, "--reason", "mistake", "--db", "{db}"], 1),
    ("an assignment of a delivered job", ["jobs", "assign", DONE_JOB, "W001", "--db", "{db}"], 1),
    # machines
    ("an unknown machine", ["machines", "out-of-order", "ZZ99", "--reason", "jam", "--db", "{db}"], 2),
    ("out of order without a reason", ["machines", "out-of-order", "CP01", "--db", "{db}"], 2),
    ("out of order with an empty reason", ["machines", "out-of-order", "CP01", "--reason", " ", "--db", "{db}"], 2),
    ("back in service when it is in service", ["machines", "in-service", "CP01", "--db", "{db}"], 1),
    ("an unknown machine action", ["machines", "broken", "CP01", "--db", "{db}"], 2),
    # print
    ("-o into a folder that is not there", ["print", "badges", "-o", "{tmp}/no/such/b.pdf", "--db", "{db}"], 2),
    ("-o onto a folder", ["print", "badges", "-o", "{tmp}/folder.pdf", "--db", "{db}"], 2),
    ("-o with an empty name", ["print", "badges", "-o", "", "--db", "{db}"], 2),
    ("-o with a name too long", ["print", "badges", "-o", f"{{tmp}}/{LONG}.pdf", "--db", "{db}"], 2),
    ("-o into a folder that is not UTF-8", ["print", "badges", "-o", f"{{tmp}}/{NOT_UTF8}/b.pdf", "--db", "{db}"], 2),
    ("badges from an empty database", ["print", "badges", "-o", "{tmp}/b.pdf", "--db", "{empty}"], 2),
    ("machine labels from an empty database", ["print", "machine-labels", "-o", "{tmp}/m.pdf", "--db", "{empty}"], 2),
    ("mailbox labels from an empty database", ["print", "mailbox-labels", "-o", "{tmp}/m.pdf", "--db", "{empty}"], 2),
    ("tickets from an empty database",
     ["print", "tickets", "--status", "received", "-o", "{tmp}/t.pdf", "--db", "{empty}"], 2),
    ("tickets with no jobs named", ["print", "tickets", "-o", "{tmp}/t.pdf", "--db", "{db}"], 2),
    ("an unknown ticket status", ["print", "tickets", "--status", "lost", "-o", "{tmp}/t.pdf", "--db", "{db}"], 2),
    ("--status for badges", ["print", "badges", "--status", "received", "-o", "{tmp}/b.pdf", "--db", "{db}"], 2),
    ("--format for badges", ["print", "badges", "--format", "a4x4", "-o", "{tmp}/b.pdf", "--db", "{db}"], 2),
    ("an empty code", ["print", "ticket", "", "-o", "{tmp}/t.pdf", "--db", "{db}"], 2),
    ("an unknown worker's badge", ["print", "badges", "W999", "-o", "{tmp}/b.pdf", "--db", "{db}"], 2),
    ("an unknown order", ["print", "cards", "O-000000-000", "-o", "{tmp}/c.pdf", "--db", "{db}"], 2),
    ("an order code that is not text", ["print", "cards", NOT_UTF8, "-o", "{tmp}/c.pdf", "--db", "{db}"], 2),
    ("two orders for cards", ["print", "cards", "O-1", "O-2", "-o", "{tmp}/c.pdf", "--db", "{db}"], 2),
    ("an empty printer", ["print", "badges", "--printer", "", "--db", "{db}"], 2),
    # routes
    ("a day that is not a date", ["routes", "--date", "bogus", "--db", "{db}"], 2),
    ("the 30th of February", ["routes", "--date", "2026-02-30", "--db", "{db}"], 2),
    ("a five-digit year", ["routes", "--date", "99999-01-01", "--db", "{db}"], 2),
    ("a day more than a year away", ["routes", "--date", FAR, "--db", "{db}"], 2),
    ("an empty day", ["routes", "--date", "", "--db", "{db}"], 2),
    # demo and the command line itself
    ("a demo into a full database", ["demo", "--db", "{db}", "--history-days", "1"], 1),
    ("negative days of history", ["demo", "--db", "sqlite:///{tmp}/new.sqlite3", "--history-days", "-1"], 2),
    ("huge days of history", ["demo", "--db", "sqlite:///{tmp}/new.sqlite3", "--history-days", "100000000"], 2),
    ("an unknown command", ["teleport"], 2),
    ("no command", [], 2),
    ("an unknown language", ["--lang", "xx", "jobs"], 2),
    ("an unknown option", ["jobs", "--colour", "--db", "{db}"], 2),
]


@pytest.fixture
def places(demo_db: Database, empty_db: Database, demo_template: Path, tmp_path: Path) -> dict[str, str]:
    (tmp_path / "not-a-db.sqlite3").write_text("minutes of the meeting\n", encoding="utf-8")
    # Closed here, not whenever the garbage collector gets to it (closing checkpoints a WAL
    # file, which would change the file in the middle of a test).
    with closing(sqlite3.connect(tmp_path / "foreign.sqlite3")) as conn, conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    (tmp_path / "folder.pdf").mkdir()
    shutil.copy(demo_template, tmp_path / "newer.sqlite3")
    with closing(sqlite3.connect(tmp_path / "newer.sqlite3")) as conn, conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_of_a_newer_version'")
    with demo_db.reader() as s:
        from flat_desktop.db import queries

        received = next(j.code for j in queries.jobs(s, statuses=["received"]))
        done = next(j.code for j in queries.jobs(s, statuses=["delivered"]))
    return {"db": url(demo_db), "empty": url(empty_db), "tmp": str(tmp_path), "received": received, "done": done}


def url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def files_in(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file but the two station databases (compared by their contents instead) and the
    -wal and -shm files SQLite keeps beside a database it reads."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(("demo.sqlite3", "empty.sqlite3"))
            and not p.name.endswith(("-wal", "-shm"))}


def one_line(err: str) -> str:
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert "Traceback" not in line and line.startswith("flat-desktop"), line
    assert JAPANESE.search(line.partition(":")[2]), f"not in Japanese: {line}"
    return line


@pytest.mark.parametrize(("argv", "status"), [pytest.param(a, s, id=name) for name, a, s in CASES])
def test_a_mistake_is_one_line_and_changes_nothing(
    argv: list[str], status: int, places: dict[str, str], demo_db: Database, empty_db: Database, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = snapshot(demo_db), snapshot(empty_db), files_in(tmp_path)
    assert main([word.format(**places) for word in argv]) == status
    out, err = capsys.readouterr()
    one_line(err)
    assert out == ""
    assert (snapshot(demo_db), snapshot(empty_db), files_in(tmp_path)) == before
    with closing(sqlite3.connect(tmp_path / "foreign.sqlite3")) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["recipes"]


def test_a_server_database_is_not_made_by_a_mistake() -> None:
    """The missing server database above is still missing afterwards."""
    if not postgres.available():
        pytest.skip("PostgreSQL is not running on 127.0.0.1:5432")
    with postgres._admin() as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (NO_SUCH_PG.rsplit("/", 1)[1],))
        assert found.fetchone() is None


def test_an_empty_server_database_is_left_empty(capsys: pytest.CaptureFixture[str]) -> None:
    """A server database without the station's schema: read commands say to run db upgrade and
    add no table (only db upgrade changes a server's schema)."""
    import psycopg

    with postgres.temp_database() as db_url:
        for argv in (["jobs"], ["events", "--limit", "5"], ["machines", "in-service", "CP01"]):
            assert main([*argv, "--db", db_url]) == 2
            assert "db upgrade" in one_line(capsys.readouterr().err)
        with psycopg.connect(db_url.replace("+psycopg", ""), autocommit=True) as conn:
            tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert tables == (0,)


# A few mistakes through a real process: what a supervisor's terminal shows, bytes included.
PROCESS_CASES: list[tuple[str, list[str | bytes]]] = [
    ("not a database", ["jobs", "--db", "sqlite:///{tmp}/not-a-db.sqlite3"]),
    ("a negative limit", ["events", "--limit", "-1", "--db", "{db}"]),
    ("the 30th of February", ["routes", "--date", "2026-02-30", "--db", "{db}"]),
    ("an unknown job", ["events", "--job", "UNKNOWN", "--db", "{db}"]),
    ("-o into a folder that is not there", ["print", "badges", "-o", "{tmp}/no/b.pdf", "--db", "{db}"]),
    ("bytes that are not UTF-8", ["jobs", "show", b"J-\xff\xfe", "--db", "{db}"]),
]


@pytest.mark.parametrize("argv", [pytest.param(a, id=name) for name, a in PROCESS_CASES])
def test_a_mistake_in_a_real_process(argv: list[str | bytes], places: dict[str, str], demo_db: Database) -> None:
    before = snapshot(demo_db)
    words = [w.format(**places) if isinstance(w, str) else w for w in argv]
    proc = subprocess.run([sys.executable, "-m", "flat_desktop", *words], capture_output=True, timeout=60)
    assert proc.returncode == 2
    one_line(proc.stderr.decode("utf-8"))
    assert snapshot(demo_db) == before


def test_help_is_in_japanese_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: flat-desktop events") and "オプション:" in out
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "show" not in out and "mailboxes" in out  # argparse's own words translated too


@pytest.mark.parametrize("content", ["[]", '"text"', '{"station_name": 123}', '{"language": 7}',
                                     '{"idle_sign_out_s": true}', '{"printer": ["a"]}', "{not json"])
def test_a_wrong_settings_file_is_one_line(
    content: str, demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A settings file that is not an object, or holds a value of the wrong type, is named with the
    key and value at fault, whatever the command."""
    monkeypatch.setenv("FLAT_HOME", str(tmp_path / "home"))
    settings = tmp_path / "home" / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(content, encoding="utf-8")
    before = snapshot(demo_db)
    assert main(["jobs", "--db", url(demo_db)]) == 2
    assert "settings.json" in one_line(capsys.readouterr().err)
    assert snapshot(demo_db) == before and settings.read_text(encoding="utf-8") == content


def test_a_refusal_names_the_status_in_words(places: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "assign", places["done"], "W001", "--db", places["db"]]) == 1
    line = one_line(capsys.readouterr().err)
    assert "納品済" in line and "delivered" not in line
