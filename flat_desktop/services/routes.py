"""Scheduled rounds (定期業務): each route's jobs for a day, made at its times by its rota."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from flat_desktop.db import queries
from flat_desktop.db.database import Database
from flat_desktop.db.ledger import record
from flat_desktop.db.models import Job
from flat_desktop.events import EventType, NewEvent, utcnow
from flat_desktop.services.context import Actor, require_supervisor
from flat_desktop.services.orders import new_job_code, step_rows


def generate_day(
    db: Database, actor: Actor, day: dt.date, *, tz: dt.tzinfo | None = None, now: dt.datetime | None = None
) -> list[str]:
    """Make the route jobs of ``day`` that do not exist yet; returns their codes.

    Idempotent: a route run (route, day, time) already made is skipped, so every station
    PC and the console can call this at start-up.
    """
    require_supervisor(actor)
    tz = tz or dt.datetime.now().astimezone().tzinfo
    now = now or utcnow()
    made: list[str] = []
    with db.session() as s:
        for route in queries.routes(s):
            if not route.active or day.weekday() not in route.weekdays:
                continue
            jt = route.job_type
            stops = [(st.department.name, st.department.mailbox) for st in route.stops]
            for i, hhmm in enumerate(route.times):
                hour, minute = (int(x) for x in hhmm.split(":"))
                due = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)
                run = f"{route.code}@{day.isoformat()}T{hhmm}"
                exists = s.scalar(select(Job.id).where(Job.route_code == route.code, Job.due_at == due))
                if exists:
                    continue
                code = new_job_code(s, due)
                title = f"{route.name} {hhmm}"
                record(
                    s,
                    NewEvent(
                        EventType.JOB_CREATED,
                        station=actor.station,
                        worker=actor.worker,
                        job=code,
                        at=now,
                        data={
                            "job_type_id": jt.id,
                            "type": jt.key,
                            "route": route.code,
                            "run": run,
                            "title": title,
                            "quantity": len(stops),
                            "spec": {},
                            "due": due.isoformat(),
                            "priority": 2,
                            "steps": step_rows(jt, {}, len(stops), stops),
                        },
                    ),
                )
                if route.rota:
                    who = route.rota[(day.toordinal() + i) % len(route.rota)]
                    record(
                        s,
                        NewEvent(
                            EventType.JOB_ASSIGNED,
                            station=actor.station,
                            worker=actor.worker,
                            job=code,
                            at=now,
                            data={"assignee": who, "previous": None, "rota": True},
                        ),
                    )
                made.append(code)
    return made
