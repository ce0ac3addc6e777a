"""One test per rule of the desk's safety, each trying to break it."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from flat_desktop.services import accounts
from flat_desktop.web.security import SIGN_IN_LIMIT, SIGN_IN_WINDOW
from tests.web.conftest import BOSS, PASSWORD, Desk, csrf_of, post, sign_in
from tests.web.test_desk import _orders, _place


def test_every_page_needs_a_signed_in_requester(desk: Desk) -> None:
    c = desk.client()
    for path in ("/", "/orders", "/orders?scope=dept", "/orders/list", "/catalogue", "/order/enclosing",
                 "/orders/O-000000-001", "/orders/O-000000-001/reorder", "/password"):
        r = c.get(path)
        assert r.status_code == 302 and "/signin" in r.headers["Location"], path
    assert c.get("/api/seq").status_code == 401
    token = csrf_of(c)
    for path in ("/order/enclosing", "/orders/O-000000-001/cancel", "/orders/O-000000-001/comment",
                 "/orders/O-000000-001/receipt", "/signout"):
        r = c.post(path, data={"csrf": token, "title": "x", "quantity": "1"})
        assert r.status_code == 302 and "/signin" in r.headers["Location"], path


def test_another_departments_order_does_not_exist_for_me(desk: Desk) -> None:
    order = _place(desk.signed_in(desk.a), title="人事の秘密ではない発注")
    intruder = desk.signed_in(desk.c)
    assert order not in intruder.get("/orders?scope=dept").get_data(as_text=True)
    for path in (f"/orders/{order}", f"/orders/{order}/reorder"):
        r = intruder.get(path)
        assert r.status_code == 404 and "人事の秘密" not in r.get_data(as_text=True), path
    for action, data in (("cancel", {"reason": "x"}), ("comment", {"text": "x"}), ("receipt", {})):
        r = post(intruder, f"/orders/{order}/{action}", data, page="/orders")
        assert r.status_code == 404, action
    from flat_desktop.services.board import job
    from flat_desktop.services.corrections import job_of_order

    assert job(desk.db, job_of_order(desk.db, order)).status == "received"


def test_a_colleagues_confidential_title_is_never_shown(desk: Desk) -> None:
    order = _place(desk.signed_in(desk.a), title="懲戒処分の通知", confidential="1")
    colleague = desk.signed_in(desk.b)
    for path in ("/orders?scope=dept", "/orders/list?scope=dept", f"/orders/{order}"):
        html = colleague.get(path).get_data(as_text=True)
        assert order in html and "懲戒処分" not in html and "取扱注意の発注" in html, path
    assert colleague.get(f"/orders/{order}/reorder").status_code == 403
    r = post(colleague, f"/orders/{order}/comment", {"text": "見せて"}, page="/orders")
    assert r.status_code == 422
    assert "懲戒処分の通知" in desk.signed_in(desk.a).get(f"/orders/{order}").get_data(as_text=True)


def test_a_form_without_its_csrf_token_is_refused(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    before = _orders(desk.db)
    form = {"title": "x", "quantity": "10", "spec-inserts": "1", "spec-fold": "tri", "spec-envelope": "naga3"}
    assert c.post("/order/enclosing", data=form).status_code == 400
    other = desk.signed_in(desk.b)  # a token from someone else's session
    assert c.post("/order/enclosing", data={**form, "csrf": csrf_of(other, "/orders")}).status_code == 400
    assert c.post("/order/enclosing", data={**form, "csrf": ""}).status_code == 400
    assert _orders(desk.db) == before
    assert desk.client().post("/signin", data={"staff_no": "100001", "password": PASSWORD}).status_code == 400


def test_the_session_cookie_is_secure_http_only_same_site(desk: Desk) -> None:
    c = desk.client()
    r = c.post("/signin", data={"staff_no": "100001", "password": PASSWORD, "csrf": csrf_of(c)})
    cookie = next(v for k, v in r.headers.items() if k == "Set-Cookie" and v.startswith("flat_desk="))
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


def test_a_forged_or_old_session_signs_nobody_in(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    assert c.get("/orders").status_code == 200
    value = c.get_cookie("flat_desk").value
    forged = desk.client()
    forged.set_cookie("flat_desk", value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB"))
    assert forged.get("/orders").status_code == 302
    accounts.reset(desk.db, BOSS, desk.a.staff_no)  # a reset ends the sessions signed in before it
    assert c.get("/orders").status_code == 302


def test_sign_out_ends_the_session(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    assert post(c, "/signout", {}, page="/orders").status_code == 302
    assert c.get("/orders").status_code == 302


def test_sign_in_is_rate_limited_per_address(desk: Desk) -> None:
    c = desk.client()
    for _n in range(SIGN_IN_LIMIT):
        assert sign_in(c, "999999", "guess").status_code == 401  # type: ignore[attr-defined]
    r = sign_in(c, desk.a.staff_no)
    assert r.status_code == 429 and "5分待って" in r.get_data(as_text=True)  # type: ignore[attr-defined]
    desk.clock[0] += SIGN_IN_WINDOW + dt.timedelta(seconds=1)
    assert sign_in(c, desk.a.staff_no).status_code == 302  # type: ignore[attr-defined]


def test_no_page_shows_a_stack_trace(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    from flat_desktop.services import desk as desk_service

    def broken(*_a: object, **_k: object) -> None:
        raise RuntimeError("secret internals /srv/flat/db.py line 42")

    monkeypatch.setattr(desk_service, "catalogue", broken)
    r = desk.signed_in(desk.a).get("/catalogue")
    html = r.get_data(as_text=True)
    assert r.status_code == 500 and "secret internals" not in html and "Traceback" not in html
    assert "ステーションのサーバーで問題が起きました" in html


def test_every_response_carries_the_security_headers(desk: Desk) -> None:
    for r in (desk.client().get("/signin"), desk.signed_in(desk.a).get("/orders")):
        assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff" and r.headers["X-Frame-Options"] == "DENY"
        assert r.headers["Cache-Control"] == "no-store"
        assert "<script>" not in r.get_data(as_text=True)  # nothing inline, so the policy can forbid it


def test_sign_in_never_redirects_off_the_desk(desk: Desk) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        c = desk.client()
        token = csrf_of(c)
        r = c.post("/signin?next=" + target, data={"staff_no": "100001", "password": PASSWORD, "csrf": token})
        assert r.status_code == 302 and r.headers["Location"] == "/orders", target


def test_a_given_password_must_be_changed_first(desk: Desk) -> None:
    _view, given = accounts.reset(desk.db, BOSS, desk.a.staff_no)
    c = desk.client()
    sign_in(c, desk.a.staff_no, given)
    assert c.get("/orders").headers["Location"].endswith("/password")
    assert c.get("/catalogue").status_code == 302
    r = post(c, "/password", {"old": given, "password": "my own long password", "again": "my own long password"})
    assert r.status_code == 302
    assert c.get("/orders").status_code == 200  # the session goes on with the new password's epoch


def test_text_is_escaped_never_markup(desk: Desk) -> None:
    c = desk.signed_in(desk.a)
    order = _place(c, title="<script>alert(1)</script>")
    html = c.get(f"/orders/{order}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"<script>(?!</script>)", html)


def test_only_a_trusted_proxy_names_the_address_that_is_limited(desk: Desk) -> None:
    """Without --proxies, a forged X-Forwarded-For does not give an attacker fresh addresses; with
    one proxy, each office PC behind it counts its own failures."""
    from flat_desktop.web import create_app
    from flat_desktop.web.security import RateLimiter

    for proxies, second_ok in ((0, False), (1, True)):
        limiter = RateLimiter(limit=2)
        app = create_app(desk.db, secret_key=b"x" * 48, limiter=limiter, proxies=proxies)
        c = app.test_client()
        for _n in range(2):
            token = csrf_of(c)
            c.post("/signin", data={"staff_no": "999999", "password": "guess", "csrf": token},
                   headers={"X-Forwarded-For": "10.0.0.1"})
        token = csrf_of(c)
        r = c.post("/signin", data={"staff_no": "100001", "password": PASSWORD, "csrf": token},
                   headers={"X-Forwarded-For": "10.0.0.2"})
        assert (r.status_code == 302) is second_ok, proxies


def test_single_sign_on_by_a_header_only_when_configured(desk: Desk) -> None:
    from flat_desktop.web import create_app

    header = {"X-Remote-User": "PREF\\100001"}
    assert desk.client().get("/orders", headers=header).status_code == 302  # off by default: ignored
    app = create_app(desk.db, secret_key=b"y" * 48, sso_header="X-Remote-User")
    c = app.test_client()
    r = c.get("/orders", headers=header)
    assert r.status_code == 200 and desk.a.name in r.get_data(as_text=True)
    r = c.get("/orders", headers={"X-Remote-User": "200001@pref.example.jp"})  # the proxy now says someone else
    assert r.status_code == 200 and desk.c.name in r.get_data(as_text=True)
    r = app.test_client().get("/orders", headers={"X-Remote-User": "999999"})
    assert r.status_code == 403 and "アカウントがありません" in r.get_data(as_text=True)
    assert app.test_client().get("/orders").status_code == 302  # no header: the password page as usual


def test_the_web_command_refuses_a_header_sign_on_reachable_from_the_network(desk: Desk,
                                                                             capsys: pytest.CaptureFixture[str]
                                                                             ) -> None:
    from flat_desktop.cli import main

    assert main(["web", "--host", "0.0.0.0", "--sso-header", "X-Remote-User", "--db", str(desk.db.url)]) == 2
    assert "ループバック" in capsys.readouterr().err
