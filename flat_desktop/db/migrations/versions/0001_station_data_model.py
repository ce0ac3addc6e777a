"""the station data model

Revision ID: 0001
Revises:
Create Date: 2026-11-28 04:32:39.461794
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import flat_desktop.db.models

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "departments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("kana", sa.String(length=200), nullable=False),
        sa.Column("mailbox", sa.String(length=3), nullable=False),
        sa.Column("floor", sa.String(length=20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_departments")),
        sa.UniqueConstraint("code", name=op.f("uq_departments_code")),
        sa.UniqueConstraint("mailbox", name=op.f("uq_departments_mailbox")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=True),
        sa.Column("worker", sa.String(length=16), nullable=True),
        sa.Column("job", sa.String(length=20), nullable=True),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("machine", sa.String(length=8), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("recorded_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("seq", name=op.f("uq_events_seq")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_events_at"), ["at"], unique=False)
        batch_op.create_index("ix_events_job_at", ["job", "at"], unique=False)
        batch_op.create_index("ix_events_type_at", ["type", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_events_worker"), ["worker"], unique=False)

    op.create_table(
        "help_calls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("worker", sa.String(length=16), nullable=True),
        sa.Column("job", sa.String(length=20), nullable=True),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("station", sa.String(length=60), nullable=True),
        sa.Column("called_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answered_by", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_help_calls")),
        sa.UniqueConstraint("event_id", name=op.f("uq_help_calls_event_id")),
    )
    op.create_table(
        "job_types",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("unit_en", sa.String(length=20), nullable=False),
        sa.Column("minutes_per_unit", sa.Float(), nullable=False),
        sa.Column("setup_minutes", sa.Float(), nullable=False),
        sa.Column(
            "spec",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("colour", sa.String(length=9), nullable=False),
        sa.Column("icon", sa.String(length=60), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_types")),
        sa.UniqueConstraint("key", name=op.f("uq_job_types_key")),
    )
    op.create_table(
        "machines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("location", sa.String(length=100), nullable=False),
        sa.Column("out_of_order", sa.Boolean(), nullable=False),
        sa.Column("out_of_order_reason", sa.String(length=200), nullable=False),
        sa.Column("in_use_job", sa.String(length=20), nullable=True),
        sa.Column("in_use_by", sa.String(length=16), nullable=True),
        sa.Column("units_total", sa.BigInteger(), nullable=False),
        sa.Column("runs_total", sa.Integer(), nullable=False),
        sa.Column("jams_total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_machines")),
        sa.UniqueConstraint("code", name=op.f("uq_machines_code")),
    )
    op.create_table(
        "stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.String(length=20), nullable=False),
        sa.Column("last_seen", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("name", name=op.f("uq_stations_name")),
    )
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("kana", sa.String(length=200), nullable=False),
        sa.Column("badge", sa.String(length=5), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "profile",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("pin_hash", sa.String(length=300), nullable=True),
        sa.Column("pin_failures", sa.Integer(), nullable=False),
        sa.Column("locked_until", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("station", sa.String(length=60), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
        sa.UniqueConstraint("badge", name=op.f("uq_workers_badge")),
        sa.UniqueConstraint("code", name=op.f("uq_workers_code")),
    )
    op.create_table(
        "requesters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kana", sa.String(length=200), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_requesters_department_id_departments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requesters")),
    )
    op.create_table(
        "routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("job_type_id", sa.Integer(), nullable=False),
        sa.Column(
            "weekdays",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "times",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "rota",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["job_type_id"], ["job_types.id"], name=op.f("fk_routes_job_type_id_job_types")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_routes")),
        sa.UniqueConstraint("code", name=op.f("uq_routes_code")),
    )
    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("job_type_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("prompt_level", sa.String(length=16), nullable=False),
        sa.Column("certified_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["job_type_id"],
            ["job_types.id"],
            name=op.f("fk_skills_job_type_id_job_types"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["workers.id"], name=op.f("fk_skills_worker_id_workers"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint("worker_id", "job_type_id", name=op.f("uq_skills_worker_id")),
    )
    op.create_table(
        "step_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_type_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reading", sa.Text(), nullable=False),
        sa.Column("picture", sa.String(length=200), nullable=True),
        sa.Column("icon", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("machine_type", sa.String(length=32), nullable=True),
        sa.Column("count_source", sa.String(length=32), nullable=True),
        sa.Column("expected_code", sa.String(length=40), nullable=True),
        sa.Column("min_dwell_s", sa.Float(), nullable=True),
        sa.Column("info_only", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["job_type_id"],
            ["job_types.id"],
            name=op.f("fk_step_templates_job_type_id_job_types"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_templates")),
        sa.UniqueConstraint("job_type_id", "position", name=op.f("uq_step_templates_job_type_id")),
    )
    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("job_type_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "spec_values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("due_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("reorder_of", sa.String(length=20), nullable=True),
        sa.Column("created_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_orders_department_id_departments")
        ),
        sa.ForeignKeyConstraint(["job_type_id"], ["job_types.id"], name=op.f("fk_orders_job_type_id_job_types")),
        sa.ForeignKeyConstraint(["requester_id"], ["requesters.id"], name=op.f("fk_orders_requester_id_requesters")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("code", name=op.f("uq_orders_code")),
    )
    op.create_table(
        "route_stops",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("route_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"], ["departments.id"], name=op.f("fk_route_stops_department_id_departments")
        ),
        sa.ForeignKeyConstraint(
            ["route_id"], ["routes.id"], name=op.f("fk_route_stops_route_id_routes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_route_stops")),
        sa.UniqueConstraint("route_id", "position", name=op.f("uq_route_stops_route_id")),
    )
    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("job_type_id", sa.Integer(), nullable=False),
        sa.Column("route_code", sa.String(length=16), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column(
            "spec_values",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("due_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assignee", sa.String(length=16), nullable=True),
        sa.Column("current_step", sa.Integer(), nullable=True),
        sa.Column("created_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("checked_by", sa.String(length=16), nullable=True),
        sa.Column("delivered_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("delivered_to", sa.String(length=100), nullable=True),
        sa.Column("units_done", sa.Integer(), nullable=True),
        sa.Column("spoiled", sa.Integer(), nullable=True),
        sa.Column("machine_in_use", sa.String(length=8), nullable=True),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["job_type_id"], ["job_types.id"], name=op.f("fk_jobs_job_type_id_job_types")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_jobs_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jobs")),
        sa.UniqueConstraint("code", name=op.f("uq_jobs_code")),
    )
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_assignee"), ["assignee"], unique=False)
        batch_op.create_index(batch_op.f("ix_jobs_status"), ["status"], unique=False)
        batch_op.create_index("ix_jobs_status_assignee", ["status", "assignee"], unique=False)

    op.create_table(
        "job_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reading", sa.Text(), nullable=False),
        sa.Column("picture", sa.String(length=200), nullable=True),
        sa.Column("icon", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("machine_type", sa.String(length=32), nullable=True),
        sa.Column("target", sa.Integer(), nullable=True),
        sa.Column("expected_code", sa.String(length=40), nullable=True),
        sa.Column("min_dwell_s", sa.Float(), nullable=True),
        sa.Column("info_only", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("done_at", flat_desktop.db.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.String(length=16), nullable=True),
        sa.Column("count_done", sa.Integer(), nullable=True),
        sa.Column("machine", sa.String(length=8), nullable=True),
        sa.Column("prompt_level", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(["job_id"], ["jobs.id"], name=op.f("fk_job_steps_job_id_jobs"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_steps")),
        sa.UniqueConstraint("job_id", "position", name=op.f("uq_job_steps_job_id")),
    )


def downgrade() -> None:

    op.drop_table("job_steps")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_assignee")
        batch_op.drop_index(batch_op.f("ix_jobs_status"))
        batch_op.drop_index(batch_op.f("ix_jobs_assignee"))

    op.drop_table("jobs")
    op.drop_table("route_stops")
    op.drop_table("orders")
    op.drop_table("step_templates")
    op.drop_table("skills")
    op.drop_table("routes")
    op.drop_table("requesters")
    op.drop_table("workers")
    op.drop_table("stations")
    op.drop_table("machines")
    op.drop_table("job_types")
    op.drop_table("help_calls")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_worker"))
        batch_op.drop_index("ix_events_type_at")
        batch_op.drop_index("ix_events_job_at")
        batch_op.drop_index(batch_op.f("ix_events_at"))

    op.drop_table("events")
    op.drop_table("departments")
    op.drop_table("counters")
