"""each job's working time, kept by the ledger so the reports sum a column

Revision ID: 0010_work_time
Revises: 0009_editors

``jobs.work_seconds`` is the time the ledger's work clock (``ledger.work_time``) ran over the
job's events: from each start or resume to the next break, finish, rework, hold or cancel.
``jobs.work_clock_at`` is the start of the interval running now. Existing jobs are filled in
from their events here, once.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

import flat_desktop.db.models
from flat_desktop.db.ledger import work_time

revision = "0010_work_time"
down_revision = "0009_editors"
branch_labels = None
depends_on = None

_CLOCK_EVENTS = ("job_started", "job_resumed", "step_done", "job_paused", "job_finished", "job_rework",
                 "job_held", "job_cancelled")


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("work_seconds", sa.Float(), nullable=True))
        batch.add_column(sa.Column("work_clock_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True))
    _fill_in()


def _fill_in() -> None:
    conn = op.get_bind()
    events = sa.table("events", sa.column("seq", sa.BigInteger), sa.column("job", sa.String),
                      sa.column("type", sa.String),
                      sa.column("at", flat_desktop.db.models.UTCDateTime(timezone=True)))
    jobs = sa.table("jobs", sa.column("code", sa.String), sa.column("work_seconds", sa.Float),
                    sa.column("work_clock_at", flat_desktop.db.models.UTCDateTime(timezone=True)))
    clock: dict[str, tuple[dt.datetime | None, float | None]] = {}
    rows = conn.execute(sa.select(events.c.job, events.c.type, events.c.at)
                        .where(events.c.type.in_(_CLOCK_EVENTS), events.c.job.is_not(None))
                        .order_by(events.c.seq))
    for job, kind, at in rows:
        clock[job] = work_time([(kind, at)], *clock.get(job, (None, None)))
    for job, (start, total) in clock.items():
        if start is not None or total is not None:
            conn.execute(jobs.update().where(jobs.c.code == job).values(work_seconds=total, work_clock_at=start))


def downgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("work_clock_at")
        batch.drop_column("work_seconds")
