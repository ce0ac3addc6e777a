"""The board's search read as a query, and the query run on the demo station: plain words in
every field, prefixed words in their own field, every word required."""

from __future__ import annotations

import pytest

from flat_desktop.db import Database
from flat_desktop.services import board, job_search, people
from flat_desktop.services.context import Actor

BOSS = Actor("S001", "supervisor", "test")


def test_prefixes_in_japanese_or_english_with_either_colon() -> None:
    """作業員：佐藤 (full-width colon, as an input method types it) and worker:W003 are the same
    field; an unknown prefix stays a plain word; a prefix without a word is ignored."""
    q = job_search.parse("作業員：佐藤　type:copying 人事 foo:bar 件名:")
    assert q.terms == (("worker", "佐藤"), ("type", "copying"))
    assert q.words == ("人事", "foo:bar")
    assert not job_search.parse("  \u3000 ")
    assert job_search.with_filter("worker", "佐藤 type:コピー") == "作業員:佐藤 type:コピー"
    assert job_search.with_filter(None, "佐藤") == "佐藤"


def test_search_by_worker_name_or_code_and_by_job_type(demo_db: Database) -> None:
    """A worker is found by code and by name (plain word or prefixed); a job type by its name;
    two terms narrow to jobs matching both."""
    assigned = [j for j in board.jobs(demo_db, BOSS) if j.assignee]
    code = assigned[0].assignee or ""
    name = people.worker(demo_db, code).name
    by_code = board.search(demo_db, BOSS, f"worker:{code}")
    by_name = board.search(demo_db, BOSS, f"作業員：{name}")
    assert by_code and {f.job.assignee for f in by_code} == {code}
    assert {f.job.code for f in by_name} >= {f.job.code for f in by_code}
    assert all(f.worker == name for f in by_code)
    jt = assigned[0].type_name
    both = board.search(demo_db, BOSS, f"worker:{code} 種類:{jt}")
    assert both and all(f.job.assignee == code and f.job.type_name == jt for f in both)
    assert len(both) <= len(by_code)
    plain = board.search(demo_db, BOSS, name)  # no prefix: the worker's name is found too
    assert {f.job.code for f in by_name} <= {f.job.code for f in plain}


def test_a_wildcard_typed_is_a_plain_character(demo_db: Database) -> None:
    """'%' and '_' mean themselves: '%' alone finds nothing rather than every job."""
    assert board.search(demo_db, BOSS, "%") == []
    assert board.search(demo_db, BOSS, "番号:_") == []


@pytest.mark.postgres
def test_search_and_closing_rounds_on_postgresql(pg_demo_url: str) -> None:
    """The same query on PostgreSQL (ILIKE with its escape, the worker and job type joins), and
    a finished round closed once there too."""
    from flat_desktop.services import routes

    db = Database(pg_demo_url)
    try:
        code = next(j.assignee for j in board.jobs(db, BOSS) if j.assignee) or ""
        found = board.search(db, BOSS, f"作業員:{code}")
        assert found and {f.job.assignee for f in found} == {code}
        assert board.search(db, BOSS, "%") == []
        assert routes.close_finished_rounds(db, BOSS) == []  # the demo's rounds are closed already
        rounds = [j for j in board.jobs(db, BOSS, statuses=["delivered"]) if j.route]
        assert rounds
    finally:
        db.dispose()
