"""indexes that keep every screen's read flat in the size of the history

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 05:30:00

- events (worker, type, step, at, seq): a worker's last ``step_done`` of a step, newest first,
  without reading the worker's other events (usual step time, the stuck clock);
- jobs (status, finished_at) and (status, delivered_at): the board's bounded Finished and
  Delivered lanes (today's, or the last few) without reading years of finished jobs;
- orders (created_at, id): the newest orders first for the order history;
- help_calls (answered_at, called_at): the open calls without reading every answered one.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_worker_type_step_at", ["worker", "type", "step", "at", "seq"], unique=False)
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index("ix_jobs_status_finished_at", ["status", "finished_at"], unique=False)
        batch_op.create_index("ix_jobs_status_delivered_at", ["status", "delivered_at"], unique=False)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_created_at_id", ["created_at", "id"], unique=False)
    with op.batch_alter_table("help_calls", schema=None) as batch_op:
        batch_op.create_index("ix_help_calls_answered_at_called_at", ["answered_at", "called_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("help_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_help_calls_answered_at_called_at")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_created_at_id")
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_status_delivered_at")
        batch_op.drop_index("ix_jobs_status_finished_at")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_worker_type_step_at")
