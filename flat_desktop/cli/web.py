"""`flat-desktop web`: serve the web ordering desk; `flat-desktop requesters`: the requesters'
accounts at the desk (add, reset, import from CSV, list, and the demo's accounts)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from flat_desktop.cli import arguments as arg
from flat_desktop.errors import InvalidInput, quoted
from flat_desktop.i18n import _

if TYPE_CHECKING:
    from flat_desktop.cli import Context

DEMO_ACCOUNTS = 4
LOOPBACK = ("127.0.0.1", "::1", "localhost")  # requesters of the demo given an account by `requesters demo`


def _port(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 65535:
        raise argparse.ArgumentTypeError(_("'{value}' is not a port: give 1 to 65535.").format(value=raw[:20]))
    return int(raw)


def add_parsers(add: Callable[..., argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    web = add("web", cmd_web, _("serve the web ordering desk for the departments"))
    web.add_argument("--host", default="127.0.0.1", type=arg.typed,
                     help=_("the address to listen on (default 127.0.0.1; 0.0.0.0 for every network)"))
    web.add_argument("--port", default=8080, type=_port, help=_("the port (default 8080)"))
    web.add_argument("--threads", default=8, type=int, help=argparse.SUPPRESS)
    web.add_argument("--proxies", default=0, type=int, choices=range(0, 4), metavar="N",
                     help=_("reverse proxies in front of the desk whose X-Forwarded-For is believed (default 0)"))
    web.add_argument("--sso-header", metavar="NAME", type=arg.typed,
                     help=_("the header in which the office's single sign-on names the person (off by default; "
                            "only with --host 127.0.0.1 behind that proxy)"))
    web.add_argument("--insecure-cookies", action="store_true",
                     help=_("send the session cookie over plain HTTP too (a test network only; use TLS)"))
    rq = add("requesters", cmd_requesters, _("requesters' accounts at the web ordering desk"))
    actions = rq.add_subparsers(dest="requesters_command", metavar="ACTION")
    new = actions.add_parser("add", parents=[common], help=_("an account (a password to hand over is made)"))
    new.add_argument("staff_no", metavar="STAFF_NO", type=arg.typed)
    new.add_argument("--name", type=arg.text, required=True, help=_("the person's name"))
    new.add_argument("--department", metavar="CODE", type=arg.typed, required=True, help=_("the department's code"))
    new.add_argument("--kana", type=arg.text, help=_("the reading of the name"))
    new.add_argument("--email", type=arg.typed)
    reset = actions.add_parser("reset", parents=[common], help=_("a new password; unlocks the account"))
    reset.add_argument("staff_no", metavar="STAFF_NO", type=arg.typed)
    imp = actions.add_parser("import", parents=[common],
                             help=_("accounts from a CSV file: 職員番号,氏名,所属[,ふりがな,メール]"))
    imp.add_argument("file", metavar="CSV", type=arg.typed)
    actions.add_parser("list", parents=[common], help=_("every account"))
    actions.add_parser("demo", parents=[common], help=_("accounts for some of the demo's requesters"))


def cmd_requesters(ctx: Context) -> None:
    from flat_desktop.services import accounts

    a = ctx.args
    db = ctx.database()
    action = a.requesters_command
    said = _("{no}  {name} ({department})  password: {password}")
    if action == "add":
        new = accounts.NewAccount(a.staff_no, a.name, a.department, a.kana or "", a.email or "")
        view, password = accounts.add(db, ctx.actor(), new)
        print(said.format(no=view.staff_no, name=view.name, department=view.department_name, password=password))
        print(_("Hand the password over in person; it is changed at the first sign-in."))
    elif action == "reset":
        view, password = accounts.reset(db, ctx.actor(), a.staff_no)
        print(said.format(no=view.staff_no, name=view.name, department=view.department_name, password=password))
    elif action == "import":
        path = Path(a.file)
        try:
            data = path.read_bytes()
        except OSError:
            raise InvalidInput(_("The file {path} cannot be read.").format(path=quoted(a.file)),
                               _("Check the path.")) from None
        made = accounts.import_accounts(db, ctx.actor(), accounts.read_csv(data))
        for view, password in made:
            print(said.format(no=view.staff_no, name=view.name, department=view.department_name, password=password))
        print(_("{n} accounts made.").format(n=len(made)))
    elif action == "demo":
        _demo_accounts(ctx)
    else:
        for v in accounts.accounts(db):
            state = _("locked") if v.locked() else (_("inactive") if not v.active else "")
            print(f"{v.staff_no}\t{v.name}\t{v.department_name}\t{state}")


def _demo_accounts(ctx: Context) -> None:
    """Accounts for four of the demo's requesters (the first two of one department, so that "my
    department's orders" shows a colleague's), with passwords made now and printed each time
    (an account made before gets a new one); a demo's need not be changed."""
    from sqlalchemy import select

    from flat_desktop.db.models import Requester, WebAccount
    from flat_desktop.services import accounts

    db = ctx.database()
    with db.reader() as s:
        people = s.scalars(select(Requester).order_by(Requester.id)).all()
        if not people:
            raise InvalidInput(_("This database has no requesters."), _("Load the demo first: flat-desktop demo"))
        first = people[0]
        chosen = [first, *[r for r in people[1:] if r.department_id == first.department_id][:1]]
        for r in people:
            if len(chosen) >= DEMO_ACCOUNTS:
                break
            if r.department_id not in {c.department_id for c in chosen}:
                chosen.append(r)
        have = {a.requester_id: a.staff_no for a in s.scalars(select(WebAccount))}
    print(_("Demo accounts of the web ordering desk:"))
    for n, r in enumerate(chosen, 1):
        if r.id in have:
            view, password = accounts.reset(db, ctx.actor(), have[r.id])
        else:
            view, password = accounts.add_for_requester(db, ctx.actor(), r.id, f"D{r.id:04d}")
        with db.session() as s:
            row = s.get(WebAccount, view.id)
            assert row is not None
            row.must_change = False
        print(f"  {n}. " + _("{no}  {name} ({department})  password: {password}").format(
            no=view.staff_no, name=view.name, department=view.department_name, password=password))


def cmd_web(ctx: Context) -> None:
    from flat_desktop.web.serve import serve

    a = ctx.args
    if a.sso_header and a.host not in LOOPBACK:
        # Anyone who reaches the desk directly could name anyone in that header.
        raise InvalidInput(_("Single sign-on by a header needs the desk on this PC's loopback, behind the proxy."),
                           _("Give --host 127.0.0.1 and let the reverse proxy alone reach the desk."))
    db = ctx.database()
    print(_("The ordering desk is at http://{host}:{port}/ (Ctrl+C stops it).").format(host=a.host, port=a.port),
          flush=True)
    if a.insecure_cookies:
        print(_("The session cookie is sent over plain HTTP: use this on a test network only."), file=sys.stderr)
    serve(db, ctx.paths, host=a.host, port=a.port, threads=a.threads, secure_cookies=not a.insecure_cookies,
          proxies=a.proxies, sso_header=a.sso_header)
