"""Requesters' accounts: argon2 hashes, lockout, resets, the CSV import, and the events they write."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from flat_desktop.db import Database
from flat_desktop.db.models import Event, WebAccount
from flat_desktop.errors import InvalidInput, NotAllowed, NotFound
from flat_desktop.services import accounts
from flat_desktop.services.context import Actor
from tests.web.conftest import BOSS, PASSWORD, Desk


def _events(db: Database, kind: str) -> list[Event]:
    with db.reader() as s:
        return list(s.scalars(select(Event).where(Event.type == kind).order_by(Event.seq)))


def test_password_is_kept_only_as_an_argon2id_hash(desk: Desk) -> None:
    with desk.db.reader() as s:
        row = s.scalars(select(WebAccount).where(WebAccount.staff_no == desk.a.staff_no)).one()
        assert row.password_hash.startswith("$argon2id$")
        assert PASSWORD not in row.password_hash


def test_sign_in_records_the_requester_as_actor(desk: Desk) -> None:
    view = accounts.sign_in(desk.db, "１０００01", PASSWORD)  # full-width digits typed in Japanese mode
    assert view.staff_no == "100001" and view.requester_id == desk.a.requester_id
    ev = _events(desk.db, "web_signed_in")[-1]
    assert ev.station == "web" and ev.worker is None
    assert ev.data["requester_id"] == desk.a.requester_id and ev.data["by"] == desk.a.name


def test_unknown_number_and_wrong_password_get_the_same_answer(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as unknown:
        accounts.sign_in(desk.db, "999999", PASSWORD)
    with pytest.raises(InvalidInput) as wrong:
        accounts.sign_in(desk.db, desk.a.staff_no, "not the password")
    assert unknown.value.message == wrong.value.message
    assert [e.data["why"] for e in _events(desk.db, "web_sign_in_refused")] == ["unknown", "password"]


def test_five_failures_lock_the_account_for_15_minutes(desk: Desk) -> None:
    now = dt.datetime(2026, 12, 1, 1, 0, tzinfo=dt.UTC)
    for _n in range(accounts.MAX_FAILURES):
        with pytest.raises(InvalidInput):
            accounts.sign_in(desk.db, desk.a.staff_no, "wrong password", now=now)
    with pytest.raises(NotAllowed) as locked:
        accounts.sign_in(desk.db, desk.a.staff_no, PASSWORD, now=now + dt.timedelta(minutes=14))
    assert locked.value.reason == "locked"
    assert accounts.sign_in(desk.db, desk.a.staff_no, PASSWORD, now=now + dt.timedelta(minutes=15, seconds=1))
    assert _events(desk.db, "web_sign_in_refused")[accounts.MAX_FAILURES - 1].data["locked"] is True


def test_reset_unlocks_ends_sessions_and_must_be_changed(desk: Desk) -> None:
    for _n in range(accounts.MAX_FAILURES):
        with pytest.raises(InvalidInput):
            accounts.sign_in(desk.db, desk.a.staff_no, "wrong password")
    view, given = accounts.reset(desk.db, BOSS, desk.a.staff_no)
    assert len(given) == accounts.GIVEN_LENGTH and view.must_change and view.epoch == desk.a.epoch + 1
    assert accounts.current(desk.db, desk.a.id, desk.a.epoch) is None  # the old session no longer stands
    signed = accounts.sign_in(desk.db, desk.a.staff_no, given)
    changed = accounts.change_password(desk.db, signed.actor(), signed.id, given, "a new long password")
    assert not changed.must_change
    last = _events(desk.db, "master_changed")[-2:]
    assert last[0].data == {"what": "web_account", "of": "100001", "requester_id": desk.a.requester_id,
                            "action": "reset"} and last[0].worker == "S001"
    assert last[1].data["what"] == "web_password"


def test_only_a_supervisor_makes_or_resets_accounts(desk: Desk) -> None:
    for who in (desk.a.actor(), Actor("W001", "worker", "st1", "worker")):
        with pytest.raises(NotAllowed):
            accounts.reset(desk.db, who, desk.b.staff_no)
        with pytest.raises(NotAllowed):
            accounts.add(desk.db, who, accounts.NewAccount("300001", "x", "D01"))


def test_new_password_rules(desk: Desk) -> None:
    actor = desk.a.actor()
    for new, reason in (("short", "short"), ("my100001number", "has_staff_no"), ("x" * 129, "long")):
        with pytest.raises(InvalidInput) as exc:
            accounts.change_password(desk.db, actor, desk.a.id, PASSWORD, new)
        assert exc.value.reason == reason
    with pytest.raises(InvalidInput) as wrong_old:
        accounts.change_password(desk.db, actor, desk.a.id, "not it", "a new long password")
    assert wrong_old.value.field == "old"
    with pytest.raises(NotAllowed):  # someone else's account
        accounts.change_password(desk.db, actor, desk.c.id, PASSWORD, "a new long password")


def test_csv_import_is_all_or_nothing_and_names_the_line(desk: Desk) -> None:
    dept = desk.c.department
    good = f"職員番号,氏名,所属,ふりがな\n300001,山田 花子,{dept},やまだ はなこ\n300002,川口 次郎,{dept},\n"
    made = accounts.import_accounts(desk.db, BOSS, accounts.read_csv(good.encode("cp932")))
    assert [v.staff_no for v, _pw in made] == ["300001", "300002"]
    assert all(v.must_change and v.department == dept for v, _pw in made)
    bad = f"staff_no,name,department\n300003,A,{dept}\n300004,B,NOPE\n"
    with pytest.raises(NotFound) as exc:
        accounts.import_accounts(desk.db, BOSS, accounts.read_csv(bad.encode()))
    assert exc.value.message.startswith("3行目")
    assert "300003" not in {a.staff_no for a in accounts.accounts(desk.db)}
    with pytest.raises(InvalidInput):
        accounts.read_csv("名前,所属\nA,B\n".encode())


def test_cli_requesters_add_reset_import_list(desk: Desk, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from flat_desktop.cli import main

    url = str(desk.db.url)
    dept = desk.c.department
    assert main(["requesters", "add", "400001", "--name", "大宮 一郎", "--department", dept, "--db", url]) == 0
    out = capsys.readouterr().out
    assert "400001" in out and "大宮 一郎" in out
    assert main(["requesters", "reset", "400001", "--db", url]) == 0
    password = capsys.readouterr().out.split()[-1]
    assert accounts.sign_in(desk.db, "400001", password).must_change
    csv_file = tmp_path / "people.csv"
    csv_file.write_text(f"職員番号,氏名,所属\n400002,浦和 二郎,{dept}\n", encoding="utf-8")
    assert main(["requesters", "import", str(csv_file), "--db", url]) == 0
    assert main(["requesters", "list", "--db", url]) == 0
    assert "400002" in capsys.readouterr().out
    assert main(["requesters", "add", "400001", "--name", "x", "--department", dept, "--db", url]) == 1
    for _run in range(2):  # made, then given new passwords: printed each time
        assert main(["requesters", "demo", "--db", url]) == 0
        lines = [line for line in capsys.readouterr().out.splitlines() if "パスワード" in line]
        assert len(lines) == 4
    staff_no, password = lines[0].split()[1], lines[0].split()[-1]
    assert not accounts.sign_in(desk.db, staff_no, password).must_change


def test_cli_list_says_locked_only_while_the_lock_lasts(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from sqlalchemy import update

    from flat_desktop.cli import main
    from flat_desktop.db.models import WebAccount

    url = str(desk.db.url)
    for until, said in ((dt.timedelta(minutes=5), True), (-dt.timedelta(minutes=5), False)):
        with desk.db.session() as s:
            s.execute(update(WebAccount).where(WebAccount.id == desk.a.id)
                      .values(locked_until=dt.datetime.now(dt.UTC) + until))
        assert main(["requesters", "list", "--db", url]) == 0
        line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(desk.a.staff_no))
        assert ("ロック" in line) is said, line
