"""A job's page in words a supervisor reads: its spec with the job type's field labels and
value words, and its history with each event named and its data said plainly
(「割り当て → 佐藤 健太」, 「手順 3「数える」 200 数えた」), never as raw keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.errors import NotFound
from flat_desktop.events import EventType
from flat_desktop.i18n import _
from flat_desktop.services.views import EventView, JobView
from flat_desktop.spec import SpecField, parse_fields


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    what: str  # the event's name
    who: str  # the person's name (or the station, for a station's own alert)
    detail: str  # its data in words ("" when there is nothing to add)


@dataclass(frozen=True)
class CommentLine:
    """A comment on the job's order, between the station and the requester (``order_comment``)."""

    at: dt.datetime
    by: str
    from_station: bool
    text: str


@dataclass(frozen=True)
class JobPage:
    job: JobView
    spec: tuple[tuple[str, str], ...]  # (label, value in words)
    history: tuple[HistoryLine, ...]
    department: str = ""
    requester: str = ""
    comments: tuple[CommentLine, ...] = ()  # oldest first
    takes_comments: bool = False  # the job has an order, so the station can write to its requester


def event_name(event_type: str) -> str:
    names = {
        EventType.SIGNED_IN: _("Sign-in"),
        EventType.SIGNED_OUT: _("Sign-out"),
        EventType.PIN_REJECTED: _("Wrong PIN"),
        EventType.ORDER_CREATED: _("Order placed"),
        EventType.JOB_CREATED: _("Job received"),
        EventType.JOB_ASSIGNED: _("Job assigned"),
        EventType.JOB_UNASSIGNED: _("Job withdrawn"),
        EventType.JOB_STARTED: _("Job started"),
        EventType.STEP_DONE: _("Step done"),
        EventType.JOB_PAUSED: _("Job paused"),
        EventType.JOB_RESUMED: _("Job resumed"),
        EventType.JOB_FINISHED: _("Job finished"),
        EventType.JOB_CHECKED: _("Job checked"),
        EventType.JOB_DELIVERED: _("Job delivered"),
        EventType.JOB_CANCELLED: _("Job cancelled"),
        EventType.JOB_HELD: _("Job put on hold"),
        EventType.JOB_RESUMED_FROM_HOLD: _("Job taken off hold"),
        EventType.JOB_EDITED: _("Job changed"),
        EventType.JOB_REWORK: _("Sent back to be redone"),
        EventType.MACHINE_STARTED: _("Machine started"),
        EventType.MACHINE_STOPPED: _("Machine stopped"),
        EventType.MACHINE_OUT_OF_ORDER: _("Machine out of order"),
        EventType.MACHINE_IN_SERVICE: _("Machine back in service"),
        EventType.HELP_CALLED: _("Help call"),
        EventType.HELP_ANSWERED: _("Help call answered"),
        EventType.STUCK: _("Taking long"),
        EventType.SCAN_REJECTED: _("Scan refused"),
        EventType.SYNC_CONFLICT: _("Offline work on a changed job"),
        EventType.SYNC_REFUSED: _("Refused by the server"),
        EventType.SPEECH_FAILED: _("The station cannot speak"),
        EventType.MASTER_CHANGED: _("Settings changed"),
        EventType.WEB_SIGNED_IN: _("Sign-in at the ordering desk"),
        EventType.WEB_SIGNED_OUT: _("Sign-out at the ordering desk"),
        EventType.WEB_SIGN_IN_REFUSED: _("Sign-in refused at the ordering desk"),
        EventType.ORDER_COMMENT: _("Comment"),
        EventType.RECEIPT_CONFIRMED: _("Receipt confirmed"),
        EventType.ORDER_FILE_ATTACHED: _("File attached"),
    }
    return names.get(event_type, event_type)  # type: ignore[call-overload]


def spec_words(fields: list[SpecField], values: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The order's spec values under the job type's labels, in the spec's order; choices by their
    words, yes/no as words, numbers with their unit. Keys the spec no longer has are kept last."""
    out: list[tuple[str, str]] = []
    known = set()
    for f in fields:
        known.add(f.key)
        if f.key not in values:
            continue
        v = values[f.key]
        if f.type == "bool" or isinstance(v, bool):
            shown = _("yes") if v else _("no")
        elif f.type == "choice":
            shown = f.choice_label(v)
        elif v is None or v == "":
            shown = "-"
        else:
            shown = f"{v}{(' ' + f.shown_unit()) if f.shown_unit() else ''}"
        out.append((f.shown_label(), shown))
    out.extend((k, str(v)) for k, v in values.items() if k not in known)
    return tuple(out)


def _detail(e: EventView, names: dict[str, str], steps: dict[int, str], unit: str) -> str:
    d = e.data

    def who(code: str | None) -> str:
        return names.get(code, code) if code else _("nobody")

    if e.type == EventType.ORDER_COMMENT:
        return str(d.get("text", ""))
    if e.type == EventType.ORDER_FILE_ATTACHED:
        return f"{d.get('original', '')} ({d.get('kind', '')}, {int(d.get('size', 0)) // 1024 + 1} KB)"
    if e.type == EventType.JOB_ASSIGNED:
        parts = ["→ " + who(d.get("assignee"))]
        if d.get("rota"):
            parts.append(_("by the rota"))
        if d.get("override_reason"):
            parts.append(_("without the skill, because: {reason}").format(reason=d["override_reason"]))
        return " ".join(parts)
    if e.type == EventType.JOB_UNASSIGNED:
        return _("taken back from {who}").format(who=who(d.get("previous")))
    if e.type == EventType.STEP_DONE and e.step is not None:
        said = _("step {n} \u201c{title}\u201d").format(n=e.step, title=steps.get(e.step, ""))
        if d.get("count") is not None:
            said += " " + _("{n} counted").format(n=d["count"])
        if d.get("scanned"):
            said += " " + _("(scanned)")
        return said
    if e.type == EventType.JOB_PAUSED:
        reason = {"break": _("a break"), "signed_out": _("the worker signed out")}.get(d.get("reason", ""),
                                                                                        d.get("reason", ""))
        return _("step {n}, {reason}").format(n=e.step, reason=reason) if e.step else reason
    if e.type == EventType.JOB_FINISHED:
        said = _("{n} {unit} done").format(n=d.get("units", "-"), unit=unit)
        if d.get("spoiled"):
            said += ", " + _("{n} spoiled").format(n=d["spoiled"])
        return said
    if e.type == EventType.JOB_DELIVERED:
        if d.get("round"):
            return _("the round's last stop was confirmed: closed by itself")
        return _("received by {to}").format(to=d.get("to") or "-")
    if e.type in (EventType.JOB_CANCELLED, EventType.JOB_HELD):
        return _("because: {reason}").format(reason=d.get("reason", ""))
    if e.type == EventType.JOB_EDITED:
        words = {"title": _("title"), "due": _("due"), "quantity": _("quantity"), "spec": _("spec"),
                 "priority": _("priority"), "confidential": _("confidential")}
        changed = d.get("changes") or {}
        parts = [f"{words.get(k, k)} → {v}" for k, v in changed.items() if k not in ("spec", "reading")]
        if "spec" in changed:
            parts.append(words["spec"])
        return _("changed: {what}").format(what=", ".join(parts))
    if e.type == EventType.JOB_CHECKED:
        said = _("passed") if d.get("passed", True) else _("failed")
        if d.get("seen") is not None:
            said += " · " + _("{n} counted").format(n=d["seen"])
        return " · ".join(p for p in (said, d.get("note", "")) if p)
    if e.type == EventType.JOB_REWORK:
        steps_said = ", ".join(str(n) for n in d.get("steps") or [])
        return " · ".join(p for p in ("→ " + who(d.get("assignee")),
                                      _("steps {steps}").format(steps=steps_said) if steps_said else "",
                                      d.get("note", "")) if p)
    if e.type in (EventType.MACHINE_STARTED, EventType.MACHINE_STOPPED):
        said = e.machine or ""
        if e.step:
            said = _("step {n}").format(n=e.step) + " · " + said
        if e.type == EventType.MACHINE_STOPPED:
            outcome = {"ok": _("normal end"), "jam": _("paper jam"), "fault": _("fault")}.get(
                d.get("outcome", ""), d.get("outcome", ""))
            said += " · " + _("{n} units, {outcome}").format(n=d.get("units", 0), outcome=outcome)
        return said
    if e.type == EventType.HELP_CALLED:
        kind = {"jam": _("machine jam"), "help": _("help")}.get(d.get("kind", "help"), d.get("kind", ""))
        return kind + (" · " + _("step {n}").format(n=e.step) if e.step else "")
    if e.type == EventType.HELP_ANSWERED:
        outcome = {"solved": _("Solved"), "later": _("Later"), "handover": _("Handed over")}.get(
            d.get("outcome", ""), "")
        parts = [p for p in (_("call of {who}").format(who=who(d.get("caller"))), outcome, d.get("note", "")) if p]
        return " · ".join(parts)
    if e.type == EventType.STUCK:
        minutes = round(int(d.get("seconds", 0)) / 60)
        return _("step {n}: {m} min so far").format(n=e.step, m=minutes)
    if e.type == EventType.SCAN_REJECTED:
        return str(d.get("reason", ""))
    return ""


def job_page(db: Database, code: str) -> JobPage:
    """The job with its steps, its spec in words and its history, oldest first."""
    with db.reader() as s:
        job = queries.job(s, code)
        if job is None:
            raise NotFound(_("There is no job {code}.").format(code=code), _("Check the job code."),
                           reason="unknown_job")
        view = JobView.of(job, with_steps=True)
        fields = parse_fields(list(job.job_type.spec))
        order = job.order
        department = order.department.name if order is not None and order.department is not None else ""
        requester = order.requester.name if order is not None and order.requester is not None else ""
        events = [EventView.of(e) for e in queries.events(s, job=code)]
        names = {w.code: w.name for w in queries.workers(s, active_only=False)}
    steps = {st.position: st.title for st in view.steps}
    history = tuple(
        # A requester at the web ordering desk is named in the event (``by``), not by a worker code.
        HistoryLine(e.at, event_name(e.type),
                    names.get(e.worker or "", e.worker or str(e.data.get("by") or "") or e.station or ""),
                    _detail(e, names, steps, view.unit))
        for e in events)
    comments = tuple(
        CommentLine(e.at, str(e.data.get("by") or names.get(e.worker or "", e.worker or "")),
                    e.data.get("from") != "web", str(e.data.get("text", "")))
        for e in events if e.type == EventType.ORDER_COMMENT)
    from_web = any(e.type in (EventType.JOB_CREATED, EventType.ORDER_CREATED) and e.data.get("source") == "web"
                   for e in events)
    return JobPage(replace(view, from_web=from_web), spec_words(fields, view.spec), history, department,
                   requester, comments, takes_comments=order is not None)
