"""Readings of the names and titles a worker sees and hears: made when the text is entered,
kept with it, carried in the views, and filled for the whole demo station."""

from __future__ import annotations

import datetime as dt

import pytest

from flat_desktop import japanese, ruby
from flat_desktop.db import Database
from flat_desktop.errors import InvalidInput
from flat_desktop.services import board, catalog, machines, orders, people, routes
from flat_desktop.services.context import Actor
from flat_desktop.services.machines import NewMachine
from flat_desktop.services.routes import RouteDraft
from tests.helpers.dbstate import snapshot

BOSS = Actor.admin("test")


def _next_monday() -> dt.date:
    day = dt.date.today() + dt.timedelta(days=7)
    return day + dt.timedelta(days=-day.weekday() % 7)


def test_an_order_title_gets_a_proposed_reading_and_keeps_a_written_one(demo_db: Database) -> None:
    proposed = orders.create(demo_db, BOSS, orders.OrderRequest("copying", "定例部長会議 資料", 10, {"originals": 2}))
    job = board.job(demo_db, proposed.job)
    assert job.reading == "{定例|ていれい}{部長|ぶちょう}{会議|かいぎ} {資料|しりょう}"
    assert job.title_markup == job.reading and ruby.to_plain(job.reading) == job.title
    written = orders.create(demo_db, BOSS, orders.OrderRequest("copying", "東海林課長の資料", 10, {"originals": 2},
                                                                 reading="{東海林|しょうじ}{課長|かちょう}の{資料|しりょう}"))
    assert board.job(demo_db, written.job).reading == "{東海林|しょうじ}{課長|かちょう}の{資料|しりょう}"
    assert orders.request_from(demo_db, written.order or "").reading.startswith("{東海林|しょうじ}")


def test_a_reading_of_another_title_is_refused_and_a_new_title_gets_a_new_reading(demo_db: Database) -> None:
    before = snapshot(demo_db)
    wrong = (("{定例|ていれい}{会議|かいぎ}", "reading_mismatch"), ("{臨時|りんじ}会議}", "bad_reading"))
    for reading, reason in wrong:
        with pytest.raises(InvalidInput) as err:
            orders.create(demo_db, BOSS, orders.OrderRequest("copying", "臨時会議", 5, {"originals": 1},
                                                             reading=reading))
        assert err.value.field == "reading" and err.value.reason == reason
    assert snapshot(demo_db) == before
    first = orders.create(demo_db, BOSS, orders.OrderRequest("copying", "定例会議", 5, {"originals": 1}))
    again = orders.reorder(demo_db, BOSS, first.order or "", title="臨時会議")
    assert board.job(demo_db, again.job).reading == "{臨時|りんじ}{会議|かいぎ}"


def test_a_mail_round_says_each_department_by_its_stored_kana(demo_db: Database) -> None:
    """The stop's step text shows the department's name with furigana from its kana, and a
    kana-only voice says the kana (not the analyser's guess); the job's title has the route's reading."""
    made = routes.generate_day(demo_db, BOSS, _next_monday())
    job = next(board.job(demo_db, c) for c in made if board.job(demo_db, c).route == "MAIL-A")
    assert job.reading.startswith("{郵便|ゆうびん}{集配|しゅうはい} {本庁舎|ほんちょうしゃ} ")
    assert ruby.to_plain(job.reading) == job.title
    stop = next(st for st in job.steps if st.kind == "scan")
    assert stop.reading.startswith("{企画財政部|きかくざいせいぶ} {企画総務課|きかくそうむか}の")
    assert ruby.to_plain(stop.reading) == stop.text
    assert japanese.spoken_kana(stop.text, stop.reading).startswith("きかくざいせいぶ きかくそうむかの")


def test_machines_and_routes_get_readings_when_added_and_keep_them_when_edited(demo_db: Database) -> None:
    added = machines.add(demo_db, BOSS, NewMachine("CT02", "cutter", "別館", "裁断機 2号機"))
    assert added.reading == "{裁断|さいだん}{機|き} 2{号機|ごうき}" == added.name_markup
    rota = [w.code for w in people.workers(demo_db)
            if w.role == "worker" and any(sk.job_type == "mail_round" for sk in w.skills)][:1]
    draft = RouteDraft("MAIL-D", "郵便集配 別館", "mail_round", [0], ["11:00"], rota, ["110"],
                       reading="{郵便|ゆうびん}{集配|しゅうはい} {別館|べっかん}")
    routes.create_route(demo_db, BOSS, draft)
    routes.update_route(demo_db, BOSS, RouteDraft("MAIL-D", "郵便集配 別館", "mail_round", [0], ["12:00"], rota,
                                                  ["110"]))  # the console sends no reading: it stays
    made = routes.generate_day(demo_db, BOSS, _next_monday())
    job = next(board.job(demo_db, c) for c in made if board.job(demo_db, c).route == "MAIL-D")
    assert job.reading == "{郵便|ゆうびん}{集配|しゅうはい} {別館|べっかん} 12:00"
    routes.update_route(demo_db, BOSS, RouteDraft("MAIL-D", "郵便集配 新館", "mail_round", [0], ["12:00"], rota,
                                                  ["110"]))
    made = routes.generate_day(demo_db, BOSS, _next_monday() + dt.timedelta(days=7))
    job = next(board.job(demo_db, c) for c in made if board.job(demo_db, c).route == "MAIL-D")
    assert job.reading == "{郵便|ゆうびん}{集配|しゅうはい} {新館|しんかん} 12:00"  # a new name: a new reading


def test_every_name_and_title_of_the_demo_has_its_reading(demo_db: Database) -> None:
    """Job types, machines, routes and open jobs carry a reading of exactly their text, with
    furigana over every kanji; people and departments have their kana."""

    def covers(text: str, markup: str) -> None:
        assert ruby.to_plain(markup) == text, (text, markup)
        assert not japanese.has_kanji("".join(base for base, kana in ruby.parse(markup) if kana is None)), markup

    for t in catalog.job_types(demo_db, active_only=False):
        covers(t.name, t.reading)
    for r in catalog.routes(demo_db):
        covers(r.name, r.reading)
    for m in machines.machines(demo_db):
        covers(m.name, m.reading)
    for job in board.jobs(demo_db, BOSS, statuses=("received", "assigned", "in_progress", "paused")):
        covers(job.title, job.reading)
        covers(job.type_name, job.type_reading)
    for w in people.workers(demo_db):
        covers(w.name, w.name_markup)
    for d in catalog.departments(demo_db):
        covers(d.name, ruby.from_kana(d.name, d.kana))
