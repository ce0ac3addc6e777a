"""The experience portfolio: every figure against a hand computation on a small fixed event set
(a job across two months, a break, a cancelled job, a machine jam, a prompt level known only
from a supervisor's change), the printed PDF read back, and the command line's refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from flat_desktop.cli import main
from flat_desktop.db import Database, migrate
from flat_desktop.db.ledger import record
from flat_desktop.db.models import JobType, Skill, Worker
from flat_desktop.demo.build import load_master
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.events import EventType, NewEvent
from flat_desktop.services import board, documents, orders, portfolio
from flat_desktop.services.context import Actor
from tests.helpers.postgres import temp_database

BOSS = Actor("S001", "supervisor", "test")
UTC = dt.UTC


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=UTC)


def ev(db: Database, kind: EventType, when: dt.datetime, job: str | None = None, **kw: object) -> None:
    worker = kw.pop("worker", "W001")
    with db.session() as s:
        record(s, NewEvent(kind, station="test", worker=worker, job=job, at=when, **kw))  # type: ignore[arg-type]


def new_job(db: Database, quantity: int) -> str:
    code = orders.create(db, BOSS, orders.OrderRequest(job_type="enclosing", title="通知の封入", quantity=quantity,
                                                       spec={"inserts": 1})).job
    board.assign(db, BOSS, code, "W001")
    return code


def steps(db: Database, code: str, when: dt.datetime, level: str | None) -> None:
    """Every step of the job done one minute apart from ``when``."""
    n = len(board.job(db, code).steps)
    for pos in range(1, n + 1):
        ev(db, EventType.STEP_DONE, when + dt.timedelta(minutes=pos), code, step=pos,
           data={"prompt_level": level} if level else {})


@pytest.fixture
def station(empty_db: Database) -> Database:
    return fill(empty_db)


def fill(db: Database) -> Database:
    """The master data, and W001's small fixed history."""
    load_master(db)
    with db.session() as s:
        jt = s.scalars(select(JobType).where(JobType.key == "enclosing")).one()
        jt.minutes_per_unit = 0.25
        w = s.scalars(select(Worker).where(Worker.code == "W001")).one()
        for sk in list(w.skills):
            s.delete(sk)
        s.flush()
        s.add(Skill(worker_id=w.id, job_type_id=jt.id, level="certified", prompt_level="full"))
        record(s, NewEvent(EventType.MASTER_CHANGED, worker="S001", at=at(1, 20, 12),
                           data={"what": "skill", "of": "W001", "job_type": "enclosing", "level": "certified"}))
        # Steps done without a prompt level on the event take the level set then: minimal from 5 February.
        record(s, NewEvent(EventType.MASTER_CHANGED, worker="S001", at=at(2, 5, 8),
                           data={"what": "prompt_level", "of": "W001", "changed": {"enclosing": ["full", "minimal"]}}))
    # A: January, 100 units, 9:00-10:00 with a 10-minute break: 50 minutes; two machine runs, one help call.
    a = new_job(db, 100)
    ev(db, EventType.JOB_STARTED, at(1, 10, 9), a)
    ev(db, EventType.JOB_PAUSED, at(1, 10, 9, 20), a)
    ev(db, EventType.JOB_RESUMED, at(1, 10, 9, 30), a)
    ev(db, EventType.HELP_CALLED, at(1, 10, 9, 31), a, step=1, data={"kind": "help"})
    steps(db, a, at(1, 10, 9, 32), "full")
    ev(db, EventType.MACHINE_STOPPED, at(1, 10, 9, 40), a, step=2, machine="FD01",
       data={"units": 100, "outcome": "ok"})
    ev(db, EventType.MACHINE_STOPPED, at(1, 10, 9, 50), a, step=4, machine="SL01",
       data={"units": 100, "outcome": "ok"})
    ev(db, EventType.JOB_FINISHED, at(1, 10, 10), a, data={"units": 100, "spoiled": 0})
    # B: across the month's end, 23:30 on 31 January to 0:10 on 1 February: 40 minutes, counted in February.
    b = new_job(db, 100)
    ev(db, EventType.JOB_STARTED, at(1, 31, 23, 30), b)
    steps(db, b, at(1, 31, 23, 31), "partial")
    ev(db, EventType.JOB_FINISHED, at(2, 1, 0, 10), b, data={"units": 100, "spoiled": 0})
    # C: February, 50 units in 15 minutes; its steps carry no level (minimal by then).
    c = new_job(db, 50)
    ev(db, EventType.JOB_STARTED, at(2, 10, 9), c)
    steps(db, c, at(2, 10, 9), None)
    ev(db, EventType.JOB_FINISHED, at(2, 10, 9, 15), c, data={"units": 50, "spoiled": 0})
    # D: February, a jam, a help call, a run, then cancelled: no job done, but the machine was used.
    d = new_job(db, 80)
    ev(db, EventType.JOB_STARTED, at(2, 12, 9), d)
    ev(db, EventType.MACHINE_STOPPED, at(2, 12, 9, 5), d, step=2, machine="FD01",
       data={"units": 10, "outcome": "jam"})
    ev(db, EventType.HELP_CALLED, at(2, 12, 9, 6), d, step=2, data={"kind": "jam"})
    ev(db, EventType.MACHINE_STOPPED, at(2, 12, 9, 20), d, step=2, machine="FD01",
       data={"units": 30, "outcome": "ok"})
    ev(db, EventType.JOB_CANCELLED, at(2, 12, 10), d, worker="S001", data={"reason": "取り消し"})
    portfolio.set_comment(db, BOSS, "W001", "ていねいで正確な作業です。")
    return db


def test_every_figure_equals_the_hand_computation(station: Database) -> None:
    check_every_figure(station)


@pytest.mark.postgres
def test_every_figure_on_postgresql() -> None:
    """The same grouped queries on PostgreSQL (JSONB) give the same figures."""
    with temp_database() as url:
        db = Database(url)
        try:
            migrate.upgrade(db)
            check_every_figure(fill(db))
        finally:
            db.dispose()


def check_every_figure(station: Database) -> None:
    p = portfolio.portfolio(station, "W001", dt.date(2026, 1, 1), dt.date(2026, 2, 28), tz=UTC)
    assert p.name and p.kana
    assert [(w.key, w.jobs, w.units) for w in p.work] == [("enclosing", 3, 250)]
    assert p.jobs == 3
    jan, feb = p.times
    assert (jan.month, jan.jobs, jan.units, jan.minutes) == ("2026-01", 1, 100, 50.0)
    assert jan.per_unit == pytest.approx(0.5) and jan.to_standard == pytest.approx(2.0)
    assert (feb.month, feb.jobs, feb.units, feb.minutes) == ("2026-02", 2, 150, 55.0)
    assert feb.per_unit == pytest.approx(55 / 150) and feb.to_standard == pytest.approx(55 / 150 / 0.25)
    assert [(k.key, k.level, k.since) for k in p.skills] == [("enclosing", "certified", dt.date(2026, 1, 20))]
    assert [(m.code, m.operations, m.units, m.jams) for m in p.machines] == [("FD01", 3, 140, 1), ("SL01", 1, 100, 0)]
    ind_jan, ind_feb = p.independence
    steps_per_job = len(board.job(station, _first_job(station)).steps)
    assert (ind_jan.month, ind_jan.jobs, ind_jan.help_calls) == ("2026-01", 1, 1)
    # B's steps were done on 31 January (partial); a tie shows the level with less help.
    assert ind_jan.steps == {"full": steps_per_job, "partial": steps_per_job} and ind_jan.level == "partial"
    assert ind_jan.help_per_job == 1.0
    # February: C's steps at minimal (from the change on 5 February), D had none; D's jam call counts.
    assert ind_feb.steps == {"minimal": steps_per_job} and ind_feb.level == "minimal"
    assert (ind_feb.month, ind_feb.jobs, ind_feb.help_calls, ind_feb.help_per_job) == ("2026-02", 2, 1, 0.5)
    assert p.comment is not None and p.comment.text == "ていねいで正確な作業です。" and p.comment.by == "S001"


def _first_job(db: Database) -> str:
    return min(j.code for j in board.jobs(db, BOSS))


def test_the_range_cuts_by_day(station: Database) -> None:
    """From 1 February: job A and its machine runs are out; B (finished in February) is in."""
    p = portfolio.portfolio(station, "W001", dt.date(2026, 2, 1), None, tz=UTC)
    assert [(w.jobs, w.units) for w in p.work] == [(2, 150)]
    assert [(m.code, m.operations, m.units, m.jams) for m in p.machines] == [("FD01", 2, 40, 1)]
    assert [t.month for t in p.times] == ["2026-02"]
    empty = portfolio.portfolio(station, "W001", dt.date(2026, 3, 1), dt.date(2026, 3, 31), tz=UTC)
    assert empty.work == [] and empty.times == [] and empty.machines == [] and empty.independence == []


def test_bad_requests_change_nothing(station: Database) -> None:
    with pytest.raises(NotFound):
        portfolio.portfolio(station, "W999")
    with pytest.raises(InvalidInput):
        portfolio.portfolio(station, "W001", dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    with pytest.raises(NotAllowed):
        portfolio.set_comment(station, Actor("W002", "worker", "test"), "W001", "よい")
    with pytest.raises(InvalidInput):
        portfolio.set_comment(station, BOSS, "W001", "あ" * 1001)
    with pytest.raises(InvalidInput) as refused:  # the PDF's font has no such character: it would print blank
        portfolio.set_comment(station, BOSS, "W001", "よくできました\U0001F600\n二行目")
    assert refused.value.field == "comment" and "\U0001F600" in str(refused.value)
    assert portfolio.portfolio(station, "W001").comment.text == "ていねいで正確な作業です。"
    portfolio.set_comment(station, BOSS, "W001", "")
    assert portfolio.portfolio(station, "W001").comment is None


def _text(pdf: bytes) -> tuple[str, int]:
    doc = pdfium.PdfDocument(pdf)
    text = "".join(page.get_textpage().get_text_range() for page in doc)
    paths = sum(1 for page in doc for obj in page.get_objects() if obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH)
    return text, paths


def test_the_portfolio_pdf_reads_back_in_japanese_with_a_chart(station: Database) -> None:
    pdf = documents.portfolio(station, "W001", dt.date(2026, 1, 1), dt.date(2026, 2, 28), tz=UTC)
    text, paths = _text(pdf)
    name = board_worker_name(station)
    assert "就労経験証明" in text and name in text.replace(" ", "")
    assert "封入・封かん" in text or "封入" in text
    assert "ていねいで正確な作業です。" in text
    assert "2026-01" in text and "2026-02" in text
    assert paths >= 3  # the chart's axes and line are drawn, not a picture
    with_kana = documents.portfolio(station, "W001", dt.date(2026, 1, 1), dt.date(2026, 2, 28), tz=UTC,
                                    furigana=True)
    kana_text, _paths = _text(with_kana)
    assert len(kana_text) > len(text)


def board_worker_name(db: Database) -> str:
    with db.reader() as s:
        return s.scalars(select(Worker.name).where(Worker.code == "W001")).one().replace(" ", "").replace("\u3000", "")


def test_print_portfolio_from_the_command_line(station: Database, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    url = str(station.url)
    out = tmp_path / "portfolio.pdf"
    assert main(["--db", url, "print", "portfolio", "W001", "--from", "2026-01-01", "--to", "2026-02-28",
                 "--furigana", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    capsys.readouterr()
    for argv in (["print", "portfolio", "W999", "-o", str(tmp_path / "x.pdf")],
                 ["print", "portfolio", "W001", "--from", "2026-13-01", "-o", str(tmp_path / "x.pdf")],
                 ["print", "portfolio", "W001", "--from", "2026-03-01", "--to", "2026-02-01",
                  "-o", str(tmp_path / "x.pdf")],
                 ["print", "portfolio", "W001", "-o", str(tmp_path / "missing" / "x.pdf")],
                 ["print", "portfolio", "-o", str(tmp_path / "x.pdf")]):
        assert main(["--db", url, *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("flat-desktop"), err
    assert not (tmp_path / "x.pdf").exists()


def test_the_demo_history_makes_a_portfolio(demo_db: Database) -> None:
    """Every worker of the demo has a portfolio; someone who did rounds has their time per month."""
    with demo_db.reader() as s:
        codes = list(s.scalars(select(Worker.code).where(Worker.role == "worker")))
    made = [portfolio.portfolio(demo_db, code) for code in codes]
    assert any(p.jobs and p.times and p.independence for p in made)
    assert all(t.units > 0 and t.minutes > 0 for p in made for t in p.times)


def test_the_demo_stories_name_real_steps_and_machines() -> None:
    """The demo's hard steps and its ageing machine exist in its catalogue, and the machine's jam
    chance rises across the history."""
    from flat_desktop.demo import build, catalog

    types = {j.key: j for j in catalog.JOB_TYPES}
    for key, position in build.HARD_STEPS:
        assert 1 <= position <= len(types[key].steps), (key, position)
    assert build.AGEING_MACHINE in {m.code for m in catalog.MACHINES}
    sim = object.__new__(build._Simulator)
    sim.first, sim.last = at(1, 1, 0), at(12, 31, 0)
    chances = [sim._ageing(at(month, 1, 0)) for month in range(1, 13)]
    assert chances == sorted(chances) and chances[0] < 0.05 < 0.2 < chances[-1]
