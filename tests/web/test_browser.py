"""The desk in a real browser: Debian's Chromium driven by Playwright against the desk served by
waitress on a loopback port. A requester signs in, orders (a refused field first), attaches a
file, watches the status change while the station works (the list updates itself, no reload),
reorders, cancels and confirms the receipt; every page passes axe-core (WCAG 2.2 A/AA) and
reflows at 200% zoom without scrolling sideways."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.services import board, checking, work
from flat_desktop.services.corrections import job_of_order
from flat_desktop.web import create_app
from flat_desktop.web.serve import stop
from tests.core.test_services import BOSS as CONSOLE
from tests.core.test_services import sign_in as worker_sign_in
from tests.web.conftest import PASSWORD, make_accounts

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
WAIT_MS = 15_000  # the longest a step may take to show (it shows in well under a second)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or (shutil.which("node") is None and not AXE.exists()),
                                reason="needs Debian's chromium (apt-get install chromium)")


@dataclass
class Live:
    db: Database
    base: str
    a: Any
    b: Any


@contextmanager
def _served(db: Database, files: Path) -> Iterator[Live]:
    from waitress.server import create_server

    a, b, _c = make_accounts(db)
    app = create_app(db, secret_key=b"e" * 48, files=files, poll_ms=250)
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Live(db, f"http://127.0.0.1:{server.effective_port}", a, b)
    finally:
        stop(server, thread)


@pytest.fixture
def live(demo_db: Database, tmp_path: Path) -> Iterator[Live]:
    with _served(demo_db, tmp_path / "files") as served:
        yield served


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def live_on(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Live]:
    """The desk on the embedded demo, and on the station's PostgreSQL server (a copy of its demo)."""
    if request.param == "sqlite":
        db = request.getfixturevalue("demo_db")
    else:
        db = Database(request.getfixturevalue("pg_demo_url"))
        request.addfinalizer(db.dispose)
    with _served(db, tmp_path / "files") as served:
        yield served


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


def _sign_in(page: Any, base: str, staff_no: str) -> None:
    page.goto(base + "/signin")
    page.fill("#f-staff_no", staff_no)
    page.fill("#f-password", PASSWORD)
    page.press("#f-password", "Enter")  # the keyboard alone
    page.wait_for_url(base + "/orders")


def _order_code(page: Any) -> str:
    m = re.search(r"/orders/(O-[0-9-]+)", page.url)
    assert m, page.url
    return m.group(1)


def test_a_requester_orders_and_follows_it_in_chromium(live_on: Live, browser: Any) -> None:
    live = live_on
    page = browser.new_context(locale="ja-JP").new_page()
    page.set_default_timeout(WAIT_MS)
    _sign_in(page, live.base, live.a.staff_no)
    page.click("text=新しく発注する")
    page.click('a[href="/order/enclosing"]')
    page.fill("#f-quantity", "150")
    page.click("text=発注を送る")
    # The refusal is announced first: the summary takes the focus (its links lead to each field).
    page.wait_for_function("document.activeElement && document.activeElement.id === 'error-summary'")
    assert page.get_attribute("#f-title", "aria-invalid") == "true"
    assert "e-title" in page.get_attribute("#f-title", "aria-describedby")
    page.click('#error-summary a[href="#f-title"]')
    page.keyboard.type("研修会の案内")
    page.click("text=発注を送る")
    page.wait_for_selector("text=発注をステーションに送りました")
    order = _order_code(page)
    job = job_of_order(live.db, order)
    assert board.job(live.db, job).status == "received"  # on the console's board, as any order
    page.set_input_files("#f-file", files=[{"name": "案内文.pdf", "mimeType": "application/pdf",
                                            "buffer": b"%PDF-1.4\n%%EOF\n"}])
    page.click("button:has-text('添付する')")
    page.wait_for_selector("text=ファイルを添付しました")
    assert page.is_visible("text=案内文.pdf")

    page.goto(live.base + "/orders")
    page.evaluate("window.__stillHere = true")
    board.assign(live.db, CONSOLE, job, "W001")
    worker = worker_sign_in(live.db, "W001")
    view = work.start(live.db, worker, codes.ticket_payload(job))
    first = view.steps[0]
    work.complete_step(live.db, worker, job, 1, count=first.target if first.kind == "count" else None)
    page.wait_for_selector(f"#orders >> text=手順 2 / {view.steps_total}")  # came by itself
    assert page.evaluate("window.__stillHere") is True  # the list changed, the page was not reloaded
    assert page.text_content("#live") == "一覧が新しくなりました。"

    page.goto(f"{live.base}/orders/{order}")
    page.click("text=もう一度発注する")
    assert page.input_value("#f-title") == "研修会の案内"
    page.fill("#f-quantity", "180")
    page.click("text=発注を送る")
    page.wait_for_selector("text=発注をステーションに送りました")
    again = _order_code(page)
    page.fill("#f-reason", "数をまちがえた")
    page.click("button:has-text('発注を取り消す')")
    page.wait_for_selector("text=発注を取り消しました")
    assert board.job(live.db, job_of_order(live.db, again)).status == "cancelled"

    _work_to_the_end(live.db, worker, job)
    checking.check(live.db, CONSOLE, job, passed=True)
    checking.deliver(live.db, CONSOLE, job, live.a.name, requester_id=live.a.requester_id)
    page.goto(f"{live.base}/orders/{order}")
    assert page.get_attribute(".stages li[aria-current=step]", "class") == "now"
    page.click("text=受け取りました")
    page.wait_for_selector("text=受け取りを記録しました")


MACHINES = {"folder": "FD01", "sealer": "SL01", "copier": "CP01", "scanner": "SC01", "printer": "PR01",
            "cutter": "CT01", "badge_press": "BP01", "label_printer": "LP01"}


def _work_to_the_end(db: Database, worker: Any, job: str) -> None:
    """The worker does the steps still pending and finishes with the ticket scan (as at a station)."""
    from flat_desktop.services import machines

    for st in board.job(db, job).steps:
        if st.state == "done":
            continue
        if st.kind == "machine":
            machines.start(db, worker, job, st.position, codes.machine_payload(MACHINES[st.machine_type or ""]))
            work.complete_step(db, worker, job, st.position, count=st.target)
        elif st.kind == "scan":
            work.scan_at_step(db, worker, job, st.position, st.expected_code or "")
        else:
            work.complete_step(db, worker, job, st.position, count=st.target if st.kind == "count" else None)
    work.finish(db, worker, job, codes.ticket_payload(job), units=150, spoiled=0)



def _axe(page: Any) -> list[tuple[str, str, list[str]]]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: tags}});
        return r.violations.map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(" ")).slice(0, 5)]);
    }""", AXE_TAGS)
    return [tuple(v) for v in found]


@pytest.mark.skipif(not AXE.exists(), reason="needs axe-core from npm (npm install --no-save axe-core)")
def test_every_page_passes_axe_and_reflows_at_200_percent(live: Live, browser: Any) -> None:
    from flat_desktop.services import desk, orders

    placed = orders.create(live.db, CONSOLE, orders.OrderRequest(
        job_type="copying", title="議会資料", quantity=40, spec={}, requester_id=live.a.requester_id))
    desk.station_comment(live.db, CONSOLE, placed.job, "原稿は届いていますか")
    # 1280 px at 200% zoom is a 640 px wide page: everything must fit without a sideways scroll.
    context = browser.new_context(locale="ja-JP", bypass_csp=True, viewport={"width": 640, "height": 900})
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    pages = [("/signin", None)]
    page.goto(live.base + "/signin")
    page.fill("#f-staff_no", "nobody")
    page.fill("#f-password", "wrong")
    page.press("#f-password", "Enter")
    page.wait_for_selector("#error-summary")
    pages.append(("/signin (refused)", None))
    problems: dict[str, Any] = {}
    widths: dict[str, int] = {}

    def look(name: str) -> None:
        found = _axe(page)
        if found:
            problems[name] = found
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            widths[name] = overflow

    look("/signin (refused)")
    _sign_in(page, live.base, live.a.staff_no)
    for path in ("/orders", "/orders?scope=dept", "/catalogue", "/order/copying", f"/orders/{placed.order}",
                 "/password", "/orders?lang=en", "/orders?lang=ja"):
        page.goto(live.base + path)
        look(path)
    page.goto(live.base + "/order/enclosing")
    page.fill("#f-spec-inserts", "99")
    page.click("text=発注を送る")
    page.wait_for_selector("#error-summary")
    look("/order/enclosing (refused)")
    assert not problems, problems
    assert not widths, widths
    # Focus is visible: the first link after a Tab has a thick outline.
    page.goto(live.base + "/orders")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.rstrip("px")) >= 3
    # axe itself sees what it should: a picture without words is a violation.
    page.set_content('<html lang="ja"><body><main><h1>x</h1><img src="a.png"></main></body></html>')
    assert "image-alt" in [v[0] for v in _axe(page)]
