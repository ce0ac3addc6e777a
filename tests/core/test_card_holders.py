"""A business-cards order carries its people: imported from CSV or Excel, checked row by row,
kept in the order (from its event), and printed one card each by `print cards`; name tags and
file labels print their own lists. A bad file or row is refused with the row and what to do."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from flat_desktop import codes
from flat_desktop.cli import main
from flat_desktop.db import Database
from flat_desktop.db.ledger import rebuild
from flat_desktop.db.models import OrderRow
from flat_desktop.demo.people import SUPERVISOR_PIN
from flat_desktop.errors import InvalidInput
from flat_desktop.services import board, documents, holders, orders, people
from flat_desktop.services.holders import Holder, ListKind
from flat_desktop.services.orders import OrderRequest
from tests.printing.pdfcheck import page_count, page_texts

SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
            "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水")
GIVEN = ("太郎", "花子", "一郎", "美咲", "健", "陽子", "大輔", "由美", "翔", "恵")
TITLES = ("主事", "主任", "主査", "副課長", "課長")


@pytest.fixture
def boss(demo_db):
    actor, _view = people.console_sign_in(demo_db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@test")
    return actor


def thirty() -> list[dict[str, str]]:
    return [
        {
            "氏名": f"{SURNAMES[i % 20]} {GIVEN[i % 10]}",
            "ふりがな": "",
            "役職": TITLES[i % 5],
            "所属": f"第{i % 3 + 1}担当",
            "電話番号": f"048-830-{2100 + i}",
            "メールアドレス": f"person{i:02d}@pref.saitama.lg.jp",
        }
        for i in range(30)
    ]


def csv_bytes(rows: list[dict[str, str]], encoding: str = "utf-8-sig") -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue().encode(encoding)


def place(db: Database, boss, rows: tuple[Holder, ...], **spec: object) -> orders.Created:
    return orders.create(db, boss, OrderRequest("cards", "名刺（総務課）", len(rows), spec={"kind": "card", **spec},
                                                department="jinji", rows=rows))


def test_thirty_people_from_csv_print_one_card_each(demo_db: Database, boss, tmp_path: Path, capsys) -> None:
    """A CSV of 30 people becomes the order's list; `print cards` draws each person's own card,
    name, title and phone read back from the PDF's text, 10 cards to an A4 sheet."""
    source = tmp_path / "people.csv"
    source.write_bytes(csv_bytes(thirty()))
    rows = holders.read_file(source, ListKind.CARDS)
    assert len(rows) == 30
    made = place(demo_db, boss, rows)
    assert made.order is not None
    assert orders.request_from(demo_db, made.order).spec["people"] == 30  # the head count follows the list
    out = tmp_path / "cards.pdf"
    url = str(demo_db.engine.url.render_as_string(hide_password=False))
    assert main(["print", "cards", made.order, "-o", str(out), "--db", url]) == 0
    pdf = out.read_bytes()
    assert page_count(pdf) == 3
    text = "".join(page_texts(pdf))
    flat = "".join(text.split())
    for i, person in enumerate(thirty()):
        assert "".join(person["氏名"].split()) in flat, person["氏名"]
        assert person["電話番号"] in flat
        assert person["役職"] in flat
        assert f"person{i:02d}@pref.saitama.lg.jp" in flat


def test_the_list_is_in_the_event_and_rebuilt_from_it(demo_db: Database, boss) -> None:
    """The order_created event holds the rows: replaying the log gives the same list."""
    rows = holders.read_csv(csv_bytes(thirty()[:4]), ListKind.CARDS)
    made = place(demo_db, boss, rows)
    event = next(e for e in board.events(demo_db, job=made.job) if e.type == "order_created")
    assert [r["name"] for r in event.data["rows"]] == [r.name for r in rows]

    def stored() -> list[tuple[str, int, str, str]]:
        with demo_db.reader() as s:
            return [(r.order.code, r.position, r.name, r.phone)
                    for r in s.scalars(select(OrderRow).order_by(OrderRow.order_id, OrderRow.position))]

    before = stored()
    assert [n for _o, _p, n, _t in before if _o == made.order] == [r.name for r in rows]
    with demo_db.session() as s:
        rebuild(s)
    assert stored() == before


def test_a_reorder_keeps_the_list(demo_db: Database, boss) -> None:
    """Reordering from history brings the same people again."""
    rows = holders.read_csv(csv_bytes(thirty()[:3]), ListKind.CARDS)
    made = place(demo_db, boss, rows)
    assert made.order is not None
    again = orders.reorder(demo_db, boss, made.order)
    assert again.order is not None
    assert orders.request_from(demo_db, again.order).rows == rows


def test_an_excel_workbook_is_read_by_its_headings(demo_db: Database, boss, tmp_path: Path) -> None:
    """An .xlsx with the columns in another order, English headings and a blank line imports;
    a phone typed as a number is kept as its digits."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Phone", "Name", "Title", "E-mail"])
    sheet.append(["048-830-1111", "大野 真一", "主査", "ono@pref.saitama.lg.jp"])
    sheet.append([None, None, None, None])
    sheet.append([4883012, "川口 さくら", "主事", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    rows = holders.read_file(path, ListKind.CARDS)
    assert rows == (Holder(name="大野 真一", title="主査", phone="048-830-1111", email="ono@pref.saitama.lg.jp"),
                    Holder(name="川口 さくら", title="主事", phone="4883012"))
    made = place(demo_db, boss, rows)
    assert made.order is not None
    flat = "".join("".join(page_texts(documents.deliverables(demo_db, made.order))).split())
    assert "大野真一" in flat and "川口さくら" in flat and "048-830-1111" in flat


@pytest.mark.parametrize(("rows", "words", "reason"), [
    ([{"氏名": "佐藤 一郎"}, {"氏名": "", "役職": "主事"}], ("3", "氏名"), "row_missing"),
    ([{"氏名": "佐藤 一郎", "役職": "主事" * 30}], ("2", "役職"), "row_too_long"),
    ([{"氏名": "佐藤 一郎"}, {"氏名": "田中 😀"}], ("3", "氏名", "😀"), "row_unprintable"),
    ([{"氏名": "佐藤 一郎", "メールアドレス": "sato.pref.saitama"}], ("2", "メール"), "row_email"),
    ([{"氏名": "佐藤 一郎", "電話番号": "いちにさん"}], ("2", "電話"), "row_phone"),
])
def test_a_bad_row_is_refused_naming_the_row(rows: list[dict[str, str]], words: tuple[str, ...], reason: str) -> None:
    """Each bad row is refused with the file's row number (headings are row 1), the column and a next step."""
    full = [{"氏名": "", "役職": "", "電話番号": "", "メールアドレス": "", **r} for r in rows]
    with pytest.raises(InvalidInput) as caught:
        holders.read_csv(csv_bytes(full), ListKind.CARDS)
    assert caught.value.reason == reason
    assert f"{words[0]}行目" in caught.value.message or f"Row {words[0]}" in caught.value.message
    for w in words[1:]:
        assert w in caught.value.message
    assert caught.value.hint


def test_bad_files_are_refused_with_what_to_do(tmp_path: Path) -> None:
    """Not a workbook, no name column, a file type that is not a list: refused, saying what to do."""
    fake = tmp_path / "list.xlsx"
    fake.write_bytes(b"this is not a workbook")
    with pytest.raises(InvalidInput) as caught:
        holders.read_file(fake, ListKind.CARDS)
    assert caught.value.reason == "bad_file"
    with pytest.raises(InvalidInput) as caught:
        holders.read_csv("役職,電話\n主事,048\n".encode(), ListKind.CARDS)
    assert caught.value.reason == "missing_column" and "氏名" in caught.value.hint
    doc = tmp_path / "list.docx"
    doc.write_bytes(b"x")
    with pytest.raises(InvalidInput) as caught:
        holders.read_file(doc, ListKind.CARDS)
    assert caught.value.reason == "bad_file"
    # Excel's own Japanese CSV (Shift_JIS) reads as well
    assert holders.read_csv(csv_bytes([{"氏名": "髙橋 一郎"}], "cp932"), ListKind.CARDS)[0].name == "髙橋 一郎"


def test_a_refused_list_saves_nothing(demo_db: Database, boss) -> None:
    """A row typed in the form that cannot be printed refuses the whole order: no event."""
    before = len(board.events(demo_db))
    with pytest.raises(InvalidInput) as caught:
        place(demo_db, boss, (Holder(name="佐藤 一郎"), Holder(name="🙂")))
    assert caught.value.field == "rows" and "2" in caught.value.message
    assert len(board.events(demo_db)) == before


def test_name_tags_and_file_labels_print_their_own_lists(demo_db: Database, boss) -> None:
    """Name tags carry their names, file labels their texts: each printed once."""
    tags = (Holder(name="森 由紀", kana="もり ゆき"), Holder(name="原 健二", section="研修担当"))
    made = place(demo_db, boss, tags, kind="tag")
    assert made.order is not None
    flat = "".join("".join(page_texts(documents.deliverables(demo_db, made.order))).split())
    assert "森由紀" in flat and "原健二" in flat and "研修担当" in flat
    labels = holders.read_csv("背表紙の文字\n契約書綴り\n請求書綴り\n".encode(), ListKind.LABELS)
    files = orders.create(demo_db, boss, OrderRequest("files", "ファイル作成", 2, spec={"label": "予備"},
                                                      department="jinji", rows=labels))
    assert files.order is not None
    pdf = documents.deliverables(demo_db, files.order)
    flat = "".join("".join(page_texts(pdf)).split())
    assert "契約書綴" in flat and "請求書綴" in flat and "予備" not in flat


def test_a_list_on_a_type_without_one_is_refused(demo_db: Database, boss) -> None:
    with pytest.raises(InvalidInput):
        orders.create(demo_db, boss, OrderRequest("copying", "会議資料", 10, department="jinji",
                                                  rows=(Holder(name="佐藤 一郎"),)))


@pytest.mark.postgres
def test_lists_and_rounds_on_postgresql(pg_demo_url: str) -> None:
    """On the shared server: an order's list is stored and replayed from its event, its cards print,
    and the rounds made twice for a day are made once."""
    import datetime as dt

    from flat_desktop.services import routes

    db = Database(pg_demo_url)
    try:
        actor, _view = people.console_sign_in(db, codes.badge_payload("90001"), SUPERVISOR_PIN, "console@pg")
        rows = holders.read_csv(csv_bytes(thirty()[:12]), ListKind.CARDS)
        made = place(db, actor, rows)
        assert made.order is not None
        with db.session() as s:
            rebuild(s)
        assert orders.request_from(db, made.order).rows == rows
        assert page_count(documents.deliverables(db, made.order)) == 2
        day = dt.date.today() + dt.timedelta(days=(7 - dt.date.today().weekday()) % 7 or 7)
        first = routes.make_day(db, actor, day)
        assert first.made and routes.make_day(db, actor, day).made == ()
    finally:
        db.dispose()
