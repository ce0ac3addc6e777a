"""Printed documents from station data: job tickets, badges, machine and mailbox labels, and
the deliverables of card and file orders. Reads the database, builds the printing records,
and returns PDF bytes (flat_desktop.printing draws them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flat_desktop import printing, ruby, spec
from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.models import Job
from flat_desktop.errors import InvalidInput, NotFound
from flat_desktop.i18n import _

_PRIORITY = {1: printing.Priority.URGENT, 2: printing.Priority.NORMAL, 3: printing.Priority.NORMAL}


def spec_words(f: spec.SpecField, value: object) -> str:
    """A spec value as a person reads it: はい/いいえ, a choice's label, a number with its unit."""
    if f.type == "bool":
        return _("yes") if value else _("no")
    if f.choices:
        return f.choice_label(value)
    return f"{value}{f.shown_unit()}"


def _ticket(job: Job) -> printing.JobTicket:
    jt = job.job_type
    order = job.order
    fields = {f.key: f for f in spec.parse_fields(jt.spec)}
    specs = tuple(
        printing.SpecValue(fields[k].shown_label(), spec_words(fields[k], v))
        for k, v in job.spec_values.items()
        if k in fields and v not in (None, "")
    )
    return printing.JobTicket(
        job_code=job.code,
        job_type=printing.JobType(jt.key),
        title=job.title,
        requester=order.requester.name if order and order.requester else "",
        department=order.department.name if order and order.department else "",
        quantity=job.quantity,
        unit=jt.unit,
        due=job.due_at.astimezone() if job.due_at else None,
        priority=_PRIORITY.get(job.priority, printing.Priority.NORMAL),
        specs=specs[:6],
        steps=tuple(ruby.to_plain(st.text) for st in job.steps),
        confidential=job.confidential,
        order_code=order.code if order else "",
    )


def tickets(
    db: Database,
    job_codes: Sequence[str] = (),
    *,
    statuses: Sequence[str] = (),
    fmt: printing.TicketFormat = printing.TicketFormat.A4,
) -> bytes:
    """Tickets for the given jobs, or for every job in ``statuses``."""
    with db.reader() as s:
        if job_codes:
            jobs = []
            for code in job_codes:
                job = queries.job(s, code)
                if job is None:
                    raise NotFound(_("There is no job {code}.").format(code=code), _("Check the job code."))
                jobs.append(job)
        else:
            jobs = list(queries.jobs(s, statuses=statuses))
        if not jobs:
            raise NotFound(_("No jobs to print."), _("Choose jobs or another status."))
        return printing.render_tickets([_ticket(j) for j in jobs], fmt)


def badges(db: Database, worker_codes: Sequence[str] = ()) -> bytes:
    with db.reader() as s:
        workers = [w for w in queries.workers(s) if not worker_codes or w.code in worker_codes]
        missing = set(worker_codes) - {w.code for w in workers}
        if missing:
            raise NotFound(_("No worker {code}.").format(code=", ".join(sorted(missing))), _("Check the worker code."))
        if not workers:
            raise NotFound(_("There are no workers yet, so there are no badges to print."),
                           _("Add the workers first (console, Workers tab)."))
        roles = {"worker": _("Staff"), "supervisor": _("Supervisor")}
        return printing.render_badges(
            [printing.WorkerBadge(w.name, w.kana, roles.get(w.role, w.role), w.badge) for w in workers]
        )


def machine_labels(db: Database, machine_codes: Sequence[str] = ()) -> bytes:
    with db.reader() as s:
        items = [m for m in queries.machines(s) if not machine_codes or m.code in machine_codes]
        missing = set(machine_codes) - {m.code for m in items}
        if missing:
            raise NotFound(
                _("No machine {code}.").format(code=", ".join(sorted(missing))), _("Check the machine code.")
            )
        if not items:
            raise NotFound(_("There are no machines yet, so there are no labels to print."),
                           _("Add the machines first (console, Machines tab)."))
        kinds = set(printing.MachineKind)
        return printing.render_machine_labels(
            [
                printing.MachineLabel(
                    m.name, m.code, printing.MachineKind(m.type) if m.type in kinds else printing.MachineKind.OTHER
                )
                for m in items
            ]
        )


def mailbox_labels(db: Database, department_codes: Sequence[str] = ()) -> bytes:
    with db.reader() as s:
        depts = [
            d
            for d in queries.departments(s)
            if not department_codes or d.code in department_codes or d.mailbox in department_codes
        ]
        if not depts:
            raise NotFound(_("No such department."), _("Use a department code or mailbox number."))
        return printing.render_mailbox_labels([printing.MailboxLabel(d.name, d.mailbox) for d in depts])


ORGANISATION = "埼玉県"
ADDRESS = "〒330-9301 さいたま市浦和区高砂3-15-1"


def _card(name: str, kana: str, department: str, title: str = "", phone: str = "",
          email: str = "") -> printing.BusinessCard:
    return printing.BusinessCard(name=name, kana=kana, title=title, department=department, organisation=ORGANISATION,
                                 address=ADDRESS, phone=phone, email=email)


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


DELIVERABLE_TYPES = ("cards", "files")  # job types whose order prints a deliverable


def order_of_job(db: Database, job_code: str) -> str:
    """The code of the order ``job_code`` was made for (the board prints an order's deliverable from its job)."""
    with db.reader() as s:
        job = queries.job(s, job_code)
        if job is None or job.order is None:
            raise NotFound(_("Job {code} was not made from an order.").format(code=job_code),
                           _("Print it from the order history."))
        return job.order.code


def deliverables(db: Database, order_code: str) -> bytes:
    """The standard deliverable of a card/name-tag or file order, filled from the order.

    An order with a list prints its list: one business card or name tag per person, one
    label per text. Without a list, the requester's card (or the spine text) is repeated."""
    with db.reader() as s:
        order = queries.order(s, order_code)
        if order is None:
            raise NotFound(_("There is no order {code}.").format(code=order_code), _("Search the order history."))
        key = order.job_type.key
        person = order.requester
        dept = order.department.name if order.department else ""
        values = order.spec_values
        rows = list(order.rows)
        if key == "cards":
            if rows and values.get("kind") == "tag":
                return printing.render_name_tags(
                    [printing.NameTag(r.name, r.kana, _joined(dept, r.section), r.title) for r in rows])
            if rows:
                return printing.render_card_list(
                    [_card(r.name, r.kana, _joined(dept, r.section), r.title, r.phone, r.email) for r in rows])
            name = person.name if person else order.title
            kana = person.kana if person else ""
            if values.get("kind") == "tag":
                return printing.render_name_tags([printing.NameTag(name, kana, dept)] * max(1, order.quantity))
            card = _card(name, kana, dept, phone=person.phone if person else "", email=person.email if person else "")
            return printing.render_business_cards(card, max(1, order.quantity))
        if key == "files":
            year = f"{values.get('year', '')}年度" if values.get("year") else ""
            texts = [r.label for r in rows] or [str(values.get("label") or order.title)] * max(1, order.quantity)
            width = {"30": "30", "50": "50", "70": "50"}.get(str(values.get("size", "30")), "30")
            return printing.render_spine_labels([printing.SpineLabel(t, dept, year) for t in texts], spine_mm=width)
        raise InvalidInput(
            _("Order {code} has no printed deliverable.").format(code=order_code),
            _("Cards, name tags and file labels can be printed."),
        )


def portfolio(db: Database, worker_code: str, first: dt.date | None = None, last: dt.date | None = None, *,
              furigana: bool = False, tz: dt.tzinfo | None = None) -> bytes:
    """A worker's experience portfolio (就労経験証明) as PDF; with ``furigana``, kana over the kanji
    of the name (from the worker's kana), the job types and machines (their readings) and the headings."""
    from flat_desktop import japanese
    from flat_desktop.printing.portfolio import HEADINGS, render_portfolio
    from flat_desktop.services import portfolio as figures

    p = figures.portfolio(db, worker_code, first, last, tz=tz)
    readings: dict[str, str] = {}
    name = ""
    if furigana:
        name = ruby.from_kana(p.name, p.kana) if p.kana else ""
        for text in (_(h) for h in HEADINGS):
            try:
                readings[text] = japanese.ruby_markup(text)
            except Exception:  # no analyser: the heading is printed without kana
                readings[text] = text
    return render_portfolio(p, furigana=furigana, name_reading=name, readings=readings)
