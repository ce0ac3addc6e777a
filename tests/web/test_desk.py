"""Every page of the ordering desk and every refusal, through Flask's test client: the catalogue,
the order form built from the spec (refused input marked at its field, nothing saved; an early
due date and an unusual quantity asked first), the orders followed through their stages,
reorder, cancel, comments, the receipt, the month's hours, and the language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import func, select

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.db.models import Event, Order
from flat_desktop.services import board, checking, work
from flat_desktop.services import desk as desk_service
from tests.core.test_services import BOSS as CONSOLE
from tests.core.test_services import do_whole_job
from tests.core.test_services import sign_in as worker_sign_in
from tests.web.conftest import Desk, post

ENCLOSING = {"title": "説明会の案内", "quantity": "120", "spec-inserts": "2", "spec-fold": "tri",
             "spec-envelope": "naga3", "spec-seal": "1"}


def _orders(db: Database) -> int:
    with db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(Order)) or 0)


def _place(client: Any, key: str = "enclosing", **changes: str) -> str:
    """Place an order (an enclosing one unless ``key`` says); returns its order code (from the page it leads to)."""
    r = post(client, f"/order/{key}", {**(ENCLOSING if key == "enclosing" else {}), **changes})
    assert r.status_code == 302, r.get_data(as_text=True)[-2000:]
    m = re.search(r"/orders/(O-[0-9-]+)", r.headers["Location"])
    assert m
    return m.group(1)


def _job_of(db: Database, order: str) -> str:
    from flat_desktop.services.corrections import job_of_order

    return job_of_order(db, order)


def test_catalogue_shows_each_on_demand_type_with_its_spec_and_lead_time(desk: Desk) -> None:
    html = desk.signed_in(desk.a).get("/catalogue").get_data(as_text=True)
    keys = re.findall(r'href="/order/([a-z_]+)"', html)
    assert keys == ["minutes", "data_entry", "enclosing", "cards", "copying", "files", "badges", "digitising",
                    "lending"]  # the rounds are the station's own: nobody orders them
    assert "ふだんの納期" in html and "標準仕様" in html and "折り方" in html
    from flat_desktop.web import icons

    assert f'<span class="icon fa" aria-hidden="true">{icons.glyph("fa6s.copy")}</span>' in html
    font = desk.client().get("/icons/fa6s.ttf")  # served by the desk itself, no CDN
    assert font.status_code == 200 and font.mimetype == "font/ttf" and len(font.data) > 10_000
    font.close()


def test_a_typical_result_is_pictured_where_the_station_has_a_picture_of_one(desk: Desk) -> None:
    """Business cards, badges and files show their finished sample (the last step's picture, the
    one the worker sees); a type without one shows none; only a signed-in requester sees it."""
    c = desk.signed_in(desk.a)
    html = c.get("/catalogue").get_data(as_text=True)
    pictured = re.findall(r'<img class="result" src="/catalogue/([a-z_]+)/picture"', html)
    assert pictured == ["cards", "files", "badges"]
    assert 'alt="ふつうの仕上がり: 名刺・名札作成"' in html
    with c.get("/catalogue/cards/picture") as got:
        assert got.status_code == 200 and got.mimetype == "image/png" and got.data.startswith(b"\x89PNG")
    assert c.get("/catalogue/copying/picture").status_code == 404
    assert desk.client().get("/catalogue/cards/picture").status_code in (302, 401)


def test_every_order_form_labels_every_field(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    for key in ("minutes", "data_entry", "enclosing", "cards", "copying", "files", "badges", "digitising", "lending"):
        html = c.get(f"/order/{key}").get_data(as_text=True)
        ids = re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', html)
        assert ids and "f-title" in ids and "f-quantity" in ids
        for field_id in ids:
            assert f'<label for="{field_id}"' in html, (key, field_id)


def test_an_order_from_the_web_is_the_consoles_order_marked_web(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    code = _place(c, confidential="1", rush="1")
    with desk.db.reader() as s:
        ev = s.scalars(select(Event).where(Event.type == "order_created", Event.data["code"].as_string() == code)
                       ).one()
        assert ev.data["source"] == "web" and ev.data["requester_id"] == desk.a.requester_id
        assert ev.station == "web" and ev.worker is None and ev.data["by"] == desk.a.name
        assert ev.data["confidential"] is True and ev.data["priority"] == 1
        order = s.scalars(select(Order).where(Order.code == code)).one()
        assert order.department_id == desk.a.department_id and order.spec_values["inserts"] == 2
    job = board.job(desk.db, _job_of(desk.db, code))
    assert job.status == "received" and job.confidential  # on the board at once, as any order
    page = c.get(f"/orders/{code}?done=placed").get_data(as_text=True)
    assert "発注をステーションに送りました" in page and "説明会の案内" in page and "至急" in page


def test_refused_input_is_marked_at_its_field_and_nothing_is_saved(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    before = _orders(desk.db)
    r = post(c, "/order/enclosing", {**ENCLOSING, "title": "", "quantity": "abc", "spec-inserts": "99"},
             page="/order/enclosing")
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and _orders(desk.db) == before
    for key in ("title", "quantity", "spec-inserts"):
        assert re.search(rf'id="f-{key}"[^>]*aria-describedby="[^"]*e-{key}"[^>]*aria-invalid="true"', html), key
        assert f'id="e-{key}"' in html and f'href="#f-{key}"' in html
    assert 'value="abc"' in html  # what was typed stays
    r = post(c, "/order/enclosing", {**ENCLOSING, "title": "封筒\U0001F600"})  # the ticket font cannot print it
    assert r.status_code == 422 and 'id="e-title"' in r.get_data(as_text=True) and _orders(desk.db) == before


def test_a_due_date_earlier_than_the_lead_time_asks_first(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    soon = (dt.datetime.now() + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")
    before = _orders(desk.db)
    r = post(c, "/order/enclosing", {**ENCLOSING, "due": soon})
    html = r.get_data(as_text=True)
    assert r.status_code == 409 and _orders(desk.db) == before
    assert 'name="confirm_due"' in html and 'id="e-due"' in html
    _place(c, due=soon, confirm_due="1")
    assert _orders(desk.db) == before + 1
    r = post(c, "/order/enclosing", {**ENCLOSING, "due": "2020-01-01T09:00"})
    assert r.status_code == 422 and 'id="e-due"' in r.get_data(as_text=True)  # the past: refused outright
    r = post(c, "/order/enclosing", {**ENCLOSING, "due": "tomorrow"})
    assert r.status_code == 422 and 'id="e-due"' in r.get_data(as_text=True)


def test_a_quantity_far_above_the_usual_asks_first(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    before = _orders(desk.db)
    r = post(c, "/order/enclosing", {**ENCLOSING, "quantity": "90000"})
    assert r.status_code == 409 and 'name="confirm_quantity"' in r.get_data(as_text=True)
    assert _orders(desk.db) == before
    _place(c, quantity="90000", confirm_quantity="1")


def test_my_orders_and_my_departments_orders(desk: Desk) -> None:
    mine = _place(desk.signed_in(desk.a), title="Aの発注")
    theirs = _place(desk.signed_in(desk.b), title="Bの発注")
    other = _place(desk.signed_in(desk.c), title="Cの発注")
    c = desk.signed_in(desk.a)
    own = c.get("/orders").get_data(as_text=True)
    assert mine in own and theirs not in own and other not in own
    dept = c.get("/orders?scope=dept").get_data(as_text=True)
    assert mine in dept and theirs in dept and other not in dept
    fragment = c.get("/orders/list?scope=dept").get_data(as_text=True)
    assert "<html" not in fragment and theirs in fragment


def test_the_status_follows_the_station_step_by_step(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    job = _job_of(desk.db, order)
    seq = c.get("/api/seq").get_json()["seq"]
    board.assign(desk.db, CONSOLE, job, "W001")
    assert c.get("/api/seq").get_json()["seq"] > seq  # what the page polls moved
    assert 'aria-current="step">割当済' in c.get(f"/orders/{order}").get_data(as_text=True)
    worker = worker_sign_in(desk.db, "W001")
    view = work.start(desk.db, worker, codes.ticket_payload(job))
    work.complete_step(desk.db, worker, job, 1, count=view.steps[0].target if view.steps[0].kind == "count" else None)
    html = c.get(f"/orders/{order}").get_data(as_text=True)
    assert "作業中" in html and f"手順 2 / {view.steps_total}" in html
    assert f"手順 2 / {view.steps_total}" in c.get("/orders").get_data(as_text=True)


def test_cancel_only_what_nobody_started(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    r = post(c, f"/orders/{order}/cancel", {"reason": ""}, page=f"/orders/{order}")
    assert r.status_code == 422 and 'id="e-reason"' in r.get_data(as_text=True)
    r = post(c, f"/orders/{order}/cancel", {"reason": "会議が中止になった"}, page=f"/orders/{order}")
    assert r.status_code == 302
    assert board.job(desk.db, _job_of(desk.db, order)).status == "cancelled"
    with desk.db.reader() as s:
        ev = s.scalars(select(Event).where(Event.type == "job_cancelled").order_by(Event.seq.desc())).first()
        assert ev is not None and ev.data["requester_id"] == desk.a.requester_id and ev.data["source"] == "web"
    started = _place(c)
    job = _job_of(desk.db, started)
    board.assign(desk.db, CONSOLE, job, "W001")
    work.start(desk.db, worker_sign_in(desk.db, "W001"), codes.ticket_payload(job))
    assert "発注を取り消す" not in c.get(f"/orders/{started}").get_data(as_text=True)
    r = post(c, f"/orders/{started}/cancel", {"reason": "やっぱり"}, page=f"/orders/{started}")
    assert r.status_code == 422 and board.job(desk.db, job).status == "in_progress"


def test_comments_both_ways(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    r = post(c, f"/orders/{order}/comment", {"text": "  "}, page=f"/orders/{order}")
    assert r.status_code == 422 and 'id="e-text"' in r.get_data(as_text=True)
    assert post(c, f"/orders/{order}/comment", {"text": "封筒は窓付きでお願いします"},
                page=f"/orders/{order}").status_code == 302
    desk_service.station_comment(desk.db, CONSOLE, _job_of(desk.db, order), "窓付きは在庫がありません")
    html = c.get(f"/orders/{order}").get_data(as_text=True)
    assert "封筒は窓付きでお願いします" in html and "窓付きは在庫がありません" in html and "(ステーション)" in html
    from flat_desktop.services.history import job_page

    said = [(line.what, line.who, line.detail) for line in job_page(desk.db, _job_of(desk.db, order)).history]
    assert ("コメント", desk.a.name, "封筒は窓付きでお願いします") in said  # the console's job page shows it
    from flat_desktop.cli import main

    assert main(["jobs", "comment", _job_of(desk.db, order), "--text", "午後に届けます", "--db", str(desk.db.url)]) == 0
    assert "午後に届けます" in c.get(f"/orders/{order}").get_data(as_text=True)


def test_confirm_receipt_of_a_delivered_order(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c)
    job = _job_of(desk.db, order)
    r = post(c, f"/orders/{order}/receipt", {}, page=f"/orders/{order}")
    assert r.status_code == 422  # not delivered yet
    board.assign(desk.db, CONSOLE, job, "W001")
    do_whole_job(desk.db, worker_sign_in(desk.db, "W001"), job)
    checking.check(desk.db, CONSOLE, job, passed=True)
    checking.deliver(desk.db, CONSOLE, job, desk.a.name, requester_id=desk.a.requester_id)
    html = c.get(f"/orders/{order}").get_data(as_text=True)
    assert 'aria-current="step">納品済' in html and "受け取りました" in html
    assert post(c, f"/orders/{order}/receipt", {}, page=f"/orders/{order}").status_code == 302
    assert "受け取り確認済み" in c.get("/orders").get_data(as_text=True)
    assert post(c, f"/orders/{order}/receipt", {}, page=f"/orders/{order}").status_code == 422  # once


def test_reorder_copies_the_order_to_change_and_send(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    first = _place(c, title="四半期の案内", quantity="300")
    colleague = desk.signed_in(desk.b)
    html = colleague.get(f"/orders/{first}/reorder").get_data(as_text=True)
    assert 'value="四半期の案内"' in html and 'value="300"' in html and f'value="{first}"' in html
    assert 'action="/order/enclosing"' in html  # sent to the order form's address, not back to the copy
    again = _place(colleague, title="四半期の案内", quantity="320", reorder_of=first)
    with desk.db.reader() as s:
        o = s.scalars(select(Order).where(Order.code == again)).one()
        assert o.reorder_of == first and o.requester_id == desk.b.requester_id and o.quantity == 320


def test_hours_given_back_this_month_are_the_reports_figure(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    hours = desk_service.hours_this_month(desk.db, desk.a.actor())
    html = c.get("/orders").get_data(as_text=True)
    assert f"{desk.a.department_name}に生み出した時間: {hours:.1f}時間" in html


def test_japanese_first_english_with_lang_en(desk: Desk) -> None:
    c = desk.client()
    ja = c.get("/signin").get_data(as_text=True)
    assert '<html lang="ja">' in ja and "職員番号" in ja
    en = c.get("/signin?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in en and "Staff number" in en
    assert "Staff number" in c.get("/signin").get_data(as_text=True)  # kept for the session


def test_error_pages_are_in_words(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    r = c.get("/order/no_such_type")
    assert r.status_code == 404 and "このページはありません" in r.get_data(as_text=True)
    r = c.get("/orders/O-000000-000")
    assert r.status_code == 404


def test_every_web_message_has_its_japanese(desk: Desk) -> None:
    """Every _("...") of the desk's pages and services is translated (no English on a Japanese page)."""
    from pathlib import Path

    from flat_desktop.i18n import _, language_for

    root = Path(__file__).resolve().parents[2] / "flat_desktop"
    files = [*sorted((root / "web" / "templates").glob("*.html")), root / "web" / "app.py",
             root / "services" / "desk.py", root / "services" / "accounts.py"]
    pattern = re.compile(r'''_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]''')
    missing = []
    with language_for("ja"):
        for path in files:
            for m in pattern.finditer(path.read_text(encoding="utf-8")):
                msgid = (m.group(1) if m.group(1) is not None else m.group(2)).replace("\\'", "'")
                if _(msgid) == msgid:
                    missing.append((path.name, msgid))
    assert not missing


def test_every_job_type_can_be_ordered_from_its_form(desk: Desk) -> None:
    """Each form as the browser sends it with its defaults (a ticked box sends "1", an unticked one
    nothing), the required text filled: an order of that type, with the spec's values."""
    c = desk.signed_in(desk.a)
    for card in desk_service.catalogue(desk.db):
        html = c.get(f"/order/{card.key}").get_data(as_text=True)
        form: dict[str, str] = {"title": f"{card.name}のテスト", "quantity": "12"}
        for f in card.fields:
            key = "spec-" + f.key
            if f.type == "bool":
                if re.search(rf'id="f-{key}"[^>]* checked', html):
                    form[key] = "1"
            elif f.type == "choice":
                form[key] = re.search(rf'<select id="f-{key}".*?<option value="([^"]*)" selected', html, re.S
                                      ).group(1)  # type: ignore[union-attr]
            else:
                value = re.search(rf'id="f-{key}" name="{key}" value="([^"]*)"', html).group(1)  # type: ignore[union-attr]
                form[key] = value or ("テスト" if f.type == "text" else "")
        code = _place(c, card.key, **form)
        with desk.db.reader() as s:
            o = s.scalars(select(Order).where(Order.code == code)).one()
            assert o.job_type.key == card.key and o.quantity == 12
            for f in card.fields:
                if f.default is not None:
                    assert o.spec_values[f.key] == f.default, (card.key, f.key)


def test_the_expected_finish_follows_the_work(desk: Desk) -> None:
    """Before work: the type's usual lead time from the order; while worked on: now plus the
    standard time of the steps left; done: when it was finished."""
    c = desk.signed_in(desk.a)
    order = _place(c)
    now = desk.clock[0]
    line = desk_service.order_page(desk.db, desk.a.actor(), order, now=now).line
    card = desk_service.card(desk.db, "enclosing")
    assert line.expected is not None
    assert line.expected >= line.created_at + dt.timedelta(days=card.lead_days) - dt.timedelta(seconds=1)
    assert "仕上がりの見込み" in c.get(f"/orders/{order}").get_data(as_text=True)
    job = _job_of(desk.db, order)
    board.assign(desk.db, CONSOLE, job, "W001")
    worker = worker_sign_in(desk.db, "W001")
    view = work.start(desk.db, worker, codes.ticket_payload(job))
    first = view.steps[0]
    work.complete_step(desk.db, worker, job, 1, count=first.target if first.kind == "count" else None)
    line = desk_service.order_page(desk.db, desk.a.actor(), order, now=now).line
    standard = dt.timedelta(minutes=card.setup_minutes + card.minutes_per_unit * 120)
    assert line.expected == now + standard * ((view.steps_total - 1) / view.steps_total)
