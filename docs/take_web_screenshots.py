"""Take the README's pictures of the web ordering desk: a fresh demo (14 days of history), its
desk served by waitress on a loopback port, and Debian's Chromium driven by Playwright.

    .venv/bin/python docs/take_web_screenshots.py [OUTDIR]     # default: docs/screenshots

Needs the chromium package (installed by ``installer/bootstrap.sh``).
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from sqlalchemy import select
from waitress.server import create_server

from flat_desktop import codes
from flat_desktop.db import Database
from flat_desktop.db.models import Requester, WebAccount
from flat_desktop.demo.build import badge_payloads, create_demo
from flat_desktop.services import accounts, board, desk, orders, people, work
from flat_desktop.services.context import Actor
from flat_desktop.web import create_app
from flat_desktop.web.serve import stop

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PASSWORD = "demo password 2026"
BOSS = Actor("S001", "supervisor", "console", "主任")


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="flat-web-shots-"))
    db = Database(f"sqlite:///{tmp / 'demo.sqlite3'}")
    create_demo(db, history_days=14)
    with db.reader() as s:
        first = s.scalars(select(Requester).order_by(Requester.id)).first()
        assert first is not None
        rid = first.id
    view, _pw = accounts.add_for_requester(db, BOSS, rid, "100001", password=PASSWORD)
    with db.session() as s:
        row = s.get(WebAccount, view.id)
        assert row is not None
        row.must_change = False
    me = view.actor()
    placed = desk.place(db, me, orders.OrderRequest(
        job_type="enclosing", title="研修会のご案内", quantity=240, spec={"inserts": 2, "fold": "tri"}, priority=1))
    desk.comment(db, me, placed.order or "", "封筒は長形3号の窓付きでお願いします。")
    desk.station_comment(db, BOSS, placed.job, "承知しました。あすの午前に仕上がります。")
    board.assign(db, BOSS, placed.job, "W001")
    worker, _w = people.sign_in(db, badge_payloads()["W001"], "station-1")
    job = work.start(db, worker, codes.ticket_payload(placed.job))
    for st in job.steps[:1]:
        work.complete_step(db, worker, placed.job, st.position, count=st.target if st.kind == "count" else None)

    app = create_app(db, secret_key=b"s" * 48, files=tmp / "files")
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}).new_page()
            page.goto(base + "/signin")
            page.fill("#f-staff_no", "100001")
            page.fill("#f-password", PASSWORD)
            page.press("#f-password", "Enter")
            page.wait_for_url(base + "/orders")
            page.goto(base + "/catalogue")
            page.screenshot(path=str(out / "web-catalogue.png"), full_page=True)
            page.goto(base + "/order/copying")
            page.fill("#f-title", "議会資料")
            page.fill("#f-quantity", "30")
            page.fill("#f-spec-originals", "0")
            page.click("text=発注を送る")
            page.wait_for_selector("#error-summary")
            page.screenshot(path=str(out / "web-order-refused.png"), full_page=True)
            page.goto(f"{base}/orders/{placed.order}")
            page.screenshot(path=str(out / "web-status.png"), full_page=True)
            page.goto(base + "/orders")
            page.screenshot(path=str(out / "web-my-orders.png"), full_page=True)
            browser.close()
    finally:
        stop(server, thread)
        db.dispose()
    for name in ("web-catalogue", "web-order-refused", "web-status", "web-my-orders"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
