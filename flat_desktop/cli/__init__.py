"""``flat-desktop``: start the station or the console, load the demo, and the administrator's commands.

Every command goes through the same services as the GUI and writes the same events.
A command that cannot run ends with one line on stderr that says what is wrong and what to
do, and changes nothing: exit status 2 when the command line, a value, a code, the database
or a file is wrong; 1 when the station refuses what was asked (a machine already out of
order, a finished job, a database that already holds a station).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from flat_desktop import __version__, codes
from flat_desktop.cli import arguments as arg
from flat_desktop.cli import portfolio as portfolio_options
from flat_desktop.cli.arguments import Parser, UsageError, argparse_in_our_language
from flat_desktop.cli.files import check_output, write_file
from flat_desktop.cli.install import add_parsers as add_install_parsers
from flat_desktop.cli.report import add_parsers as add_report_parsers
from flat_desktop.cli.say import add_parsers as add_say_parsers
from flat_desktop.cli.schedule import add_parsers as add_schedule_parsers
from flat_desktop.cli.schedule import cmd_routes
from flat_desktop.cli.web import add_parsers as add_web_parsers
from flat_desktop.config import Paths, Settings, database_url
from flat_desktop.db import migrate, roles
from flat_desktop.db.database import Database, parse_url
from flat_desktop.errors import (
    ConfigError,
    Conflict,
    FlatError,
    InvalidInput,
    NeedsConfirmation,
    NotAllowed,
    NotFound,
    quoted,
)
from flat_desktop.i18n import _, set_language
from flat_desktop.services.context import Actor

EXIT_REFUSED = 1  # the station said no: the state of a job, a machine or the database does not allow it
EXIT_USAGE = 2  # the command could not run as written
_UNSET = object()  # --due not given (None is "take the due time away")
JOB_STATUSES = ("received", "assigned", "in_progress", "paused", "on_hold", "done", "delivered", "cancelled")


class Context:
    """What a command needs: paths, settings, the chosen database (opened on first use)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.paths = Paths.resolve()
        self.settings = Settings.load(self.paths)
        self._db: Database | None = None

    @property
    def url(self) -> str:
        given = getattr(self.args, "db", None)
        if given is not None and not given.strip():
            raise InvalidInput(_("The database URL after --db is empty."),
                               _("Write --db URL, or leave --db out to use this PC's database."))
        return database_url(given, self.paths, self.settings)

    def database(self, *, upgrade: bool = True, create: bool = False) -> Database:
        """Open the database, check it answers, and bring an embedded one up to date.

        Only ``create`` makes a new SQLite file: elsewhere a path typed wrong must say so, not
        answer from a new empty station."""
        if self._db is None:
            db = Database(self.url)
            try:
                _check_database(db, upgrade=upgrade, create=create)
            except BaseException:
                db.dispose()  # a refused database leaves no connection open
                raise
            self._db = db
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def actor(self) -> Actor:
        return Actor.admin(station=f"cli@{self.settings.station_name}")


def _check_database(db: Database, *, upgrade: bool, create: bool) -> None:
    """Refuse a database the command must not use (or create); bring an embedded one up to date."""
    if db.is_sqlite and not create and not Path(str(db.url.database)).expanduser().exists():
        raise ConfigError(
            _("There is no database file {path}.").format(path=quoted(db.url.database)),
            _("Check the path; a new station database is made by flat-desktop db upgrade --db URL "
              "or flat-desktop demo --db URL."),
        )
    if db.is_sqlite:
        _refuse_a_foreign_database(db)
    db.check()
    if not db.is_sqlite:
        _refuse_a_foreign_database(db)
    if upgrade and migrate.needs_upgrade(db):
        if not db.is_sqlite:
            raise ConfigError(
                _("The database schema is out of date."), _("Run: flat-desktop db upgrade --db URL")
            )
        migrate.upgrade(db)


def _tables(db: Database) -> list[str]:
    """The tables in ``db``, read without changing anything: an SQLite file is opened read-only
    before the engine's first connection turns on WAL mode (which rewrites the file's header)."""
    if db.is_sqlite:
        import sqlite3
        from contextlib import closing

        uri = Path(str(db.url.database)).expanduser().resolve().as_uri() + "?mode=ro"
        try:
            with closing(sqlite3.connect(uri, uri=True)) as conn:
                return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.Error:
            return []  # not a database at all: Database.check says so
    from sqlalchemy import inspect

    with db.engine.connect() as conn:
        return inspect(conn).get_table_names()


def _refuse_a_foreign_database(db: Database) -> None:
    """A database with tables but none of the station's belongs to another program: the
    station's tables must not be added to it."""
    tables = _tables(db)
    if tables and "alembic_version" not in tables:
        raise ConfigError(
            _("{url} is a database of another program, not a station database.").format(
                url=quoted(db.display_url, 120)),
            _("Check the database URL; a new station needs an empty database."),
        )


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _print_json_list(items: Iterable[Any]) -> None:
    """A JSON list printed item by item, the same text as ``_print_json(list(items))``."""
    out = sys.stdout
    first = True
    for item in items:
        body = json.dumps(item, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")
        out.write(("[\n  " if first else ",\n  ") + body)
        first = False
    out.write("[]\n" if first else "\n]\n")
    out.flush()


def _local(value: dt.datetime | None) -> str:
    return value.astimezone().strftime("%m-%d %H:%M") if value else ""


# --- commands ---------------------------------------------------------------------------------


def cmd_paths(ctx: Context) -> None:
    data = ctx.paths.as_dict()
    if ctx.args.json:
        _print_json(data)
    else:
        for key, value in data.items():
            print(f"{key:7} {value}")


def cmd_db(ctx: Context) -> None:
    db = ctx.database(upgrade=False, create=ctx.args.db_command == "upgrade")
    if ctx.args.db_command == "upgrade":
        migrate.upgrade(db)
        print(_("Database {url} is at revision {rev}.").format(url=db.display_url, rev=migrate.current(db)))
    elif ctx.args.db_command == "roles":
        cmd_db_roles(ctx, db)
    else:
        print(migrate.current(db) or _("(empty)"))


def _station_arg(raw: str) -> tuple[str, str | None]:
    name, sep, password = raw.partition("=")
    if not name.strip():
        raise InvalidInput(_("A station needs a name."), _("Write --station NAME or --station NAME=PASSWORD."))
    return name.strip(), password if sep else None


def cmd_db_roles(ctx: Context, db: Database) -> None:
    a = ctx.args
    if migrate.needs_upgrade(db):
        raise ConfigError(_("The database schema is out of date."), _("Run: flat-desktop db upgrade --db URL"))
    logins = roles.make_roles(
        db,
        stations=[_station_arg(raw) for raw in a.station or []],
        console_password=a.console_password,
        cli_password=a.cli_password,
        prefix=a.prefix,
    )
    print(_("Database roles on {url}:").format(url=db.display_url))
    for login in logins:
        kind = {"console": _("console PCs"), "cli": _("command line"), "station": _("station {name}")}[login.kind]
        kept = "" if login.new_password else "  " + _("(password unchanged)")
        print(f"  {kind.format(name=login.station):22} {login.role:28} {login.url}{kept}")
    if any(login.new_password for login in logins):
        print(_("Passwords are shown only this once: give each URL to its PC now (README, 'Database roles')."))


def cmd_demo(ctx: Context) -> None:
    from flat_desktop.demo.build import create_demo, refuse_a_full_database

    db = ctx.database(upgrade=False, create=True)
    if not ctx.args.reset:
        refuse_a_full_database(db)
    print(_("Building the demo station in {url} ...").format(url=db.display_url), flush=True)
    summary = create_demo(db, reset_first=ctx.args.reset, history_days=ctx.args.history_days)
    print(
        _("Demo station ready: {jobs} jobs, {events} events, {workers} people, {machines} machines.").format(
            jobs=summary.jobs, events=summary.events, workers=summary.workers, machines=summary.machines
        )
    )


def cmd_jobs(ctx: Context) -> None:
    from flat_desktop.services import board

    db = ctx.database()
    action = ctx.args.jobs_command
    if action == "show":
        job = board.job(db, ctx.args.code)
        if ctx.args.json:
            data = job.as_json()
            data["steps"] = [
                {
                    "position": st.position,
                    "title": st.title,
                    "text": st.text,
                    "kind": st.kind,
                    "state": st.state,
                    "target": st.target,
                    "count_done": st.count_done,
                    "machine": st.machine,
                }
                for st in job.steps
            ]
            _print_json(data)
            return
        print(f"{job.code}  {job.type_name}  {job.title}")
        labels = (_("status"), _("assignee"), _("quantity"), _("due"))
        print(
            f"  {labels[0]}: {status_word(job.status)}   {labels[1]}: {job.assignee or '-'}   "
            f"{labels[2]}: {job.quantity} {job.unit}   {labels[3]}: {_local(job.due)}"
        )
        if job.rework_note:
            print("  " + _("Redo: {note}").format(note=job.rework_note))
        print(render_steps(job))
        return
    if action == "assign":
        view = board.assign(db, ctx.actor(), ctx.args.code, ctx.args.worker, override_reason=ctx.args.reason)
        print(_("Job {code} is assigned to {worker}.").format(code=view.code, worker=view.assignee))
        return
    if action in ("cancel", "hold", "resume", "edit"):
        _correct(db, ctx, action)
        return
    if action in ("check", "deliver"):
        cmd_check_or_deliver(ctx, db)
        return
    if action == "comment":
        from flat_desktop.services import desk

        desk.station_comment(db, ctx.actor(), ctx.args.code, ctx.args.text)
        print(_("The comment is on job {code}; the requester reads it at the ordering desk.").format(
            code=ctx.args.code))
        return
    statuses = [ctx.args.status] if ctx.args.status else []
    # Years of jobs are read a page at a time (keyset pagination) and written out as they come,
    # so the command's memory does not grow with the history.
    pages = board.jobs_pages(db, ctx.actor(), statuses=statuses)
    if ctx.args.json:
        _print_json_list(j.as_json() for page in pages for j in page)
        return
    from flat_desktop.cli.table import render

    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    rows = [
        (
            (j.due is None, j.due or far, j.priority, j.code),
            (
                j.code,
                j.type_name,
                status_word(j.status),
                j.assignee or "-",
                f"{j.current_step}/{j.steps_total}" if j.current_step else f"-/{j.steps_total}",
                _local(j.due),
                j.title[:30],
            ),
        )
        for page in pages
        for j in page
    ]
    rows.sort(key=lambda r: r[0])
    print(render([_("code"), _("type"), _("status"), _("assignee"), _("step"), _("due"), _("title")],
                 [r[1] for r in rows]))


def cmd_check_or_deliver(ctx: Context, db: Database) -> None:
    from flat_desktop.services import checking

    a = ctx.args
    if a.jobs_command == "deliver":
        checking.deliver(db, ctx.actor(), a.code, a.to)
        print(_("Job {code} is delivered to {to}.").format(code=a.code, to=" ".join(a.to.split())))
        return
    job = checking.check(db, ctx.actor(), a.code, passed=a.verdict == "pass", seen=a.seen, note=a.note or "",
                         redo_steps=a.steps, rework_to=a.worker)
    if a.verdict == "pass":
        print(_("Job {code} passed its check.").format(code=job.code))
    else:
        print(_("Job {code} is sent back to {worker} to redo.").format(code=job.code, worker=job.assignee))


def _correct(db: Database, ctx: Context, action: str) -> None:
    """jobs cancel, hold, resume, edit: a supervisor's corrections of an open job."""
    from flat_desktop.services import corrections

    args, code = ctx.args, ctx.args.code
    if action == "cancel":
        corrections.cancel(db, ctx.actor(), code, args.reason)
        print(_("Job {code} is cancelled.").format(code=code))
    elif action == "hold":
        corrections.hold(db, ctx.actor(), code, args.reason)
        print(_("Job {code} is on hold.").format(code=code))
    elif action == "resume":
        corrections.resume(db, ctx.actor(), code)
        print(_("Job {code} is resumed.").format(code=code))
    else:
        spec: dict[str, str] = {}
        for key, value in args.spec or []:
            if key in spec:
                raise InvalidInput(_("--spec {key} is given twice.").format(key=key), _("Give each value once."))
            spec[key] = value
        due = args.due if args.due is not _UNSET else None
        edit = corrections.JobEdit(
            title=args.title, due=due, no_due=args.due is None, quantity=args.quantity, spec=spec or None,
            priority=args.priority, confidential=None if args.confidential is None else args.confidential == "yes")
        if edit.empty:
            raise InvalidInput(_("Nothing to change."),
                               _("Give --title, --due, --quantity, --spec, --priority or --confidential."))
        view = corrections.edit(db, ctx.actor(), code, edit, confirmed=args.yes)
        print(_("Job {code} is changed: {title}, {n} {unit}.").format(
            code=code, title=view.title, n=view.quantity, unit=view.unit))


def status_word(status: str) -> str:
    """A job status in the reader's language (``--json`` keeps the plain status codes)."""
    words = {
        "received": _("received"), "assigned": _("assigned"), "in_progress": _("in progress"),
        "paused": _("paused"), "done": _("done"), "delivered": _("delivered"), "cancelled": _("cancelled"),
        "on_hold": _("on hold"),
    }
    return words.get(status, status)


def kind_word(kind: str) -> str:
    words = {"plain": _("plain"), "count": _("count"), "machine": _("machine"), "check": _("check"),
             "scan": _("scan")}
    return words.get(kind, kind)


def render_steps(job: Any) -> str:
    from flat_desktop.cli.table import render

    return render(
        [_("no."), _("state"), _("kind"), _("step")],
        [(st.position, "✓" if st.state == "done" else "", kind_word(st.kind), st.text) for st in job.steps],
    )


def cmd_events(ctx: Context) -> None:
    from flat_desktop.services import board

    db = ctx.database()
    if ctx.args.job is not None:
        board.job(db, ctx.args.job)  # an unknown job is a mistake, not a job with no events
    events = board.events(db, job=ctx.args.job, since=ctx.args.since, limit=ctx.args.limit)
    if ctx.args.json:
        _print_json([e.as_json() for e in events])
        return
    from flat_desktop.cli.table import render

    print(
        render(
            [_("time"), _("type"), _("worker"), _("job"), _("step"), _("machine"), _("data")],
            [
                (
                    e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
                    e.type,
                    e.worker,
                    e.job,
                    e.step,
                    e.machine,
                    json.dumps(e.data, ensure_ascii=False)[:50] if e.data else "",
                )
                for e in events
            ],
        )
    )


def cmd_workers(ctx: Context) -> None:
    from flat_desktop.services import people

    workers = people.workers(ctx.database())
    if ctx.args.json:
        _print_json([w.as_json() for w in workers])
        return
    from flat_desktop.cli.table import render

    print(
        render(
            [_("code"), _("name"), _("kana"), _("role"), _("badge"), _("skills")],
            [(w.code, w.name, w.kana, w.role, w.badge, ", ".join(s.job_type for s in w.skills)) for w in workers],
        )
    )


def cmd_machines(ctx: Context) -> None:
    from flat_desktop.services import machines

    db = ctx.database()
    action = ctx.args.machines_command
    if action is not None:
        code = ctx.args.code
        if code not in {m.code for m in machines.machines(db)}:
            raise NotFound(_("No machine {code}.").format(code=quoted(code)), _("Check the machine code."))
        if action == "out-of-order":
            machines.set_out_of_order(db, ctx.actor(), code, ctx.args.reason)
            print(_("{code} is out of order; stations refuse it now.").format(code=code))
        else:
            machines.back_in_service(db, ctx.actor(), code)
            print(_("{code} is back in service.").format(code=code))
        return
    items = machines.machines(db)
    if ctx.args.json:
        _print_json([m.as_json() for m in items])
        return
    from flat_desktop.cli.table import render

    print(
        render(
            [_("code"), _("name"), _("type"), _("state"), _("units"), _("jams")],
            [
                (
                    m.code,
                    m.name,
                    m.type,
                    _("out of order") if m.out_of_order else _("in service"),
                    m.units_total,
                    m.jams_total,
                )
                for m in items
            ],
        )
    )


def cmd_mailboxes(ctx: Context) -> None:
    from flat_desktop.services import catalog

    depts = catalog.departments(ctx.database())
    if ctx.args.json:
        _print_json([
            {"code": d.code, "name": d.name, "kana": d.kana, "mailbox": d.mailbox,
             "payload": codes.mailbox_payload(d.mailbox)}
            for d in depts
        ])
        return
    from flat_desktop.cli.table import render

    print(render([_("mailbox"), _("code"), _("Department"), _("label")],
                 [(d.mailbox, d.code, d.name, codes.mailbox_payload(d.mailbox)) for d in depts]))


# What each document names, and how a typed or scanned name becomes its code.
_PRINT_CODES: dict[str, tuple[codes.CodeKind | None, bool]] = {
    "ticket": (codes.CodeKind.TICKET, True),
    "badge": (None, True),
    "machine-label": (codes.CodeKind.MACHINE, True),
    "mailbox-label": (codes.CodeKind.MAILBOX, False),  # department codes are lower case (jinji)
    "cards": (None, True),
    "labels": (None, True),
    "portfolio": (None, True),
    "test": (None, True),
}


def _document(ctx: Context, kind: str, items: list[str]) -> bytes:
    """The PDF of a document kind from the database."""
    from flat_desktop import printing
    from flat_desktop.services import documents

    a = ctx.args
    db = ctx.database()
    if kind == "ticket":
        if not items and not a.status:
            raise InvalidInput(_("Name the jobs, or choose --status."), _("e.g. print tickets --status received"))
        fmt = printing.TicketFormat(a.format or "a4")
        pdf = documents.tickets(db, items, statuses=[a.status] if a.status else [], fmt=fmt)
    elif kind == "badge":
        pdf = documents.badges(db, items)
    elif kind == "machine-label":
        pdf = documents.machine_labels(db, items)
    elif kind == "mailbox-label":
        pdf = documents.mailbox_labels(db, items)
    elif kind == "portfolio":
        pdf = documents.portfolio(db, items[0], a.first, a.last, furigana=a.furigana)
    else:
        if len(items) != 1:
            raise InvalidInput(_("Name one order."), _("e.g. print cards O-261128-004"))
        pdf = documents.deliverables(db, items[0])
    return pdf


# Which of the PC's printers (Settings.printers) each document goes to.
PRINT_KIND = {"ticket": "tickets", "badge": "badges", "machine-label": "labels", "mailbox-label": "labels",
              "cards": "deliverables", "labels": "deliverables", "portfolio": "reports", "test": "tickets"}


def cmd_print(ctx: Context) -> None:
    """Render a document; write it to -o FILE, or send it to the printer (the PDF is kept)."""
    from flat_desktop import printing

    a = ctx.args
    what = a.what
    kind = what.removesuffix("s") if what not in ("cards", "labels") else what
    if kind != "ticket" and (a.status or a.format):
        raise UsageError(_("--status and --format are for tickets only."),
                         _("Leave them out, or print tickets."), prog="flat-desktop print")
    portfolio_options.refuse_others(a, kind)
    scanned, upper = _PRINT_CODES[kind]
    items = [arg.as_code(item, scanned, upper=upper) for item in a.items]
    output = Path(a.output) if a.output else None
    if output is not None:
        check_output(output)  # before the document is made, and before anything is written
    if kind == "test":  # the printer alone: no database needed
        from flat_desktop.printing.test_page import render_test_page

        pdf = render_test_page(ctx.settings.station_name, a.printer or ctx.settings.printer_for("tickets"))
    else:
        pdf = _document(ctx, kind, items)
    if output is not None:
        if write_file(output, pdf):  # not into a pipe (-o /dev/stdout): the PDF is all it gets
            print(_("Saved {path}.").format(path=quoted(output, 4096)))
        return
    if printing.spooler_available():
        send = printing.send_to_printer
    else:  # Windows: no lp, the console's own way to the printer, with no window
        from flat_desktop.gui.print_direct import send_through_qt as send
    try:
        done = send(pdf, ctx.paths.data / "print", printer=a.printer or ctx.settings.printer_for(PRINT_KIND[kind]),
                    name=f"{what}-{'-'.join(items) or 'all'}")
    except printing.PrintError as exc:
        raise ConfigError(str(exc), _("Check the printer, or print the saved PDF.")) from None
    except OSError as exc:  # the folder that keeps every printed PDF cannot be written
        raise ConfigError(
            _("The PDF cannot be kept in {folder}: {error}").format(
                folder=quoted(ctx.paths.data / "print", 4096), error=exc.strerror or exc),
            _("Check the data folder (flat-desktop paths), or print with -o FILE.pdf."),
        ) from None
    print(_("Sent to the printer: {path}").format(path=quoted(done.path, 4096)))


def _station_database(ctx: Context) -> tuple[Database, Any]:
    """The station's database, and its link to the server when it has one."""
    if parse_url(ctx.url).get_backend_name() == "sqlite":
        return ctx.database(create=True), None
    # On a shared server the station works on a local cache, so it starts (and keeps working)
    # while the server or the network is down.
    from flat_desktop.sync import open_station

    ctx.paths.ensure()
    name = getattr(ctx.args, "station", None) or ctx.settings.station_name
    link = open_station(ctx.url, ctx.paths.station_cache, name)
    return link.db, link


def cmd_gui(ctx: Context) -> None:
    """Start the station or the console (Qt is imported only here). A database that cannot be
    used is said once: over the early window if one was painted (which then goes), else by the
    command's error line alone (launch.py paints nothing in front of a database sure to fail)."""
    if ctx.args.command == "station":
        from flat_desktop.gui.station import app as station_app

        try:
            db, link = _station_database(ctx)
        except FlatError as exc:
            station_app.boot.refuse(exc)
            raise
        sys.exit(station_app.run(db, ctx.settings, ctx.paths, ctx.args, link=link))
    from flat_desktop.gui.console import app as console_app

    try:
        db = ctx.database(create=True)
    except FlatError as exc:
        console_app.refuse(exc)
        raise
    sys.exit(console_app.run(db, ctx.settings, ctx.paths, ctx.args))


# --- argument parsing ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help=_("database URL (default: FLAT_DB, the settings file, or the embedded file)"),
    )
    json_opt = Parser(add_help=False)
    json_opt.add_argument("--json", action="store_true", help=_("print JSON"))

    parser = Parser(
        prog="flat-desktop", parents=[common], description=_("flat smart station: worker station, console and tools")
    )
    parser.add_argument("--version", action="version", version=f"flat-desktop {__version__}",
                        help=_("show program's version number and exit"))  # argparse's default is never translated
    parser.add_argument("--lang", choices=["ja", "en"], help=_("language (default: ja)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, fn: Callable[[Context], None], help_: str, *parents: Parser
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common, *parents], help=help_, description=help_)
        p.set_defaults(fn=fn)
        return p

    st = add("station", cmd_gui, _("start the worker station"))
    st.add_argument("--windowed", action="store_true", help=_("a window instead of full screen (development)"))
    st.add_argument("--station", metavar="NAME", type=arg.pc_name, help=_("this PC's station name"))
    st.add_argument("--kiosk", action=argparse.BooleanOptionalAction, default=None,
                    help=_("only a supervisor's badge and PIN close the station (default: the settings' kiosk)"))
    co = add("console", cmd_gui, _("start the supervisor console"))
    co.add_argument("--station", metavar="NAME", type=arg.pc_name, help=_("this PC's name"))
    co.add_argument("--windowed", action="store_true", help=argparse.SUPPRESS)

    demo = add("demo", cmd_demo, _("load the demo station (an empty database, or --reset)"))
    demo.add_argument("--reset", action="store_true", help=_("delete everything in the database first"))
    demo.add_argument("--history-days", type=arg.history_days, default=90, metavar="N",
                      help=_("days of history (default 90)"))

    dbp = add("db", cmd_db, _("database schema"))
    dbp.add_argument("db_command", choices=["upgrade", "current", "roles"])
    dbp.add_argument(
        "--station",
        action="append",
        metavar="NAME[=PASSWORD]",
        type=arg.typed,
        help=_("roles: a station PC's login (repeat for each station; a password is made if none is given)"),
    )
    dbp.add_argument("--console-password", metavar="PASSWORD", type=arg.typed, help=_("roles: the console's password"))
    dbp.add_argument("--cli-password", metavar="PASSWORD", type=arg.typed, help=_("roles: the command line's password"))
    dbp.add_argument("--prefix", default="flat", type=arg.typed,
                     help=_("roles: the start of every role name (default flat)"))

    jobs = add("jobs", cmd_jobs, _("list jobs, show one, assign, cancel, hold, resume, edit, check or deliver one"),
               json_opt)
    jobs.add_argument("--status", choices=JOB_STATUSES)
    jobs_sub = jobs.add_subparsers(dest="jobs_command", metavar="ACTION")
    show = jobs_sub.add_parser("show", parents=[common, json_opt], help=_("one job with its steps"))
    show.add_argument("code", metavar="CODE", type=arg.job_code)
    assign = jobs_sub.add_parser("assign", parents=[common], help=_("assign a job to a worker"))
    assign.add_argument("code", metavar="CODE", type=arg.job_code)
    assign.add_argument("worker", metavar="WORKER", type=arg.worker_code)
    assign.add_argument("--reason", type=arg.text, help=_("why, when the worker has no skill for the job type"))
    cancel = jobs_sub.add_parser("cancel", parents=[common], help=_("cancel a job that is not finished"))
    cancel.add_argument("code", metavar="CODE", type=arg.job_code)
    cancel.add_argument("--reason", type=arg.text, required=True, help=_("why the job is cancelled"))
    check = jobs_sub.add_parser("check", parents=[common],
                                help=_("record the quality check of a done job: pass, or fail and send it back"))
    check.add_argument("code", metavar="CODE", type=arg.job_code)
    verdict = check.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--pass", dest="verdict", action="store_const", const="pass", help=_("the job passed"))
    verdict.add_argument("--fail", dest="verdict", action="store_const", const="fail",
                         help=_("the job failed: it goes back to be redone (needs --note)"))
    check.add_argument("--seen", metavar="N", type=arg.seen_count, help=_("how many you counted"))
    check.add_argument("--note", type=arg.text, help=_("what you saw; for a fail, what to redo"))
    check.add_argument("--steps", metavar="N,N", type=arg.step_numbers,
                       help=_("fail: the step numbers to redo (default: every step)"))
    check.add_argument("--worker", metavar="WORKER", type=arg.worker_code,
                       help=_("fail: who redoes it (default: who did it)"))
    deliver = jobs_sub.add_parser("deliver", parents=[common], help=_("deliver a checked job: who received it"))
    deliver.add_argument("code", metavar="CODE", type=arg.job_code)
    deliver.add_argument("--to", metavar="NAME", type=arg.text, required=True, help=_("who received it"))
    comment = jobs_sub.add_parser("comment", parents=[common],
                                  help=_("a comment to the requester, shown on the order at the web ordering desk"))
    comment.add_argument("code", metavar="CODE", type=arg.job_code)
    comment.add_argument("--text", type=arg.text, required=True, help=_("what to say"))
    hold = jobs_sub.add_parser("hold", parents=[common],
                               help=_("stop a job until it is resumed (nobody starts or goes on with it)"))
    hold.add_argument("code", metavar="CODE", type=arg.job_code)
    hold.add_argument("--reason", type=arg.text, required=True, help=_("why the job is put on hold"))
    resume = jobs_sub.add_parser("resume", parents=[common], help=_("let a job on hold go on"))
    resume.add_argument("code", metavar="CODE", type=arg.job_code)
    edit = jobs_sub.add_parser("edit", parents=[common],
                               help=_("change an open job and its order (steps not done are made again)"))
    edit.add_argument("code", metavar="CODE", type=arg.job_code)
    edit.add_argument("--title", type=arg.text, help=_("the new title (its reading is proposed)"))
    edit.add_argument("--due", metavar="ISO|none", type=arg.due, default=_UNSET,
                      help=_("the new due time, or none to take it away"))
    edit.add_argument("--quantity", type=arg.quantity, metavar="N", help=_("the new quantity"))
    edit.add_argument("--spec", type=arg.spec_value, action="append", metavar="KEY=VALUE",
                      help=_("a spec value of the job type (repeat for each)"))
    edit.add_argument("--priority", type=int, choices=[1, 2, 3], help=_("1 urgent, 2 normal, 3 low"))
    edit.add_argument("--confidential", choices=["yes", "no"],
                      help=_("yes: the board and the ticket show only the code and type"))
    edit.add_argument("--yes", action="store_true", help=_("a quantity far above the usual is meant"))

    ev = add("events", cmd_events, _("the event log"), json_opt)
    ev.add_argument("--job", metavar="CODE", type=arg.job_code)
    ev.add_argument("--since", metavar="ISO", type=arg.since)
    ev.add_argument("--limit", type=arg.events_limit, metavar="N")
    add("workers", cmd_workers, _("workers and supervisors"), json_opt)
    mach = add("machines", cmd_machines, _("machines; mark one out of order or back in service"), json_opt)
    mach_sub = mach.add_subparsers(dest="machines_command", metavar="ACTION")
    broken = mach_sub.add_parser("out-of-order", parents=[common],
                                 help=_("stations refuse the machine until it is back"))
    broken.add_argument("code", metavar="CODE", type=arg.machine_code)
    broken.add_argument("--reason", type=arg.text, required=True, help=_("what is wrong with it"))
    fixed = mach_sub.add_parser("in-service", parents=[common], help=_("the machine can be used again"))
    fixed.add_argument("code", metavar="CODE", type=arg.machine_code)
    add("mailboxes", cmd_mailboxes, _("departments' mailboxes and their label codes"), json_opt)
    add("paths", cmd_paths, _("data, log and config folders"), json_opt)
    pr = add("print", cmd_print, _("print tickets, badges, labels and deliverables"))
    pr.add_argument(
        "what",
        choices=[
            "ticket",
            "tickets",
            "badge",
            "badges",
            "machine-label",
            "machine-labels",
            "mailbox-label",
            "mailbox-labels",
            "cards",
            "labels",
            "portfolio",
            "test",
        ],
    )
    pr.add_argument("items", nargs="*", metavar="CODE", type=arg.item_code,
                    help=_("job, worker, machine, department or order codes"))
    pr.add_argument("-o", "--output", metavar="FILE.pdf", type=arg.output_file,
                    help=_("write the PDF here instead of printing"))
    pr.add_argument("--printer", metavar="NAME", type=arg.printer, help=_("printer name (default: the system default)"))
    pr.add_argument("--status", choices=JOB_STATUSES, help=_("all jobs in this status (tickets)"))
    pr.add_argument("--format", choices=["a4", "a4x4", "roll62"], help=_("ticket format (default a4)"))
    portfolio_options.add_options(pr)
    rt = add("routes", cmd_routes, _("make the day's scheduled round jobs for whoever is in that day"))
    rt.add_argument("--date", metavar="YYYY-MM-DD", type=arg.route_day)
    add_schedule_parsers(add, common)
    add_report_parsers(add, json_opt)
    add_say_parsers(add, json_opt)
    add_web_parsers(add, common)
    add_install_parsers(add)
    return parser


def _language_asked(argv: Sequence[str]) -> str | None:
    """``--lang xx`` or ``--lang=xx``, read before the parser is built (its help is translated)."""
    for i, word in enumerate(argv):
        if word == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith("--lang="):
            return word.partition("=")[2]
    return None


LOG_FILE = "flat-desktop.log"


def log_to_file(paths: Paths) -> None:
    """The program's log (a driver's own words on a refused database, ...) goes to a file in the
    log folder, never onto the screen: the user reads the one translated error line."""
    logger = logging.getLogger("flat_desktop")
    target = str(paths.log / LOG_FILE)
    if any(getattr(h, "baseFilename", None) == target for h in logger.handlers):
        return
    try:
        paths.log.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(target, encoding="utf-8", delay=True)
    except OSError:
        handler = logging.NullHandler()  # a log folder that cannot be written: no log, still no noise
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > logging.INFO:
        logger.setLevel(logging.INFO)


def _say(exc: FlatError, prog: str = "flat-desktop") -> None:
    """The one line a mistake gets on stderr (a server's message may span several lines)."""
    print(f"{prog}: {' '.join(str(exc).split())}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # --lang, else FLAT_LANG, else the settings file, else Japanese; known before --help is built.
    set_language(_language_asked(argv))
    try:
        with argparse_in_our_language():
            args = build_parser().parse_args(argv)
    except UsageError as exc:
        _say(exc, exc.prog)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else 0
    ctx: Context | None = None
    try:
        ctx = Context(args)
        log_to_file(ctx.paths)
        if ctx.settings.language and not args.lang and not os.environ.get("FLAT_LANG"):
            set_language(ctx.settings.language)
        args.fn(ctx)
    except FlatError as exc:
        _say(exc, exc.prog if isinstance(exc, UsageError) else "flat-desktop")
        return EXIT_REFUSED if isinstance(exc, NotAllowed | Conflict | NeedsConfirmation) else EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. piped into head
        return 0
    finally:
        if ctx is not None:
            ctx.close()
    return 0
